package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"truce/internal/incidents"
)

// TestFullListingFromIndexAsSQL checks on every engine that full pages
// answered from the window index's newest-first order equal those of the
// SQL path, for each test viewer (the public, members, parties outside
// every audience), paging on with cursors; and that the index answered
// them (the SQL path is not what is compared with itself).
func TestFullListingFromIndexAsSQL(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		d := open(t)
		fillIndexFixture(t, d, 600, 5)
		if err := d.LoadIncidentIndex(ctx); err != nil {
			t.Fatal(err)
		}
		s := incidentsStore{d}
		filters := []incidents.Filter{
			{Limit: 50},
			{Limit: 20, Categories: []incidents.Category{incidents.Categories[0], incidents.Categories[2]}},
			{Limit: 30, Statuses: []incidents.Status{incidents.StatusReported}},
			{Limit: 25, Party: "us"},
			{Limit: 10, Perpetrator: "unknown"},
		}
		for _, viewer := range indexViewers {
			for _, f := range filters {
				for page := 0; page < 4; page++ {
					g := f
					fromIndex, ok, err := d.listNewest(ctx, &g, viewer)
					if err != nil || !ok {
						t.Fatalf("index did not answer %+v: %v, %v", f, ok, err)
					}
					gen, err := d.reads.fresh(ctx, d)
					if err != nil {
						t.Fatal(err)
					}
					got, err := s.completeListed(ctx, gen, fromIndex)
					if err != nil {
						t.Fatal(err)
					}
					want, err := s.searchFullSQL(ctx, gen, &g, viewer)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("viewer %q, filter %+v, page %d: index %d rows, SQL %d", viewer, f, page, len(got), len(want))
					}
					if len(got) < f.Limit {
						break
					}
					last := got[len(got)-1]
					f.After = &incidents.Cursor{T0: last.T0, N: last.N}
				}
			}
		}
		// Past the cursor of the oldest incident nothing is left.
		old := incidents.Filter{Limit: 5, After: &incidents.Cursor{T0: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), N: 1}}
		if rows, ok, err := d.listNewest(ctx, &old, "us"); err != nil || !ok || len(rows) != 0 {
			t.Fatalf("before every incident: %d rows, %v, %v", len(rows), ok, err)
		}
	})
}

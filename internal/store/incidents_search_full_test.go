package store

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
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

// TestFullListingConcurrent reports and assesses incidents while other
// goroutines page through full listings (run it with -race): no listing
// fails, and at the end the index's order answers as SQL does, with the
// last assessment shown.
func TestFullListingConcurrent(t *testing.T) {
	d := openTemp(t)
	ctx := context.Background()
	if err := d.LoadIncidentIndex(ctx); err != nil {
		t.Fatal(err)
	}
	_, seq := openSequencer(t, d)
	start := time.Date(2016, 7, 20, 10, 0, 0, 0, time.UTC)
	green := access.Releasability{TLP: access.TLPGreen}
	stop := make(chan struct{})
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			for {
				select {
				case <-stop:
					errs <- nil
					return
				default:
				}
				f := incidents.Filter{Limit: 7}
				if _, err := d.Incidents().Search(ctx, &f, "us"); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for k := range 15 {
		id := fmt.Sprintf("inc_f%02d", k)
		if _, err := seq.Append(ctx, reportedChange(id, orb.Point{37 + float64(k)/20, 34}, start.Add(time.Duration(k)*time.Hour), "us", green)); err != nil {
			t.Fatal(err)
		}
		if k%3 == 2 {
			if _, err := seq.Append(ctx, assessedChange(id)); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	f := incidents.Filter{Limit: 20}
	got, err := d.Incidents().Search(ctx, &f, "us")
	if err != nil {
		t.Fatal(err)
	}
	gen, err := d.reads.fresh(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	want, err := incidentsStore{d}.searchFullSQL(ctx, gen, &f, "us")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || len(got) != 15 {
		t.Fatalf("index order %d rows, SQL %d", len(got), len(want))
	}
	if in := find(got, "inc_f14"); in == nil || in.Status != incidents.StatusUnderReview || len(in.Assessments) != 1 {
		t.Fatalf("inc_f14 listed as %+v", in)
	}
}

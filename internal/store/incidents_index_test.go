package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/testseed"
)

// indexViewers are the principals of the index tests: members of the
// audiences, a member party in no audience, and the public, which must
// see CLEAR records only.
var indexViewers = []string{"", "us", "ru", "un", "sy"}

// fillIndexFixture writes n random incidents (fillIncidents), a few wide
// ones (polygons over many cells, spans of weeks) and a mix of statuses,
// rounds and duplicate links, straight into the tables.
func fillIndexFixture(t testing.TB, d *DB, n int, seed uint64) {
	fillIncidents(t, d, n, seed)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 99))
	for k := range 40 {
		x, y, side := 36+rng.Float64()*4, 33+rng.Float64()*4, []float64{0.01, 0.6, 3}[k%3]
		ring := orb.Ring{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}
		loc, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][]orb.Point{ring}})
		start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(360*24)) * time.Hour)
		ts := incidents.TimeSpan{Start: start.Format(time.RFC3339), Precision: "day"}
		if k%2 == 0 {
			ts.End = start.Add(time.Duration(1+rng.IntN(80)) * 24 * time.Hour).Format(time.RFC3339)
		}
		tlp := []string{"CLEAR", "GREEN", "AMBER", "RED"}[rng.IntN(4)]
		var aud []string
		if tlp == "AMBER" || tlp == "RED" {
			aud = []string{"un", "us"}
		}
		r := &incidents.Report{ID: fmt.Sprintf("wide_%03d", k), Key: fmt.Sprintf("w%d", k), ExternalID: fmt.Sprintf("x-%d", k),
			Category: incidents.Categories[rng.IntN(len(incidents.Categories))], Time: ts, Location: loc, LocationPrecision: "district",
			PlaceName: "Somewhere", PlaceID: 1000 + k, Perpetrator: incidents.Perpetrator{Kind: "group", Group: "g"}}
		if _, err := insertIncident(ctx, d.SQL, &IncidentRow{N: int64(10_000_000 + k), Report: r, Party: "un", Author: "un-monitor",
			ReportedAt: "2016-12-31T00:00:00Z", TLP: tlp, Audience: aud, Seq: int64(10_000_000 + k)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		`UPDATE incidents SET status = 'confirmed', round = 1 WHERE n % 7 = 1`,
		`UPDATE incidents SET status = 'disputed' WHERE n % 7 = 2`,
		`UPDATE incidents SET status = 'under_review', duplicate_of = 'inc_0000001' WHERE n % 11 = 3`,
	} {
		if _, err := d.SQL.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

// indexFilter returns a random window filter: randomFilter without text
// or zone, brief, with more statuses.
func indexFilter(rng *rand.Rand) incidents.Filter {
	f := randomFilter(rng)
	f.Text, f.Zone, f.Brief = "", "", true
	if f.BBox == nil && f.From == nil {
		from := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(360*24)) * time.Hour)
		f.From = &from
		if rng.IntN(2) == 0 {
			to := from.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
			f.To = &to
		}
	}
	if rng.IntN(5) == 0 {
		f.Statuses = []incidents.Status{incidents.StatusConfirmed, incidents.StatusUnderReview}
	}
	if rng.IntN(8) == 0 {
		f.Perpetrator = "group:g"
	}
	return f
}

// pages lists f page by page with search, following cursors.
func pages(t testing.TB, f incidents.Filter, limit int, search func(*incidents.Filter) []incidents.Incident) []incidents.Incident {
	t.Helper()
	f.Limit = limit
	var all []incidents.Incident
	for {
		rows := search(&f)
		all = append(all, rows...)
		if len(rows) < f.Limit {
			return all
		}
		last := rows[len(rows)-1]
		f.After = &incidents.Cursor{T0: last.T0, N: last.N}
	}
}

// TestIncidentIndexMatchesSQL compares the in-memory index with the SQL
// path, field by field and page by page, on random data, random window
// filters and several principals (one of which, the public, must see
// CLEAR records only).
func TestIncidentIndexMatchesSQL(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		d := open(t)
		seed := *querySeed
		if seed == 0 {
			seed = testseed.Seed(t)
		}
		t.Logf("seed %d (rerun with -query-seed=%d)", seed, seed)
		fillIndexFixture(t, d, 2000, seed)
		ctx := context.Background()
		if err := d.LoadIncidentIndex(ctx); err != nil {
			t.Fatal(err)
		}
		if st := d.IncidentIndexStats(); !st.Ready || st.Incidents != 2040 || st.Wide == 0 {
			t.Fatalf("index stats %+v", st)
		}
		s := incidentsStore{d}
		rng := rand.New(rand.NewPCG(seed, 8))
		nonEmpty, declined := 0, 0
		for round := range 150 {
			f := indexFilter(rng)
			viewer := indexViewers[rng.IntN(len(indexViewers))]
			limit := 1 + rng.IntN(300)
			want := pages(t, f, limit, func(f *incidents.Filter) []incidents.Incident {
				rows, err := s.searchSQL(ctx, f, viewer)
				if err != nil {
					t.Fatal(err)
				}
				return rows
			})
			f.Limit = limit
			if _, ok, err := d.searchIndexed(ctx, &f, viewer); err != nil {
				t.Fatal(err)
			} else if !ok {
				// Only windows over too many cells are declined.
				q, _ := d.incidentIdx.grid.Compile(&f, viewer)
				if p := d.incidentIdx.grid.Explain(q); !p.Declined {
					t.Fatalf("round %d: index declined %+v, a probe of %d cells", round, f, p.Cells)
				}
				declined++
				continue
			}
			got := pages(t, f, limit, func(f *incidents.Filter) []incidents.Incident {
				rows, ok, err := d.searchIndexed(ctx, f, viewer)
				if err != nil || !ok {
					t.Fatalf("round %d: index did not answer %+v: ok %v, %v", round, f, ok, err)
				}
				return rows
			})
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round %d, filter %+v, viewer %q: index %d rows %v\nSQL %d rows %v", round, f, viewer, len(got), ids(got), len(want), ids(want))
			}
			for _, in := range got {
				if !in.Release.VisibleTo(viewer) || (viewer == "" && in.Release.TLP != access.TLPClear) {
					t.Fatalf("round %d: %s (%v) listed to %q", round, in.ID, in.Release, viewer)
				}
			}
			if len(got) > 0 {
				nonEmpty++
			}
		}
		t.Logf("%d of 150 filters matched something, %d were declined as too wide", nonEmpty, declined)
		if nonEmpty < 50 || declined > 40 {
			t.Fatalf("only %d of 150 filters matched anything, %d were declined", nonEmpty, declined)
		}
	})
}

// TestIncidentIndexDeclines checks that the index leaves to SQL what it
// does not answer: full listings, text, zones and windows too wide.
func TestIncidentIndexDeclines(t *testing.T) {
	d := openTemp(t)
	fillIndexFixture(t, d, 200, 5)
	ctx := context.Background()
	if err := d.LoadIncidentIndex(ctx); err != nil {
		t.Fatal(err)
	}
	from := time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC)
	to := from.Add(7 * 24 * time.Hour)
	box := &orb.Bound{Min: orb.Point{36, 33}, Max: orb.Point{37, 34}}
	for _, tc := range []struct {
		name string
		f    incidents.Filter
		ok   bool
	}{
		{"window", incidents.Filter{BBox: box, From: &from, To: &to, Brief: true, Limit: 10}, true},
		{"full listing", incidents.Filter{BBox: box, From: &from, To: &to, Limit: 10}, false},
		{"no window", incidents.Filter{Brief: true, Limit: 10}, false},
		{"text", incidents.Filter{BBox: box, Text: "word7", Brief: true, Limit: 10}, false},
		{"zone", incidents.Filter{BBox: box, Zone: "z1", Brief: true, Limit: 10}, false},
		{"no limit", incidents.Filter{BBox: box, Brief: true}, false},
		{"whole world, all time", incidents.Filter{BBox: &orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}, Brief: true, Limit: 10}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ok, err := d.searchIndexed(ctx, &tc.f, "us")
			if err != nil || ok != tc.ok {
				t.Fatalf("answered %v (%v), want %v", ok, err, tc.ok)
			}
		})
	}
}

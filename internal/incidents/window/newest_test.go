package window

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/testseed"
)

// TestNewestMatchesScan checks Newest against the brute-force scan on
// random pages (category or status or none, with or without a cursor, as
// several viewers), with rows put before the order was built, after it
// (kept apart, then merged), and replaced with another start time. It
// prints its seed.
func TestNewestMatchesScan(t *testing.T) {
	seed := testseed.Seed(t)
	rng := rand.New(rand.NewPCG(seed, seed))
	rels := []access.Releasability{{TLP: access.TLPClear}, {TLP: access.TLPGreen}, {TLP: access.TLPAmber, Audience: []string{"un", "us"}}}
	g := New(0)
	put := func(k int) {
		in, lon, lat := gridIncident(k, rels[rng.IntN(len(rels))])
		if rng.IntN(5) == 0 { // another start time: the row moves in the order
			in.T0 -= int64(rng.IntN(86400 * 30))
		}
		g.Put(in, lon, lat, lon, lat)
	}
	check := func(stage string) {
		t.Helper()
		for range 60 {
			f := &incidents.Filter{Brief: true, Limit: 1 + rng.IntN(120)}
			switch rng.IntN(3) {
			case 0:
				f.Categories = []incidents.Category{incidents.Categories[rng.IntN(len(incidents.Categories))]}
			case 1:
				f.Statuses = []incidents.Status{incidents.StatusReported}
			}
			if rng.IntN(2) == 0 {
				f.After = &incidents.Cursor{T0: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + rng.Int64N(300*86400), N: rng.Int64N(12000)}
			}
			viewer := []string{"", "un", "ru"}[rng.IntN(3)]
			q, ok := g.Compile(f, viewer)
			if !ok {
				continue
			}
			got, ok := g.Newest(q, 1<<30)
			if !ok {
				t.Fatalf("%s: Newest declined", stage)
			}
			if want := g.ScanAll(q); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: filter %+v as %q: Newest %d rows, scan %d", stage, *f, viewer, len(got), len(want))
			}
		}
	}
	for k := range 3000 {
		put(k)
	}
	if q, _ := g.Compile(&incidents.Filter{Brief: true, Limit: 10}, "un"); q != nil {
		if _, ok := g.Newest(q, 1<<30); ok {
			t.Fatal("Newest answered before the order was built")
		}
	}
	g.BuildOrder()
	check("built")
	for k := 3000; k < 3000+orderMerge/2; k++ {
		put(k)
	}
	for range 500 {
		put(rng.IntN(3000)) // replaced
	}
	check("recent rows apart")
	for k := 3000 + orderMerge/2; k < 3000+2*orderMerge; k++ {
		put(k)
	}
	check("merged")
	q, _ := g.Compile(&incidents.Filter{Brief: true, Limit: 100, Party: "un"}, "ru")
	if _, ok := g.Newest(q, 10); ok {
		t.Fatal("Newest scanned past maxScan")
	}
}

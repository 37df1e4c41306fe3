package quality_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/geo"
	"truce/internal/notify/quality"
)

// randomSites returns n sites spread over Syria's bounding box, seeded.
func randomSites(n int, seed uint64) []quality.Site {
	r := rand.New(rand.NewPCG(seed, 0))
	out := make([]quality.Site, n)
	for i := range out {
		out[i] = quality.Site{ID: fmt.Sprintf("site_%06d", i), Point: orb.Point{35.7 + r.Float64()*6.7, 32.3 + r.Float64()*5},
			Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "us"}}}
	}
	return out
}

// naiveNear is the baseline duplicate search: every site, one by one.
func naiveNear(sites []quality.Site, p orb.Point, m float64) []quality.Site {
	var out []quality.Site
	for _, s := range sites {
		if geo.Distance(p, s.Point) <= m {
			out = append(out, s)
		}
	}
	return out
}

// TestNearMatchesNaive checks the indexed duplicate search against the
// naive one on random sites (the seed is printed).
func TestNearMatchesNaive(t *testing.T) {
	seed := rand.Uint64()
	t.Logf("seed %d", seed)
	list := randomSites(20_000, seed)
	ix := quality.NewSites(list)
	r := rand.New(rand.NewPCG(seed, 1))
	for range 500 {
		p := orb.Point{35.7 + r.Float64()*6.7, 32.3 + r.Float64()*5}
		m := 500 + r.Float64()*5000
		got, want := ix.Near(p, m), naiveNear(list, p, m)
		if len(got) != len(want) {
			t.Fatalf("seed %d: near %v within %.0f m: %d sites, naive %d", seed, p, m, len(got), len(want))
		}
	}
}

// BenchmarkCheckSite checks one submission (land, duplicates, names)
// against 100,000 notified sites: indexed, and the naive baseline that
// scans every site for duplicates, in the same run.
func BenchmarkCheckSite(b *testing.B) {
	c := checker()
	list := randomSites(100_000, 1)
	ix := quality.NewSites(list)
	names := map[string]string{"en": "Tadmur field hospital", "ar": "مستشفى تدمر"}
	r := rand.New(rand.NewPCG(2, 0))
	points := make([]orb.Point, 1024)
	for i := range points {
		points[i] = orb.Point{36 + r.Float64()*3, 33 + r.Float64()*3}
	}
	// The service skips the sites the submitter may not see.
	unseen := func(d quality.Site) bool { return !d.Release.VisibleTo("un") }
	b.Run("indexed", func(b *testing.B) {
		i := 0
		for b.Loop() {
			c.CheckSite(points[i%len(points)], names, ix, unseen)
			i++
		}
	})
	b.Run("naive", func(b *testing.B) {
		nc := &quality.Checker{Land: c.Land, Names: c.Names}
		i := 0
		for b.Loop() {
			p := points[i%len(points)]
			nc.CheckSite(p, names, nil, nil)
			naiveNear(list, p, quality.DefaultDuplicateM)
			i++
		}
	})
}

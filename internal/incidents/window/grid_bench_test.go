package window

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/incidents"
)

// benchGrid returns a grid of n synthetic rows spread over 4° × 4° and
// 2016, a third of them TLP:AMBER for "un" and "us".
func benchGrid(n int) *Grid {
	rng := rand.New(rand.NewPCG(1, 1))
	g := New(n)
	amber := access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "us"}}
	for k := range n {
		rel := access.Releasability{TLP: access.TLPClear}
		if k%3 == 0 {
			rel = amber
		}
		in, _, _ := gridIncident(k, rel)
		lon, lat := 36+rng.Float64()*4, 33+rng.Float64()*4
		in.T0 = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + rng.Int64N(365*86400)
		in.T1 = in.T0
		g.Put(in, lon, lat, lon, lat)
	}
	return g
}

// BenchmarkGridSearch answers random 0.5° × 7-day windows, brief, 100 rows,
// from a grid of 200,000 rows, without the store: the index alone, next to
// the brute-force scan.
func BenchmarkGridSearch(b *testing.B) {
	g := benchGrid(200_000)
	rng := rand.New(rand.NewPCG(2, 2))
	windows := make([]incidents.Filter, 256)
	for k := range windows {
		x, y := 36+rng.Float64()*3.5, 33+rng.Float64()*3.5
		from := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(358*24)) * time.Hour)
		to := from.Add(7 * 24 * time.Hour)
		windows[k] = incidents.Filter{BBox: &orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + 0.5, y + 0.5}}, From: &from, To: &to, Brief: true, Limit: 100}
	}
	for _, v := range []struct {
		name string
		run  func(*Query) []incidents.Incident
	}{
		{"index", func(q *Query) []incidents.Incident { out, _ := g.Search(q); return out }},
		{"scan", g.ScanAll},
	} {
		b.Run(v.name, func(b *testing.B) {
			k := 0
			for b.Loop() {
				f := &windows[k%len(windows)]
				k++
				q, ok := g.Compile(f, "us")
				if !ok {
					b.Fatal("nothing visible")
				}
				if len(v.run(q)) == 0 {
					b.Fatalf("window %+v: no rows", f)
				}
			}
		})
	}
}

package monitoring

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// BenchmarkCoverage computes a week's map of 200 random patrols (3–5
// legs of up to 10 km, sight 0.5–4 km) and 100 restrictions on a grid of
// 0.01° over a 1°×1° region, beside the brute-force oracle over every
// cell of the region in the same run.
func BenchmarkCoverage(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var tracks []Track
	for i := range 200 {
		route := orb.LineString{{36 + r.Float64(), 35.5 + r.Float64()}}
		for range 3 + r.IntN(3) {
			last := route[len(route)-1]
			route = append(route, orb.Point{last[0] + (r.Float64()-0.5)*0.1, last[1] + (r.Float64()-0.5)*0.1})
		}
		start := t0.Add(time.Duration(r.IntN(7*24)) * time.Hour)
		tracks = append(tracks, Track{ID: string(rune(0x100 + i)), Route: route, SightM: 500 + r.Float64()*3500, Start: start, End: start.Add(4 * time.Hour)})
	}
	var blocks []Blocked
	for i := range 100 {
		tr := tracks[r.IntN(len(tracks))]
		blocks = append(blocks, Blocked{ID: string(rune(0x1000 + i)), PatrolID: tr.ID, ControlledBy: "ru", At: tr.Route[1], RadiusM: 2000})
	}
	from, to := t0, t0.Add(8*24*time.Hour)
	region := orb.Bound{Min: orb.Point{35.8, 35.3}, Max: orb.Point{37.2, 36.7}}
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			if _, err := Coverage(tracks, blocks, from, to, 0.01); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("brute-force", func(b *testing.B) {
		for b.Loop() {
			bruteCoverage(tracks, blocks, from, to, 0.01, region)
		}
	})
}

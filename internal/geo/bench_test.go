package geo

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// polygonJSON returns a border-like polygon of n vertices: a wavy circle
// of radius ~1° with small random wiggles, like a digitised boundary.
func polygonJSON(b *testing.B, n int) json.RawMessage {
	rng := rand.New(rand.NewPCG(1, 2))
	ring := make(orb.Ring, 0, n+1)
	for i := 0; i < n; i++ {
		a := 2 * math.Pi * float64(i) / float64(n)
		r := 1 + 0.2*math.Sin(5*a) + 0.002*rng.Float64()
		ring = append(ring, orb.Point{36 + r*math.Cos(a), 33 + r*math.Sin(a)})
	}
	ring = append(ring, ring[0])
	raw, err := json.Marshal(map[string]any{"type": "Polygon", "coordinates": orb.Polygon{ring}})
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

// BenchmarkDecodePolygon10k decodes and validates a 10,000-vertex polygon.
func BenchmarkDecodePolygon10k(b *testing.B) {
	raw := polygonJSON(b, 10_000)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Decode(raw, KindPolygonal, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodePolygon100k decodes and validates a polygon at the default
// vertex limit.
func BenchmarkDecodePolygon100k(b *testing.B) {
	raw := polygonJSON(b, 99_999)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Decode(raw, KindPolygonal, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// zoneBench is 1,000 zones of ~200 vertices and query points over them.
func zoneBench() ([]Item[int], []orb.Point) {
	rng := rand.New(rand.NewPCG(3, 4))
	items := zoneItems(rng, 1000, 200)
	qs := make([]orb.Point, 1024)
	for i := range qs {
		qs[i] = orb.Point{34 + 6*rng.Float64(), 30 + 6*rng.Float64()}
	}
	return items, qs
}

// BenchmarkIndexContaining attributes one incident point to 1,000 zones
// through the index, as zones.Attributor does: candidates by bounding box,
// then the exact test.
func BenchmarkIndexContaining(b *testing.B) {
	items, qs := zoneBench()
	ix := NewIndex(items)
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		var ids []int
		for _, id := range ix.Candidates(orb.Bound{Min: q, Max: q}) {
			if PointInPolygon(q, items[id].Geometry.(orb.Polygon)) {
				ids = append(ids, id)
			}
		}
		_ = ids
		i++
	}
}

// BenchmarkLinearContaining is the baseline: test every zone's bounding box
// and then the polygon.
func BenchmarkLinearContaining(b *testing.B) {
	items, qs := zoneBench()
	bounds := make([]orb.Bound, len(items))
	for k, it := range items {
		bounds[k] = it.Geometry.Bound()
	}
	i := 0
	for b.Loop() {
		q := qs[i%len(qs)]
		var ids []int
		for k, it := range items {
			if bounds[k].Contains(q) && PointInPolygon(q, it.Geometry.(orb.Polygon)) {
				ids = append(ids, it.ID)
			}
		}
		_ = ids
		i++
	}
}

// BenchmarkIndexIntersectingPolygon attributes a small incident polygon.
func BenchmarkIndexIntersectingPolygon(b *testing.B) {
	items, qs := zoneBench()
	ix := NewIndex(items)
	rng := rand.New(rand.NewPCG(5, 6))
	polys := make([]orb.Polygon, len(qs))
	for k, q := range qs {
		polys[k] = starPolygon(rng, q, 0.02, 16, false)
	}
	i := 0
	for b.Loop() {
		g := polys[i%len(polys)]
		var ids []int
		for _, id := range ix.Candidates(g.Bound()) {
			if Intersects(items[id].Geometry, g) {
				ids = append(ids, id)
			}
		}
		_ = ids
		i++
	}
}

// BenchmarkNewIndex builds the index over 1,000 zones.
func BenchmarkNewIndex(b *testing.B) {
	items, _ := zoneBench()
	for b.Loop() {
		_ = NewIndex(items)
	}
}

func BenchmarkDistance(b *testing.B) {
	p, q := orb.Point{35.2, 31.8}, orb.Point{36.3, 33.5}
	for b.Loop() {
		_ = Distance(p, q)
	}
}

func BenchmarkDistanceToLineString100(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	ls := make(orb.LineString, 100)
	for i := range ls {
		ls[i] = orb.Point{35 + float64(i)*0.01, 33 + 0.1*rng.Float64()}
	}
	p := orb.Point{35.5, 33.3}
	for b.Loop() {
		_ = DistanceToLineString(p, ls)
	}
}

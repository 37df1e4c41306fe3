package geo

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestNoderMatchesBruteForce checks that the subdivision search reports
// exactly the intersecting pairs an all-pairs search finds, on segments
// snapped to a coarse grid so that touches and overlaps are common.
func TestNoderMatchesBruteForce(t *testing.T) {
	rng := newRand(t)
	for round := 0; round < 100; round++ {
		n := 2 + rng.IntN(200)
		grid := float64(2 + rng.IntN(40))
		segs := make([]seg, 0, n)
		for len(segs) < n {
			a := orb.Point{float64(rng.IntN(int(grid))), float64(rng.IntN(int(grid)))}
			b := orb.Point{float64(rng.IntN(int(grid))), float64(rng.IntN(int(grid)))}
			if rng.IntN(3) == 0 { // a long edge
				b = orb.Point{grid - 1 - a[0], grid - 1 - a[1]}
			}
			if a != b {
				segs = append(segs, seg{a: a, b: b})
			}
		}
		type pair struct {
			i, j int32
			k    xkind
		}
		want := map[pair]bool{}
		for i := range segs {
			for j := i + 1; j < len(segs); j++ {
				if k, _ := intersect(segs[i].a, segs[i].b, segs[j].a, segs[j].b); k != xNone {
					want[pair{int32(i), int32(j), k}] = true
				}
			}
		}
		got := map[pair]bool{}
		err := findIntersections(segs, 1<<40, nil, func(i, j int32, k xkind, _ orb.Point) error {
			if i >= j {
				t.Fatalf("pair not ordered: %d %d", i, j)
			}
			got[pair{i, j, k}] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("round %d: %d pairs, brute force %d", round, len(got), len(want))
		}
		for p := range want {
			if !got[p] {
				t.Fatalf("round %d: missed pair %v", round, p)
			}
		}
	}
}

// bruteSimple reports whether a closed ring (no consecutive duplicates) is
// simple, by testing every pair of edges.
func bruteSimple(r orb.Ring) bool {
	m := len(r) - 1
	for i := 0; i < m; i++ {
		for j := i + 1; j < m; j++ {
			k, p := intersect(r[i], r[i+1], r[j], r[j+1])
			adjacent := j == i+1 || (i == 0 && j == m-1)
			switch {
			case k == xNone:
			case adjacent && k == xTouch && (p == r[j] && j == i+1 || p == r[i] && i == 0 && j == m-1):
			default:
				return false
			}
		}
	}
	return true
}

// TestRandomRingsAgainstBruteForce decodes random small rings on a grid and
// checks that exactly the simple ones are accepted and wound CCW.
func TestRandomRingsAgainstBruteForce(t *testing.T) {
	rng := newRand(t)
	accepted := 0
	for round := 0; round < 3000; round++ {
		n := 3 + rng.IntN(6)
		r := orb.Ring{}
		for len(r) < n {
			p := orb.Point{float64(rng.IntN(5)), float64(rng.IntN(5))}
			if len(r) == 0 || r[len(r)-1] != p {
				r = append(r, p)
			}
		}
		if r[0] == r[len(r)-1] {
			continue
		}
		r = append(r, r[0])
		raw, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][2]float64{toArr(r)}})
		g, err := Decode(raw, KindPolygon, Limits{})
		want := bruteSimple(r)
		if (err == nil) != want {
			t.Fatalf("ring %v: Decode error %v, brute-force simple %v", r, err, want)
		}
		if err == nil {
			accepted++
			if a := signedArea(g.(orb.Polygon)[0]); a <= 0 {
				t.Fatalf("ring %v: normalised area %v, want > 0", r, a)
			}
		}
	}
	t.Logf("%d simple rings accepted", accepted)
}

func toArr(r orb.Ring) [][2]float64 {
	out := make([][2]float64, len(r))
	for i, p := range r {
		out[i] = p
	}
	return out
}

// TestStarPolygonsRoundTrip decodes valid random polygons (sent with either
// winding) and checks winding, and that encoding and decoding again is the
// identity.
func TestStarPolygonsRoundTrip(t *testing.T) {
	rng := newRand(t)
	for round := 0; round < 100; round++ {
		p := starPolygon(rng, orb.Point{36, 33}, 1, 3+rng.IntN(200), rng.IntN(2) == 0)
		if rng.IntN(2) == 0 {
			p[0].Reverse()
		}
		raw, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": p})
		g, err := Decode(raw, KindPolygonal, Limits{})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		q := g.(orb.Polygon)
		if signedArea(q[0]) <= 0 {
			t.Fatalf("round %d: shell not CCW", round)
		}
		for _, h := range q[1:] {
			if signedArea(h) >= 0 {
				t.Fatalf("round %d: hole not CW", round)
			}
		}
		raw2, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": q})
		g2, err := Decode(raw2, KindPolygonal, Limits{})
		if err != nil || fmt.Sprint(g2) != fmt.Sprint(q) {
			t.Fatalf("round %d: second decode differs (%v)", round, err)
		}
	}
}

// TestPointInPolygonAgainstOrb compares PointInPolygon with orb's planar
// test away from boundaries.
func TestPointInPolygonAgainstOrb(t *testing.T) {
	rng := newRand(t)
	for round := 0; round < 50; round++ {
		p := starPolygon(rng, orb.Point{36, 33}, 1, 8+rng.IntN(60), true)
		for k := 0; k < 200; k++ {
			q := orb.Point{35 + 2*rng.Float64(), 32 + 2*rng.Float64()}
			if locate(q, p[0]) == 0 || locate(q, p[1]) == 0 {
				continue
			}
			if got, want := PointInPolygon(q, p), planar.PolygonContains(p, q); got != want {
				t.Fatalf("round %d: %v in polygon = %v, orb says %v", round, q, got, want)
			}
		}
	}
}

// TestIndexMatchesLinearScan checks Index queries against testing every
// item.
func TestIndexMatchesLinearScan(t *testing.T) {
	rng := newRand(t)
	items := zoneItems(rng, 300, 40)
	ix := NewIndex(items)
	if ix.Len() != len(items) {
		t.Fatalf("Len %d", ix.Len())
	}
	for k := 0; k < 500; k++ {
		q := orb.Point{34 + 6*rng.Float64(), 30 + 6*rng.Float64()}
		b := orb.Bound{Min: q, Max: q}
		if k%2 == 0 {
			b = starPolygon(rng, q, 0.1, 12, false).Bound()
		}
		var want []int
		for _, it := range items {
			if it.Geometry.Bound().Intersects(b) {
				want = append(want, it.ID)
			}
		}
		if got := ix.Candidates(b); !slices.Equal(got, want) {
			t.Fatalf("Candidates(%v) = %v, want %v", b, got, want)
		}
	}
}

// zoneItems returns n random star-shaped zones of about v vertices over a
// 6° × 6° area of the Levant.
func zoneItems(rng *rand.Rand, n, v int) []Item[int] {
	items := make([]Item[int], n)
	for i := range items {
		c := orb.Point{34 + 6*rng.Float64(), 30 + 6*rng.Float64()}
		items[i] = Item[int]{ID: i, Geometry: starPolygon(rng, c, 0.05+0.3*rng.Float64(), v, rng.IntN(3) == 0)}
	}
	return items
}

func TestTooComplexIsBounded(t *testing.T) {
	// Many long, nearly parallel edges: a zig-zag of 20,000 vertices.
	r := orb.Ring{}
	for i := 0; i < 10_000; i++ {
		y := float64(i) * 1e-4
		if i%2 == 0 {
			r = append(r, orb.Point{30, y}, orb.Point{40, y})
		} else {
			r = append(r, orb.Point{40, y}, orb.Point{30, y})
		}
	}
	r = append(r, orb.Point{20, 1}, r[0])
	_, err := Validate(orb.Polygon{r}, KindPolygon, Limits{})
	var ve *ValidationError
	if err != nil && (!errors.As(err, &ve) || ve.Code != CodeTooComplex) {
		t.Fatalf("got %v, want nil or too_complex", err)
	}
	t.Logf("zig-zag: %v", err)
}

package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// levant is a random point in a box around the region of interest.
func levant(rng interface{ Float64() float64 }) orb.Point {
	return orb.Point{30 + 20*rng.Float64(), 25 + 15*rng.Float64()}
}

func TestDistanceAgainstVincenty(t *testing.T) {
	rng := newRand(t)
	worst := 0.0
	for i := 0; i < 5000; i++ {
		a, b := levant(rng), levant(rng)
		want := vincenty(a, b)
		if want < 1000 {
			continue
		}
		rel := math.Abs(Distance(a, b)-want) / want
		worst = math.Max(worst, rel)
		if rel > 1e-4 {
			t.Fatalf("Distance(%v, %v) = %v, Vincenty %v", a, b, Distance(a, b), want)
		}
	}
	t.Logf("worst relative error %.2g", worst)
	if Distance(orb.Point{35, 33}, orb.Point{35, 33}) != 0 {
		t.Error("distance to self is not 0")
	}
}

func TestDistanceToLineStringAgainstSampling(t *testing.T) {
	rng := newRand(t)
	for i := 0; i < 60; i++ {
		p := levant(rng)
		ls := orb.LineString{levant(rng), levant(rng), levant(rng)}
		got := DistanceToLineString(p, ls)
		want := math.Inf(1)
		for s := 0; s+1 < len(ls); s++ {
			for k := 0; k <= 4000; k++ {
				want = math.Min(want, Distance(p, lerp(ls[s], ls[s+1], float64(k)/4000)))
			}
		}
		if math.Abs(got-want) > 0.001*want+1 {
			t.Fatalf("DistanceToLineString = %v, sampled minimum %v", got, want)
		}
	}
}

func TestDistanceToGeometry(t *testing.T) {
	sqp := orb.Polygon{{{35, 33}, {36, 33}, {36, 34}, {35, 34}, {35, 33}}}
	cases := []struct {
		name string
		p    orb.Point
		g    orb.Geometry
		want float64 // metres, ±0.5%
	}{
		{"inside polygon", orb.Point{35.5, 33.5}, sqp, 0},
		{"on boundary", orb.Point{35, 33.5}, sqp, 0},
		{"west of polygon", orb.Point{34.9, 33.5}, sqp, Distance(orb.Point{34.9, 33.5}, orb.Point{35, 33.5})},
		{"point", orb.Point{35, 33}, orb.Point{35, 34}, 110_900},
		{"line", orb.Point{35.5, 33.1}, orb.LineString{{35, 33}, {36, 33}}, Distance(orb.Point{35.5, 33.1}, orb.Point{35.5, 33})},
		{"multipolygon", orb.Point{35.5, 33.5}, orb.MultiPolygon{sqp}, 0},
	}
	for _, tc := range cases {
		got := DistanceToGeometry(tc.p, tc.g)
		if math.Abs(got-tc.want) > 0.005*tc.want+1e-6 {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestExpandBoundIsConservative(t *testing.T) {
	rng := newRand(t)
	for i := 0; i < 2000; i++ {
		c := levant(rng)
		b := orb.Bound{Min: c, Max: orb.Point{c[0] + rng.Float64(), c[1] + rng.Float64()}}
		m := 1 + 300_000*rng.Float64()
		out := ExpandBound(b, m)
		// A point about m from a corner, in a random direction.
		q := destination(b.Max, 0.998*m, 2*math.Pi*rng.Float64())
		if Distance(q, b.Max) <= m && !out.Contains(q) {
			t.Fatalf("ExpandBound(%v, %v) = %v misses %v", b, m, out, q)
		}
	}
	if got := ExpandBound(orb.Bound{Min: orb.Point{0, 89}, Max: orb.Point{1, 89}}, 200_000); got.Min[0] != -180 || got.Max[1] != 90 {
		t.Errorf("near the pole: %v", got)
	}
	b := orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}
	if ExpandBound(b, -5) != b {
		t.Error("negative expansion changed the bound")
	}
}

func TestIntersects(t *testing.T) {
	a := orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}}
	cases := []struct {
		name string
		b    orb.Geometry
		want bool
	}{
		{"point inside", orb.Point{0.5, 0.5}, true},
		{"point in hole", orb.Point{2, 2}, false},
		{"point on hole boundary", orb.Point{1, 2}, true},
		{"point outside", orb.Point{5, 5}, false},
		{"polygon in hole", orb.Polygon{{{1.5, 1.5}, {2.5, 1.5}, {2.5, 2.5}, {1.5, 1.5}}}, false},
		{"polygon covering all", orb.Polygon{{{-1, -1}, {5, -1}, {5, 5}, {-1, 5}, {-1, -1}}}, true},
		{"polygon crossing edge", orb.Polygon{{{3.5, 3.5}, {5, 3.5}, {5, 5}, {3.5, 3.5}}}, true},
		{"polygon touching corner", orb.Polygon{{{4, 4}, {5, 4}, {5, 5}, {4, 4}}}, true},
		{"polygon apart", orb.Polygon{{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}, false},
		{"line through", orb.LineString{{-1, 2}, {5, 2}}, true},
		{"line in hole", orb.LineString{{1.5, 2}, {2.5, 2}}, false},
		{"multipolygon", orb.MultiPolygon{{{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}, {{{0.2, 0.2}, {0.5, 0.2}, {0.5, 0.5}, {0.2, 0.2}}}}, true},
		{"unsupported", orb.MultiPoint{{0.5, 0.5}}, false},
	}
	for _, tc := range cases {
		if got := Intersects(a, tc.b); got != tc.want {
			t.Errorf("%s: Intersects = %v, want %v", tc.name, got, tc.want)
		}
		if got := Intersects(tc.b, a); got != tc.want {
			t.Errorf("%s (swapped): Intersects = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestValidateInMemory(t *testing.T) {
	if _, err := Validate(orb.Point{math.NaN(), 1}, KindPoint, Limits{}); err == nil {
		t.Error("NaN accepted")
	}
	if _, err := Validate(orb.LineString{{1, 1}, {math.Inf(1), 1}}, KindLineString, Limits{}); err == nil {
		t.Error("Inf accepted")
	}
	if _, err := Validate(orb.MultiPoint{{1, 1}}, KindAny, Limits{}); err == nil {
		t.Error("MultiPoint accepted")
	}
	if _, err := Validate(orb.Point{1, 1}, KindPolygonal, Limits{}); err == nil {
		t.Error("Point accepted as polygonal")
	}
	in := orb.Polygon{{{0, 0}, {0, 1}, {1, 1}, {0, 0}}}
	g, err := Validate(in, KindPolygon, Limits{})
	if err != nil || signedArea(g.(orb.Polygon)[0]) <= 0 || in[0][1] != (orb.Point{0, 1}) {
		t.Errorf("Validate: %v %v (input %v must be unchanged)", g, err, in)
	}
	if _, err := Validate(orb.MultiPolygon{in, in}, KindPolygonal, Limits{}); err == nil {
		t.Error("duplicate polygons accepted")
	}
}

func TestCircle(t *testing.T) {
	c := orb.Point{35.2, 31.8}
	for _, r := range []float64{50, 5_000, 300_000} {
		poly := Circle(c, r, 0)
		ring := poly[0]
		if len(ring) != 65 || ring[0] != ring[64] || signedArea(ring) <= 0 {
			t.Fatalf("radius %v: bad ring (len %d)", r, len(ring))
		}
		for _, v := range ring {
			if d := Distance(c, v); math.Abs(d-r) > 0.001*r {
				t.Fatalf("radius %v: vertex at %v m", r, d)
			}
		}
		if _, err := Validate(poly, KindPolygon, Limits{}); err != nil {
			t.Fatalf("radius %v: circle is invalid: %v", r, err)
		}
	}
}

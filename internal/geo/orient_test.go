package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// TestOrientMatchesExact compares the filtered orientation test with exact
// rational arithmetic on random, nearly collinear and tiny inputs.
func TestOrientMatchesExact(t *testing.T) {
	rng := newRand(t)
	pt := func() orb.Point {
		switch rng.IntN(4) {
		case 0:
			return orb.Point{float64(rng.IntN(5)), float64(rng.IntN(5))}
		case 1:
			return orb.Point{rng.Float64() * 1e-300, rng.Float64() * 1e-300}
		}
		return orb.Point{360*rng.Float64() - 180, 180*rng.Float64() - 90}
	}
	for i := 0; i < 5000; i++ {
		a, b := pt(), pt()
		c := pt()
		if rng.IntN(2) == 0 { // nearly on the line a–b
			f := rng.Float64()
			c = orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}
		}
		if got, want := orient(a, b, c), orientExact(a, b, c); got != want {
			t.Fatalf("orient(%v, %v, %v) = %d, exact %d", a, b, c, got, want)
		}
	}
}

func TestIntersectKinds(t *testing.T) {
	p := func(x, y float64) orb.Point { return orb.Point{x, y} }
	cases := []struct {
		name       string
		a, b, c, d orb.Point
		want       xkind
		at         orb.Point
	}{
		{"cross", p(0, 0), p(2, 2), p(0, 2), p(2, 0), xCross, p(0, 0)},
		{"disjoint", p(0, 0), p(1, 0), p(0, 1), p(1, 1), xNone, p(0, 0)},
		{"touch end", p(0, 0), p(2, 0), p(1, 0), p(1, 5), xTouch, p(1, 0)},
		{"touch shared end", p(0, 0), p(2, 0), p(2, 0), p(3, 3), xTouch, p(2, 0)},
		{"collinear touch", p(0, 0), p(1, 0), p(1, 0), p(2, 0), xTouch, p(1, 0)},
		{"collinear overlap", p(0, 0), p(2, 0), p(1, 0), p(3, 0), xOverlap, p(0, 0)},
		{"collinear apart", p(0, 0), p(1, 0), p(2, 0), p(3, 0), xNone, p(0, 0)},
		{"near miss", p(0, 0), p(2, 0), p(1, 1e-300), p(1, 5), xNone, p(0, 0)},
	}
	for _, tc := range cases {
		k, at := intersect(tc.a, tc.b, tc.c, tc.d)
		if k != tc.want || (k == xTouch && at != tc.at) {
			t.Errorf("%s: got %v at %v, want %v at %v", tc.name, k, at, tc.want, tc.at)
		}
	}
}

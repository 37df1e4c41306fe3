package geo

import (
	"math"
	"math/big"

	"github.com/paulmach/orb"
)

// orient returns +1 if c lies to the left of the directed line a→b (a→b→c
// turns counter-clockwise), -1 if to the right and 0 if the three points are
// collinear. The sign is exact: a floating-point filter decides the common
// case and exact rational arithmetic decides the rest, so topology decisions
// never contradict each other through rounding.
func orient(a, b, c orb.Point) int {
	l := (b[0] - a[0]) * (c[1] - a[1])
	r := (b[1] - a[1]) * (c[0] - a[0])
	det := l - r
	sum := math.Abs(l) + math.Abs(r)
	if sum > 1e-280 && math.Abs(det) > 1e-15*sum {
		if det > 0 {
			return 1
		}
		return -1
	}
	// When every intermediate result is exact (common for coordinates with
	// few significant digits) the float sign is already the true sign.
	if exactDiff(b[0], a[0]) && exactDiff(c[1], a[1]) && exactDiff(b[1], a[1]) && exactDiff(c[0], a[0]) &&
		math.FMA(b[0]-a[0], c[1]-a[1], -l) == 0 && math.FMA(b[1]-a[1], c[0]-a[0], -r) == 0 &&
		exactDiff(l, r) && noUnderflow(b[0]-a[0], c[1]-a[1], b[1]-a[1], c[0]-a[0]) {
		switch {
		case det > 0:
			return 1
		case det < 0:
			return -1
		}
		return 0
	}
	return orientExact(a, b, c)
}

// noUnderflow reports whether products of the given differences cannot
// underflow: each is zero or large enough.
func noUnderflow(v ...float64) bool {
	for _, x := range v {
		if x != 0 && math.Abs(x) < 1e-140 {
			return false
		}
	}
	return true
}

// exactDiff reports whether x-y is computed without rounding (Knuth's
// TwoSum error term is zero).
func exactDiff(x, y float64) bool {
	d := x - y
	yv := x - d
	xv := d + yv
	return (x-xv)+(yv-y) == 0
}

func orientExact(a, b, c orb.Point) int {
	rat := func(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }
	ax, ay := rat(a[0]), rat(a[1])
	bx := new(big.Rat).Sub(rat(b[0]), ax)
	by := new(big.Rat).Sub(rat(b[1]), ay)
	cx := new(big.Rat).Sub(rat(c[0]), ax)
	cy := new(big.Rat).Sub(rat(c[1]), ay)
	l := new(big.Rat).Mul(bx, cy)
	r := new(big.Rat).Mul(by, cx)
	return l.Cmp(r)
}

// cmpPt orders points lexicographically by longitude, then latitude.
func cmpPt(a, b orb.Point) int {
	switch {
	case a[0] < b[0]:
		return -1
	case a[0] > b[0]:
		return 1
	case a[1] < b[1]:
		return -1
	case a[1] > b[1]:
		return 1
	}
	return 0
}

// onSegment reports whether p, known to be collinear with a and b, lies on
// the closed segment a–b.
func onSegment(p, a, b orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// xkind classifies how two segments meet.
type xkind uint8

const (
	xNone    xkind = iota // disjoint
	xCross                // interiors cross at a single point
	xTouch                // meet at a single point that is an endpoint of at least one
	xOverlap              // collinear and share a piece of positive length
)

// intersect classifies segments a–b and c–d exactly. For xTouch, p is the
// meeting point, which is always one of the four endpoints.
func intersect(a, b, c, d orb.Point) (k xkind, p orb.Point) {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	if o1 == 0 && o2 == 0 {
		return collinearOverlap(a, b, c, d)
	}
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o1*o2 < 0 && o3*o4 < 0 {
		return xCross, orb.Point{}
	}
	switch {
	case o1 == 0 && onSegment(c, a, b):
		return xTouch, c
	case o2 == 0 && onSegment(d, a, b):
		return xTouch, d
	case o3 == 0 && onSegment(a, c, d):
		return xTouch, a
	case o4 == 0 && onSegment(b, c, d):
		return xTouch, b
	}
	return xNone, orb.Point{}
}

// collinearOverlap classifies two segments lying on one line.
func collinearOverlap(a, b, c, d orb.Point) (xkind, orb.Point) {
	if cmpPt(a, b) > 0 {
		a, b = b, a
	}
	if cmpPt(c, d) > 0 {
		c, d = d, c
	}
	lo, hi := a, b
	if cmpPt(c, lo) > 0 {
		lo = c
	}
	if cmpPt(d, hi) < 0 {
		hi = d
	}
	switch cmpPt(lo, hi) {
	case -1:
		return xOverlap, orb.Point{}
	case 0:
		return xTouch, lo
	}
	return xNone, orb.Point{}
}

package deconflict

import "math"

// quadBelow returns the open interval of s where a·s² + 2b·s + c < 0, for
// a ≥ 0. ok is false when the set is empty; a touch (double root) is empty.
// When a is 0 (no relative motion) the sign of c decides for all s.
func quadBelow(a, b, c float64) (lo, hi float64, ok bool) {
	if a == 0 {
		if c < 0 {
			return math.Inf(-1), math.Inf(1), true
		}
		return 0, 0, false
	}
	disc := b*b - a*c
	if !(disc > 0) {
		return 0, 0, false
	}
	// Numerically stable roots: q = -(b + sign(b)·√disc); roots q/a and c/q.
	r := math.Sqrt(disc)
	q := -b - r
	if b < 0 {
		q = -b + r
	}
	r1, r2 := q/a, c/q
	if r1 > r2 {
		r1, r2 = r2, r1
	}
	return r1, r2, true
}

// linearIn returns the open interval of s where zlo < z0 + v·s < zhi. ok is
// false when the set is empty. When v is 0 the whole line is in or out.
func linearIn(z0, v, zlo, zhi float64) (lo, hi float64, ok bool) {
	if v == 0 {
		if z0 > zlo && z0 < zhi {
			return math.Inf(-1), math.Inf(1), true
		}
		return 0, 0, false
	}
	lo, hi = (zlo-z0)/v, (zhi-z0)/v
	if lo > hi {
		lo, hi = hi, lo
	}
	return lo, hi, lo < hi
}

// minAbsLinear returns the minimum of |z0 + v·s| over s in [lo, hi].
func minAbsLinear(z0, v, lo, hi float64) float64 {
	a, b := z0+v*lo, z0+v*hi
	if (a <= 0) != (b <= 0) {
		return 0
	}
	return min(math.Abs(a), math.Abs(b))
}

// closestS returns the s in [lo, hi] minimising a·s² + 2b·s (+ const), a ≥ 0.
func closestS(a, b, lo, hi float64) float64 {
	if a == 0 {
		return lo
	}
	return max(lo, min(hi, -b/a))
}

package main

import "math"

// simplify returns the Douglas–Peucker simplification of pts with the given
// tolerance in degrees. The first and last points are always kept, so arcs
// shared by two neighbours stay identical after simplification. A closed arc
// (first point equal to last) keeps at least its farthest point as well.
func simplify(pts [][2]float64, tol float64) [][2]float64 {
	if len(pts) <= 2 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	dp(pts, 0, len(pts)-1, tol, keep)
	out := make([][2]float64, 0, len(pts))
	for i, k := range keep {
		if k {
			out = append(out, pts[i])
		}
	}
	return out
}

func dp(pts [][2]float64, lo, hi int, tol float64, keep []bool) {
	if hi-lo < 2 {
		return
	}
	best, at := -1.0, -1
	for i := lo + 1; i < hi; i++ {
		if d := segDist(pts[i], pts[lo], pts[hi]); d > best {
			best, at = d, i
		}
	}
	if best > tol || (pts[lo] == pts[hi] && at > 0) {
		keep[at] = true
		dp(pts, lo, at, tol, keep)
		dp(pts, at, hi, tol, keep)
	}
}

// segDist returns the planar distance from p to the segment a–b, in degrees.
func segDist(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	if dx == 0 && dy == 0 {
		return math.Hypot(p[0]-a[0], p[1]-a[1])
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

// round rounds every position of r to the given number of decimals and
// drops consecutive duplicates the rounding creates. The result is nil if
// fewer than four positions (a closed triangle) remain.
func round(r ring, decimals int) ring {
	f := math.Pow(10, float64(decimals))
	out := make(ring, 0, len(r))
	for _, p := range r {
		q := [2]float64{math.Round(p[0]*f) / f, math.Round(p[1]*f) / f}
		if n := len(out); n > 0 && out[n-1] == q {
			continue
		}
		out = append(out, q)
	}
	if len(out) < 4 || out[0] != out[len(out)-1] {
		return nil
	}
	return out
}

// signedArea returns twice the planar signed area of a closed ring:
// positive when it runs counter-clockwise.
func signedArea(r ring) float64 {
	var a float64
	for i := 0; i+1 < len(r); i++ {
		a += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return a
}

// rewind orients the polygon as RFC 7946 asks: exterior ring
// counter-clockwise, holes clockwise.
func rewind(p polygon) {
	for i, r := range p {
		ccw := signedArea(r) > 0
		if (i == 0) != ccw {
			for a, b := 0, len(r)-1; a < b; a, b = a+1, b-1 {
				r[a], r[b] = r[b], r[a]
			}
		}
	}
}

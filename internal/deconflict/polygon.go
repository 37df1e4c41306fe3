package deconflict

import (
	"fmt"
	"math"
	"slices"
)

// polygon is a ring projected into the engine's plane; edges are straight
// lines in the plane (at this scale within metres of the geodesics).
type polygon struct {
	xs, ys []float64 // vertices, not repeating the first
	bb     box       // plane bounding box (z unused)
}

// compileRing validates a GeoJSON-order ring ([lon, lat] pairs, closed or
// not, at least three distinct vertices) and projects it.
func (c *core) compileRing(kind, id string, ring [][2]float64) (*polygon, error) {
	if n := len(ring); n > 1 && ring[0] == ring[n-1] {
		ring = ring[:n-1]
	}
	if len(ring) < 3 {
		return nil, &ValidationError{Kind: kind, ID: id, Index: -1, Field: "ring", Reason: fmt.Sprintf("%d vertices, at least 3 required", len(ring))}
	}
	pg := &polygon{bb: emptyBox()}
	for i, v := range ring {
		x, y, err := c.checkPoint(kind, id, i, v[1], v[0], 0)
		if err != nil {
			return nil, err
		}
		pg.xs, pg.ys = append(pg.xs, x), append(pg.ys, y)
		pg.bb.add(x, y, 0)
	}
	return pg, nil
}

// contains reports whether (x, y) is inside the polygon (even-odd rule).
func (pg *polygon) contains(x, y float64) bool {
	in := false
	n := len(pg.xs)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		xi, yi, xj, yj := pg.xs[i], pg.ys[i], pg.xs[j], pg.ys[j]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
	}
	return in
}

// insideIntervals appends to out the sub-intervals of [0, T] over which
// the point (x0 + vx·s, y0 + vy·s) is inside the polygon, in order.
func (pg *polygon) insideIntervals(x0, y0, vx, vy, T float64, out [][2]float64) [][2]float64 {
	cuts := []float64{0, T}
	n := len(pg.xs)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		// Solve x0 + v·s = p_j + (p_i - p_j)·u.
		ex, ey := pg.xs[i]-pg.xs[j], pg.ys[i]-pg.ys[j]
		den := vx*ey - vy*ex
		if den == 0 {
			continue
		}
		wx, wy := pg.xs[j]-x0, pg.ys[j]-y0
		s := (wx*ey - wy*ex) / den
		u := (wx*vy - wy*vx) / den
		if s > 0 && s < T && u >= 0 && u <= 1 {
			cuts = append(cuts, s)
		}
	}
	slices.Sort(cuts)
	for k := 1; k < len(cuts); k++ {
		a, b := cuts[k-1], cuts[k]
		if b <= a {
			continue
		}
		m := (a + b) / 2
		if !pg.contains(x0+vx*m, y0+vy*m) {
			continue
		}
		if l := len(out); l > 0 && out[l-1][1] >= a {
			out[l-1][1] = b
		} else {
			out = append(out, [2]float64{a, b})
		}
	}
	if T == 0 && pg.contains(x0, y0) {
		out = append(out, [2]float64{0, 0})
	}
	return out
}

// segBox returns the plane bounding box of a segment over [t0, t1].
func segBox(s *segment, t0, t1 float64) box {
	b := emptyBox()
	b.add(s.at(t0))
	b.add(s.at(t1))
	return b
}

// overlapsXY reports whether two boxes overlap in the plane, with a margin.
func overlapsXY(a, b *box, margin float64) bool {
	return a.minX-margin <= b.maxX && b.minX <= a.maxX+margin &&
		a.minY-margin <= b.maxY && b.minY <= a.maxY+margin
}

var inf = math.Inf(1)

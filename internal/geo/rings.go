package geo

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// ringInfo is a ring being validated: its de-duplicated closed vertex list
// and, for each kept vertex, its index as sent.
type ringInfo struct {
	poly, ring int // indices as sent; poly is -1 for a lone Polygon
	pts        []orb.Point
	orig       []int
	bound      orb.Bound
}

// checkPosition reports a position outside the WGS 84 longitude/latitude
// range or not finite.
func checkPosition(p orb.Point, depth int, l loc) error {
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return newErr(CodeNumber, depth, l, "position has a coordinate that is not a finite number")
	}
	if p[0] < -180 || p[0] > 180 {
		return newErr(CodeRange, depth, l, "longitude %g is outside [-180, 180]", p[0])
	}
	if p[1] < -90 || p[1] > 90 {
		return newErr(CodeRange, depth, l, "latitude %g is outside [-90, 90]", p[1])
	}
	return nil
}

// dedup returns pts without consecutive duplicates together with the index
// as sent of each kept point. It never modifies pts.
func dedup(pts []orb.Point) ([]orb.Point, []int) {
	out := make([]orb.Point, 0, len(pts))
	orig := make([]int, 0, len(pts))
	for i, p := range pts {
		if len(out) > 0 && out[len(out)-1] == p {
			continue
		}
		out = append(out, p)
		orig = append(orig, i)
	}
	return out, orig
}

// checkAntimeridian rejects an edge spanning more than 180° of longitude,
// which under RFC 7946 §3.1.9 would have to be cut at the antimeridian.
func checkAntimeridian(pts []orb.Point, orig []int, depth int, l loc) error {
	for i := 1; i < len(pts); i++ {
		if math.Abs(pts[i][0]-pts[i-1][0]) > 180 {
			l.vertex = orig[i-1]
			return newErr(CodeAntimeridian, depth, l,
				"edge from vertex %d to vertex %d spans more than 180° of longitude; geometry crossing the antimeridian is not supported",
				orig[i-1], orig[i])
		}
	}
	return nil
}

// ringName names a ring in messages: "ring 2" or "ring 2 of polygon 1".
func ringName(poly, ring int) string {
	if poly < 0 {
		return "ring " + strconv.Itoa(ring)
	}
	return "ring " + strconv.Itoa(ring) + " of polygon " + strconv.Itoa(poly)
}

// prepareRing checks one ring as sent and returns it de-duplicated.
func prepareRing(pts []orb.Point, poly, ring, depth int) (*ringInfo, error) {
	l := loc{poly, ring, -1}
	name := ringName(poly, ring)
	if len(pts) == 0 {
		return nil, newErr(CodeEmpty, depth, l, "%s has no positions", name)
	}
	for i, p := range pts {
		if err := checkPosition(p, depth, loc{poly, ring, i}); err != nil {
			return nil, err
		}
	}
	if len(pts) < 4 {
		return nil, newErr(CodeTooFew, depth, l, "%s has %d positions; a linear ring needs at least 4", name, len(pts))
	}
	if pts[0] != pts[len(pts)-1] {
		l.vertex = len(pts) - 1
		return nil, newErr(CodeUnclosed, depth, l, "%s is not closed: its last position differs from its first", name)
	}
	d, orig := dedup(pts)
	if len(d) < 4 {
		return nil, newErr(CodeTooFew, depth, l, "%s has fewer than 3 distinct positions", name)
	}
	if err := checkAntimeridian(d, orig, depth, l); err != nil {
		return nil, err
	}
	ri := &ringInfo{poly: poly, ring: ring, pts: d, orig: orig, bound: orb.LineString(d).Bound()}
	return ri, ri.checkSpikes(depth)
}

// checkSpikes rejects a ring that doubles back along its own previous edge,
// the one way two adjacent edges can meet in more than their shared vertex.
func (ri *ringInfo) checkSpikes(depth int) error {
	m := len(ri.pts) - 1 // distinct vertices; pts[m] == pts[0]
	for k := 0; k < m; k++ {
		prev, cur, next := ri.pts[(k+m-1)%m], ri.pts[k], ri.pts[k+1]
		if orient(prev, cur, next) == 0 && cmpPt(prev, cur) == cmpPt(next, cur) {
			return newErr(CodeSelfIntersect, depth, loc{ri.poly, ri.ring, ri.orig[k]},
				"%s folds back on itself at vertex %d", ringName(ri.poly, ri.ring), ri.orig[k])
		}
	}
	return nil
}

// vertexIndex returns the index as sent of de-duplicated vertex k, mapping
// the closing vertex to 0.
func (ri *ringInfo) vertexIndex(k int) int {
	if k >= len(ri.pts)-1 {
		return ri.orig[0]
	}
	return ri.orig[k]
}

// isCCW reports whether the (simple) ring winds counter-clockwise, decided
// exactly at its lexicographically lowest vertex, which is always convex.
func isCCW(pts []orb.Point) bool {
	m := len(pts) - 1
	lo := 0
	for i := 1; i < m; i++ {
		if cmpPt(pts[i], pts[lo]) < 0 {
			lo = i
		}
	}
	return orient(pts[(lo+m-1)%m], pts[lo], pts[lo+1]) > 0
}

// wound returns pts as an orb.Ring wound counter-clockwise if ccw, else
// clockwise, copying when it has to reverse.
func wound(pts []orb.Point, ccw bool) orb.Ring {
	if isCCW(pts) == ccw {
		return orb.Ring(pts)
	}
	r := make(orb.Ring, len(pts))
	for i, p := range pts {
		r[len(pts)-1-i] = p
	}
	return r
}

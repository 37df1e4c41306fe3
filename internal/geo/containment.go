package geo

import (
	"github.com/paulmach/orb"
)

// unionFind is a plain disjoint-set forest over 0..n-1.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(x int) int {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

// union joins x and y and reports false if they were already joined.
func (u unionFind) union(x, y int) bool {
	x, y = u.find(x), u.find(y)
	if x == y {
		return false
	}
	u[x] = y
	return true
}

// checkConnected rejects a polygon whose rings touch in a cycle (a hole
// touching the shell twice, two holes touching each other and the shell, …):
// such rings cut the interior into pieces. Rings and touch points form a
// bipartite graph; the interior is connected iff that graph is a forest.
func (t *topo) checkConnected() error {
	u := newUnionFind(len(t.rings) + len(t.touchOrder))
	for pi, p := range t.touchOrder {
		rs := t.ringsAt(p)
		for x, r := range rs {
			ri := t.rings[r]
			same := false
			for y, r2 := range rs {
				if y != x && t.rings[r2].poly == ri.poly {
					same = true
				}
			}
			if !same {
				continue
			}
			if !u.union(int(r), len(t.rings)+pi) {
				return newErr(CodeDisconnected, t.depth, loc{ri.poly, ri.ring, -1},
					"%s touches the polygon's other rings at (%g, %g) and elsewhere, which disconnects the polygon's interior",
					ringName(ri.poly, ri.ring), p[0], p[1])
			}
		}
	}
	return nil
}

// probe returns a point of ring r (a vertex, or failing that an edge
// midpoint) that lies on none of the boundaries of others. It gives up after
// a bounded number of candidates, which only pathological input reaches.
func probe(r *ringInfo, others []*ringInfo) (orb.Point, bool) {
	onAny := func(p orb.Point) bool {
		for _, o := range others {
			if locate(p, o.pts) == 0 {
				return true
			}
		}
		return false
	}
	const tries = 32
	m := len(r.pts) - 1
	for k := 0; k < m && k < tries; k++ {
		if !onAny(r.pts[k]) {
			return r.pts[k], true
		}
	}
	for k := 0; k < m && k < tries; k++ {
		a, b := r.pts[k], r.pts[k+1]
		mid := orb.Point{a[0] + (b[0]-a[0])/2, a[1] + (b[1]-a[1])/2}
		if !onAny(mid) {
			return mid, true
		}
	}
	return orb.Point{}, false
}

func (t *topo) tooComplex(l loc) error {
	return newErr(CodeTooComplex, t.depth, l, "rings share too many boundary points to be validated; simplify the geometry")
}

// checkHoles rejects holes outside their shell and holes inside other holes.
// The rings are known not to cross, so one probe point decides each case.
func (t *topo) checkHoles(rings []*ringInfo) error {
	shell := rings[0]
	for _, h := range rings[1:] {
		l := loc{h.poly, h.ring, -1}
		p, ok := probe(h, rings[:1])
		if !ok {
			return t.tooComplex(l)
		}
		if locate(p, shell.pts) < 0 {
			return newErr(CodeHoleOutside, t.depth, l, "%s is a hole outside the exterior ring", ringName(h.poly, h.ring))
		}
	}
	for _, h := range rings[1:] {
		for _, o := range rings[1:] {
			if o == h || !o.bound.Contains(h.bound.Min) || !o.bound.Contains(h.bound.Max) {
				continue
			}
			p, ok := probe(h, []*ringInfo{o})
			if !ok {
				return t.tooComplex(loc{h.poly, h.ring, -1})
			}
			if locate(p, o.pts) > 0 {
				return newErr(CodeNestedHole, t.depth, loc{h.poly, h.ring, -1}, "%s lies inside %s",
					ringName(h.poly, h.ring), ringName(o.poly, o.ring))
			}
		}
	}
	return nil
}

// checkPolygonsDisjoint rejects MultiPolygon members whose interiors
// overlap; boundary crossings have already been rejected, so it remains to
// find a polygon lying inside another (and not in one of its holes).
func (t *topo) checkPolygonsDisjoint() error {
	for i, pi := range t.polys {
		for j, pj := range t.polys {
			if i == j || !pi[0].bound.Intersects(pj[0].bound) {
				continue
			}
			p, ok := probe(pi[0], pj)
			if !ok {
				return t.tooComplex(loc{i, 0, -1})
			}
			if locateRings(p, pj) > 0 {
				return newErr(CodePolygonOverlap, t.depth, loc{i, 0, -1}, "polygon %d overlaps polygon %d", i, j)
			}
		}
	}
	return nil
}

// locate classifies p against a closed ring: +1 inside, 0 on the boundary,
// -1 outside. It is exact (crossing number with exact orientation tests).
func locate(p orb.Point, ring []orb.Point) int {
	inside := false
	for i := 0; i+1 < len(ring); i++ {
		a, b := ring[i], ring[i+1]
		if (a[1] > p[1]) != (b[1] > p[1]) {
			o := orient(a, b, p)
			if o == 0 {
				return 0
			}
			if (o > 0) == (b[1] > a[1]) {
				inside = !inside
			}
			continue
		}
		if (a[1] == p[1] || b[1] == p[1]) && onSegment(p, a, b) && orient(a, b, p) == 0 {
			return 0
		}
	}
	if inside {
		return 1
	}
	return -1
}

// locateRings classifies p against a polygon given as rings (shell first):
// +1 in the interior, 0 on a boundary, -1 outside or in a hole.
func locateRings(p orb.Point, rings []*ringInfo) int {
	l := locate(p, rings[0].pts)
	if l <= 0 {
		return l
	}
	for _, h := range rings[1:] {
		switch locate(p, h.pts) {
		case 0:
			return 0
		case 1:
			return -1
		}
	}
	return 1
}

package geo

import (
	"errors"
	"sort"

	"github.com/paulmach/orb"
)

// topo validates the rings of one Polygon or MultiPolygon against the OGC
// Simple Features rules. polys[i][0] is the exterior ring of polygon i.
type topo struct {
	polys [][]*ringInfo
	rings []*ringInfo // flattened, in order
	first []int       // first[i] is the index in rings of polygon i's shell
	segs  []seg
	depth int

	touchOrder []orb.Point
	touches    map[orb.Point]map[int32]int32 // point → ring → a segment of that ring through it
}

func newTopo(polys [][]*ringInfo, depth int) *topo {
	t := &topo{polys: polys, depth: depth, touches: map[orb.Point]map[int32]int32{}}
	n := 0
	for _, p := range polys {
		for _, r := range p {
			n += len(r.pts) - 1
		}
	}
	t.segs = make([]seg, 0, n)
	for _, p := range polys {
		t.first = append(t.first, len(t.rings))
		for _, r := range p {
			ri := int32(len(t.rings))
			t.rings = append(t.rings, r)
			for k := 0; k+1 < len(r.pts); k++ {
				t.segs = append(t.segs, seg{a: r.pts[k], b: r.pts[k+1], r: ri, k: int32(k)})
			}
		}
	}
	return t
}

// budget is the work allowed to the intersection search for n segments.
func budget(n int) int { return 200*n + 1<<22 }

// check runs every validity test in turn and returns the first failure.
func (t *topo) check() error {
	err := findIntersections(t.segs, budget(len(t.segs)), t.adjacent, t.meet)
	if errors.Is(err, errTooComplex) {
		return newErr(CodeTooComplex, t.depth, noLoc,
			"geometry is too complex to validate (many long edges close together); simplify it")
	}
	if err != nil {
		return err
	}
	for _, p := range t.touchOrder {
		if err := t.checkNode(p); err != nil {
			return err
		}
	}
	if err := t.checkConnected(); err != nil {
		return err
	}
	for _, p := range t.polys {
		if err := t.checkHoles(p); err != nil {
			return err
		}
	}
	return t.checkPolygonsDisjoint()
}

// adjacent reports whether segments i < j are consecutive edges of one ring;
// those meet at their shared vertex by construction (spikes are rejected by
// checkSpikes).
func (t *topo) adjacent(i, j int32) bool {
	si, sj := &t.segs[i], &t.segs[j]
	if si.r != sj.r {
		return false
	}
	m := int32(len(t.rings[si.r].pts) - 1)
	return sj.k == si.k+1 || (si.k == 0 && sj.k == m-1)
}

// edgeDesc names the edge of segment s for messages.
func (t *topo) edgeDesc(s *seg) (name string, v int) {
	r := t.rings[s.r]
	return ringName(r.poly, r.ring), r.vertexIndex(int(s.k))
}

// meet handles one intersecting pair found by the search.
func (t *topo) meet(i, j int32, k xkind, p orb.Point) error {
	si, sj := &t.segs[i], &t.segs[j]
	ri, rj := t.rings[si.r], t.rings[sj.r]
	ni, vi := t.edgeDesc(si)
	nj, vj := t.edgeDesc(sj)
	at := loc{rj.poly, rj.ring, vj}
	if si.r == sj.r {
		lo, hi := min(vi, vj), max(vi, vj)
		at.vertex = hi
		switch k {
		case xCross:
			return newErr(CodeSelfIntersect, t.depth, at, "%s crosses itself between vertex %d and vertex %d", ni, lo, hi)
		case xOverlap:
			return newErr(CodeSelfIntersect, t.depth, at, "%s overlaps itself between vertex %d and vertex %d", ni, lo, hi)
		}
		v := t.vertexAt(si, p)
		if v < 0 {
			v = t.vertexAt(sj, p)
		}
		at.vertex = v
		return newErr(CodeSelfIntersect, t.depth, at, "%s touches itself at vertex %d", ni, v)
	}
	code := CodeRingCross
	if ri.poly != rj.poly {
		code = CodePolygonOverlap
	}
	switch k {
	case xCross:
		return newErr(code, t.depth, at, "%s (edge from vertex %d) crosses %s (edge from vertex %d)", nj, vj, ni, vi)
	case xOverlap:
		return newErr(code, t.depth, at, "%s (edge from vertex %d) shares part of an edge with %s (edge from vertex %d)", nj, vj, ni, vi)
	}
	t.addTouch(p, si.r, i)
	t.addTouch(p, sj.r, j)
	return nil
}

// vertexAt returns the index as sent of the endpoint of s equal to p, or -1.
func (t *topo) vertexAt(s *seg, p orb.Point) int {
	r := t.rings[s.r]
	switch p {
	case s.a:
		return r.vertexIndex(int(s.k))
	case s.b:
		return r.vertexIndex(int(s.k) + 1)
	}
	return -1
}

func (t *topo) addTouch(p orb.Point, r, s int32) {
	m, ok := t.touches[p]
	if !ok {
		m = map[int32]int32{}
		t.touches[p] = m
		t.touchOrder = append(t.touchOrder, p)
	}
	if _, ok := m[r]; !ok {
		m[r] = s
	}
}

// ringsAt lists the rings touching at p in ring order.
func (t *topo) ringsAt(p orb.Point) []int32 {
	rs := make([]int32, 0, len(t.touches[p]))
	for r := range t.touches[p] {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(a, b int) bool { return rs[a] < rs[b] })
	return rs
}

// directions returns the far ends of the two edges of segment s's ring that
// leave point p (a vertex of the ring or a point inside segment s).
func (t *topo) directions(s *seg, p orb.Point) (orb.Point, orb.Point) {
	pts := t.rings[s.r].pts
	m := len(pts) - 1
	k := -1
	switch p {
	case s.a:
		k = int(s.k)
	case s.b:
		k = (int(s.k) + 1) % m
	}
	if k < 0 {
		return s.a, s.b
	}
	return pts[(k+m-1)%m], pts[k+1]
}

// inSector reports whether the ray p→b lies strictly inside the sector swept
// counter-clockwise from ray p→a1 to ray p→a2.
func inSector(p, a1, a2, b orb.Point) bool {
	if orient(p, a1, a2) > 0 {
		return orient(p, a1, b) > 0 && orient(p, b, a2) > 0
	}
	return !(orient(p, a2, b) >= 0 && orient(p, b, a1) >= 0)
}

// checkNode rejects rings that meet at p and cross each other there: the
// two edges of one ring leave p into different sectors of the other.
func (t *topo) checkNode(p orb.Point) error {
	rs := t.ringsAt(p)
	for x, r1 := range rs {
		s1 := &t.segs[t.touches[p][r1]]
		a1, a2 := t.directions(s1, p)
		for _, r2 := range rs[x+1:] {
			s2 := &t.segs[t.touches[p][r2]]
			b1, b2 := t.directions(s2, p)
			if inSector(p, a1, a2, b1) == inSector(p, a1, a2, b2) {
				continue
			}
			ra, rb := t.rings[r1], t.rings[r2]
			code := CodeRingCross
			if ra.poly != rb.poly {
				code = CodePolygonOverlap
			}
			return newErr(code, t.depth, loc{rb.poly, rb.ring, -1}, "%s crosses %s at (%g, %g)",
				ringName(rb.poly, rb.ring), ringName(ra.poly, ra.ring), p[0], p[1])
		}
	}
	return nil
}

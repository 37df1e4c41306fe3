package geo

import (
	"errors"
	"math"

	"github.com/paulmach/orb"
)

// seg is one edge of a ring: from vertex k to vertex k+1 of ring r (indices
// into the de-duplicated ring).
type seg struct {
	a, b orb.Point
	r, k int32
}

func (s *seg) bound() (minX, minY, maxX, maxY float64) {
	return math.Min(s.a[0], s.b[0]), math.Min(s.a[1], s.b[1]),
		math.Max(s.a[0], s.b[0]), math.Max(s.a[1], s.b[1])
}

// errTooComplex is returned by findIntersections when it exhausts its budget.
var errTooComplex = errors.New("too complex")

const (
	noderLeaf     = 8  // segments per cell below which pairs are tested directly
	noderMaxDepth = 24 // hard cap on subdivision depth
)

// noder enumerates every intersecting pair of segments by recursive
// subdivision of the plane (a quadtree built on the fly): a cell holding few
// segments, or one whose subdivision stops making progress, tests its
// segments pairwise and exactly. On realistic geometry each segment lands in
// O(1) cells per level, giving O(n log n) work; adversarial geometry (many
// long, nearly parallel edges) would degrade towards O(n²), so every
// assignment and every pair test is charged to a budget and the search stops
// with errTooComplex when it runs out.
type noder struct {
	segs   []seg
	bnds   [][4]float64 // minX, minY, maxX, maxY of each segment
	budget int
	skip   func(i, j int32) bool
	fn     func(i, j int32, k xkind, p orb.Point) error
}

// findIntersections calls fn for each pair (i < j) of segments that meet,
// except pairs for which skip returns true. A pair may be reported more than
// once. It returns fn's first error, or errTooComplex when budget pair tests
// and cell assignments have been spent.
func findIntersections(segs []seg, budget int, skip func(i, j int32) bool,
	fn func(i, j int32, k xkind, p orb.Point) error) error {
	if len(segs) < 2 {
		return nil
	}
	n := &noder{segs: segs, bnds: make([][4]float64, len(segs)), budget: budget, skip: skip, fn: fn}
	ids := make([]int32, len(segs))
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := range segs {
		ids[i] = int32(i)
		x0, y0, x1, y1 := segs[i].bound()
		n.bnds[i] = [4]float64{x0, y0, x1, y1}
		minX, minY = math.Min(minX, x0), math.Min(minY, y0)
		maxX, maxY = math.Max(maxX, x1), math.Max(maxY, y1)
	}
	return n.cell(minX, minY, maxX, maxY, ids, 0)
}

func (n *noder) cell(x0, y0, x1, y1 float64, ids []int32, depth int) error {
	if len(ids) <= noderLeaf || depth >= noderMaxDepth {
		return n.pairs(ids)
	}
	mx, my := x0+(x1-x0)/2, y0+(y1-y0)/2
	quads := [4][4]float64{{x0, y0, mx, my}, {mx, y0, x1, my}, {x0, my, mx, y1}, {mx, my, x1, y1}}
	var kids [4][]int32
	for _, id := range ids {
		b := &n.bnds[id]
		left, right := b[0] <= mx, b[2] >= mx
		low, high := b[1] <= my, b[3] >= my
		if (left && right) && (low && high) {
			// Straddles the centre: test each quadrant properly.
			for q, qb := range quads {
				if n.segInBox(id, qb[0], qb[1], qb[2], qb[3]) {
					kids[q] = append(kids[q], id)
				}
			}
			continue
		}
		if left && low {
			kids[0] = append(kids[0], id)
		}
		if right && low {
			kids[1] = append(kids[1], id)
		}
		if left && high {
			kids[2] = append(kids[2], id)
		}
		if right && high {
			kids[3] = append(kids[3], id)
		}
	}
	total := len(kids[0]) + len(kids[1]) + len(kids[2]) + len(kids[3])
	n.budget -= total
	if n.budget < 0 {
		return errTooComplex
	}
	// Subdivision that duplicates most segments into several children makes
	// no progress (many long edges through a small cell, or overlapping
	// collinear edges): test the cell directly instead.
	heavy := 0
	for _, k := range kids {
		if 4*len(k) > 3*len(ids) {
			heavy++
		}
	}
	if total > 2*len(ids) || heavy >= 2 {
		return n.pairs(ids)
	}
	for q, b := range quads {
		if err := n.cell(b[0], b[1], b[2], b[3], kids[q], depth+1); err != nil {
			return err
		}
	}
	return nil
}

// segInBox reports whether segment id may meet the closed box. It is
// conservative: it never rejects a segment that meets the box.
func (n *noder) segInBox(id int32, bx0, by0, bx1, by1 float64) bool {
	s := &n.segs[id]
	x0, y0, x1, y1 := n.bnds[id][0], n.bnds[id][1], n.bnds[id][2], n.bnds[id][3]
	if x1 < bx0 || x0 > bx1 || y1 < by0 || y0 > by1 {
		return false
	}
	// Reject only if every corner of a slightly enlarged box lies strictly on
	// one side of the segment's line; the margin absorbs rounding.
	const eps = 1e-9
	bx0, by0, bx1, by1 = bx0-eps, by0-eps, bx1+eps, by1+eps
	dx, dy := s.b[0]-s.a[0], s.b[1]-s.a[1]
	side := func(x, y float64) float64 { return dx*(y-s.a[1]) - dy*(x-s.a[0]) }
	c0, c1, c2, c3 := side(bx0, by0), side(bx1, by0), side(bx0, by1), side(bx1, by1)
	if c0 > 0 && c1 > 0 && c2 > 0 && c3 > 0 || c0 < 0 && c1 < 0 && c2 < 0 && c3 < 0 {
		return false
	}
	return true
}

func (n *noder) pairs(ids []int32) error {
	n.budget -= len(ids) * (len(ids) - 1) / 2
	if n.budget < 0 {
		return errTooComplex
	}
	for ii, i := range ids {
		ax0, ay0, ax1, ay1 := n.bnds[i][0], n.bnds[i][1], n.bnds[i][2], n.bnds[i][3]
		for _, j := range ids[ii+1:] {
			bx0, by0, bx1, by1 := n.bnds[j][0], n.bnds[j][1], n.bnds[j][2], n.bnds[j][3]
			if bx1 < ax0 || bx0 > ax1 || by1 < ay0 || by0 > ay1 {
				continue
			}
			lo, hi := i, j
			if lo > hi {
				lo, hi = hi, lo
			}
			if n.skip != nil && n.skip(lo, hi) {
				continue
			}
			k, p := intersect(n.segs[lo].a, n.segs[lo].b, n.segs[hi].a, n.segs[hi].b)
			if k == xNone {
				continue
			}
			if err := n.fn(lo, hi, k, p); err != nil {
				return err
			}
		}
	}
	return nil
}

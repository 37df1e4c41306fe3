package deconflict

import (
	"math"
	"slices"
)

// minima holds the separation thresholds with the tolerance applied.
type minima struct {
	l2 float64 // (lateral minimum - tolerance)², m²
	v  float64 // vertical minimum - tolerance, ft
	// touchL2 and touchV bound a separation that is at a minimum (within
	// the tolerance) in one dimension and below it in the other: (lateral
	// minimum + tolerance)² and vertical minimum + tolerance.
	touchL2, touchV float64
}

func newMinima(lateral, vertical float64) minima {
	l, lt := lateral-lateralTolerance, lateral+lateralTolerance
	return minima{l2: l * l, v: vertical - verticalTolerance, touchL2: lt * lt, touchV: vertical + verticalTolerance}
}

// touching reports whether a pair offset by (dx, dy, dz) is at most at the
// minima (within the tolerance) in both dimensions: where a loss of
// separation stops at such a point it only touches a minimum.
func (m minima) touching(dx, dy, dz float64) bool {
	return math.Abs(dz) < m.touchV && dx*dx+dy*dy < m.touchL2
}

// piece is a loss of separation over one time slice: [t0, t1] in seconds,
// the instant tc of minimum horizontal distance dh (m), and the minimum
// vertical distance dv (ft). Positions at tc are recomputed on output;
// ia and ib are hints for that: the indices of the segments of the pair's
// first and second trajectory in force at the start of the slice tc lies
// in (see core.position, which checks a hint before trusting it, so a
// stale or swapped hint costs time, never correctness).
//
// A separation can touch a minimum for an instant inside one encounter
// (exactly 1,000 ft apart at a waypoint where one aircraft levels off and
// descends again): the loss of separation stops a tolerance's width
// before that waypoint and resumes a tolerance's width after it. ts and te
// mark such seams: te is the end of the slice when the piece stops short
// of it only because the separation touches a minimum there, ts the start
// of the slice when it starts late for that reason; 0 when not so. Two
// pieces that meet at a seam (c.te == p.ts) are one encounter (absorb).
// Only a turn (a slice boundary) can make separation touch and come back,
// so seams lie on slice boundaries, where both sides compute the same time.
type piece struct {
	t0, t1, tc float64
	dh, dv     float64
	ts, te     float64
	ia, ib     int32
}

// samePieces reports whether x and y hold the same conflicts, ignoring the
// segment hints (an amendment may renumber a plan's segments without
// changing its conflicts).
func samePieces(x, y []piece) bool {
	return slices.EqualFunc(x, y, func(p, q piece) bool {
		return p.t0 == q.t0 && p.t1 == q.t1 && p.tc == q.tc && p.dh == q.dh && p.dv == q.dv && p.ts == q.ts && p.te == q.te
	})
}

// pairPieces appends to out the pieces of loss of separation between a and
// b within the closed window [lo, hi], one per common time slice in which
// both move linearly. It is the single place where the separation maths is
// done; the engine, the batch path and the tests' oracle all call it.
func (m minima) pairPieces(a, b *trajectory, lo, hi float64, out []piece) []piece {
	return m.pairPiecesFrom(a, b, lo, hi, 0, 0, out)
}

// pairPiecesFrom is pairPieces with hints: the segments of a and b in force
// at the window's start are at or after indices ia and ib.
func (m minima) pairPiecesFrom(a, b *trajectory, lo, hi float64, ia, ib int, out []piece) []piece {
	return m.piecesIn(a.segs, b.segs, max(a.t0, b.t0, lo), min(a.t1, b.t1, hi), ia, ib, out)
}

// piecesIn is pairPiecesFrom's walk over the common window [t, end] of two
// trajectories' segments as (contiguous runs of them) and bs, from hints ia
// and ib: the pieces' segment hints are indices into as and bs.
func (m minima) piecesIn(as, bs []segment, t, end float64, ia, ib int, out []piece) []piece {
	if t > end {
		return out
	}
	for ia < len(as)-1 && as[ia].t1 <= t {
		ia++
	}
	for ib < len(bs)-1 && bs[ib].t1 <= t {
		ib++
	}
	if t == end { // the plans share a single instant
		return m.sliceAt(&as[ia], &bs[ib], t, t, int32(ia), int32(ib), out)
	}
	for t < end {
		// segAt and the advance below keep sa.t0 <= t < sa.t1, likewise sb.
		sa, sb := &as[ia], &bs[ib]
		s1 := min(sa.t1, sb.t1, end)
		out = m.sliceAt(sa, sb, t, s1, int32(ia), int32(ib), out)
		t = s1
		if sa.t1 <= t && ia+1 < len(as) {
			ia++
		}
		if sb.t1 <= t && ib+1 < len(bs) {
			ib++
		}
	}
	return out
}

// sliceAt is slice for segments with indices ia and ib in their
// trajectories, recorded in the piece as hints.
func (m minima) sliceAt(sa, sb *segment, t0, t1 float64, ia, ib int32, out []piece) []piece {
	n := len(out)
	out = m.slice(sa, sb, t0, t1, out)
	if len(out) > n {
		out[n].ia, out[n].ib = ia, ib
	}
	return out
}

// slice solves one common time slice [t0, t1] over which sa and sb are both
// linear, appending the piece of loss of separation if there is one. A slice
// with t0 == t1 is a single instant.
func (m minima) slice(sa, sb *segment, t0, t1 float64, out []piece) []piece {
	ax, ay, az := sa.at(t0)
	bx, by, bz := sb.at(t0)
	dx, dy, dz := ax-bx, ay-by, az-bz
	vx, vy, vz := sa.vx-sb.vx, sa.vy-sb.vy, sa.vz-sb.vz
	T := t1 - t0
	if T == 0 {
		if math.Abs(dz) < m.v && dx*dx+dy*dy < m.l2 {
			p := piece{t0: t0, t1: t0, tc: t0, dh: math.Hypot(dx, dy), dv: math.Abs(dz)}
			out = append(out, p)
		}
		return out
	}
	lo, hi, ok := linearIn(dz, vz, -m.v, m.v)
	if !ok {
		return out
	}
	lo, hi = max(lo, 0), min(hi, T)
	if lo >= hi {
		return out
	}
	qa, qb := vx*vx+vy*vy, dx*vx+dy*vy
	hlo, hhi, ok := quadBelow(qa, qb, dx*dx+dy*dy-m.l2)
	if !ok {
		return out
	}
	lo, hi = max(lo, hlo), min(hi, hhi)
	if lo >= hi {
		return out
	}
	s := closestS(qa, qb, lo, hi)
	p := piece{t0: t0 + lo, t1: t0 + hi, tc: t0 + s,
		dh: math.Hypot(dx+vx*s, dy+vy*s), dv: minAbsLinear(dz, vz, lo, hi)}
	if hi == T {
		p.t1 = t1
	} else if m.touching(dx+vx*T, dy+vy*T, dz+vz*T) {
		p.te = t1
	}
	if lo > 0 && m.touching(dx, dy, dz) {
		p.ts = t0
	}
	return append(out, p)
}

// mergePieces merges time-sorted pieces of one pair into conflicts: pieces
// that meet (closer than mergeGap) are one contiguous loss of separation.
// The result reuses ps's storage.
func mergePieces(ps []piece) []piece {
	if len(ps) == 0 {
		return ps
	}
	out := ps[:1]
	for i := 1; i < len(ps); i++ {
		if !absorb(&out[len(out)-1], &ps[i]) {
			out = append(out, ps[i])
		}
	}
	return out
}

// absorb merges p into c if p starts no later than c ends (within
// mergeGap) or where c ends at a seam (the separation only touches a
// minimum between them: see piece), reporting whether it did. p must not
// start before c.
func absorb(c, p *piece) bool {
	if p.t0 > c.t1+mergeGap && (c.te == 0 || c.te != p.ts) {
		return false
	}
	if p.t1 >= c.t1 {
		c.te = p.te
	}
	c.t1 = max(c.t1, p.t1)
	c.dv = min(c.dv, p.dv)
	if p.dh < c.dh {
		c.dh, c.tc, c.ia, c.ib = p.dh, p.tc, p.ia, p.ib
	}
	return true
}

// sortPieces orders pieces by start time.
func sortPieces(ps []piece) {
	slices.SortFunc(ps, func(x, y piece) int {
		switch {
		case x.t0 < y.t0:
			return -1
		case x.t0 > y.t0:
			return 1
		}
		return 0
	})
}

package deconflict

import (
	"math"
)

// slabWorker finds the conflict pieces of one time window: it computes the
// padded box of every plan active in the window, with copies of the
// segments the narrow phase needs (for a chunk of windows at once, see
// collect), sorts the boxes by cell (sortByCell) and then counting-sorts
// them party by party into a uniform grid (cells the size of an average
// box horizontally, layers one vertical minimum thick centred on its
// multiples), tests the pairs of different parties that share a cell
// (each pair only in the lowest cell they share), and runs the narrow
// phase on overlapping pairs. Its buffers are reused from window to window
// and, through core.workers, from call to call.
type slabWorker struct {
	chunk  [][]gbox // per window of the chunk
	segs   [][]gseg // per window of the chunk, parallel to chunk
	boxes  []gbox   // the window being gridded
	nar    []gseg   // its narrow-phase data, parallel to boxes
	sboxes []gbox   // boxes and nar sorted by cell (see sortByCell)
	snar   []gseg
	home   []int32
	counts []int32
	items  []int32 // box indices in cell order, a box once per cell it touches
	tmp    []piece
	out    []pairPiece // the pieces of the worker's windows in this call
	ka, kb []int32     // rank of each piece's a and b, parallel to out
	rank   []int32     // the call's ranks of the slots (see batch)
	merge  mergeBuf    // mergePairs' buffers, when this worker is the call's first
	byPid  []int32     // box indices grouped by party
	pidEnd []int32
	los    []float64
	his    []float64
	cur    []int32    // per plan, a segment cursor for collect
	stats  []winStats // per window of the chunk, parallel to chunk
}

// winStats is what run's grid needs to know of a window's boxes: their
// bounds and the sum of their widths and heights.
type winStats struct {
	bounds box
	ex     float64
}

// gbox is a plan's padded box in a window with its cell range.
type gbox struct {
	box
	slot, pid              int32
	x0, y0, z0, x1, y1, z1 int32
}

// run finds the conflict pieces among boxes (the plans' boxes in window
// [lo, hi], with their stats st), appending them to w.out.
func (w *slabWorker) run(c *core, plans []*trajectory, boxes []gbox, nar []gseg, st *winStats, lo, hi float64) {
	w.boxes, w.nar = boxes, nar
	n := len(w.boxes)
	if n < 2 {
		return
	}
	bounds, ex := st.bounds, st.ex
	// Cells about the size of an average box horizontally. Vertically,
	// layers one vertical minimum thick centred on its multiples: flights
	// at levels one minimum apart (boxes are padded by less than half of
	// it) each sit in one layer and never share a cell, which the average
	// box height (inflated by climbs) did not ensure. Cap the cell count at
	// ~4 per box.
	cxy, cz := ex/float64(2*n), c.cfg.VerticalMinimum
	oz := layerOrigin(bounds.minZ, cz)
	dims := func() (int, int, int) {
		return int((bounds.maxX-bounds.minX)/cxy) + 1, int((bounds.maxY-bounds.minY)/cxy) + 1, int((bounds.maxZ-oz)/cz) + 1
	}
	nx, ny, nz := dims()
	for nx*ny*nz > 4*n+64 {
		if nx*ny > 16 || nz == 1 {
			cxy *= 1.25
		} else {
			cz *= 2
			oz = layerOrigin(bounds.minZ, cz)
		}
		nx, ny, nz = dims()
	}
	cell := func(v, o, s float64, n int) int32 {
		return int32(min(n-1, max(0, int(math.Floor((v-o)/s)))))
	}
	ncell := nx * ny * nz
	w.counts = growZero(w.counts, ncell+1)
	for i := range w.boxes {
		g := &w.boxes[i]
		g.x0, g.x1 = cell(g.minX, bounds.minX, cxy, nx), cell(g.maxX, bounds.minX, cxy, nx)
		g.y0, g.y1 = cell(g.minY, bounds.minY, cxy, ny), cell(g.maxY, bounds.minY, cxy, ny)
		g.z0, g.z1 = cell(g.minZ, oz, cz, nz), cell(g.maxZ, oz, cz, nz)
		for z := g.z0; z <= g.z1; z++ {
			for y := g.y0; y <= g.y1; y++ {
				k := (int(z)*ny+int(y))*nx + 1
				for x := g.x0; x <= g.x1; x++ {
					w.counts[k+int(x)]++
				}
			}
		}
	}
	for i := 1; i <= ncell; i++ {
		w.counts[i] += w.counts[i-1]
	}
	w.sortByCell(ncell, nx, ny)
	total := int(w.counts[ncell])
	if cap(w.items) < total {
		w.items = make([]int32, total+total/4)
	}
	w.items = w.items[:total]
	// Fill the cells party by party, so that each cell's boxes are grouped
	// by party and cellPairs skips pairs of the same party wholesale.
	maxPid := int32(0)
	for i := range w.boxes {
		maxPid = max(maxPid, w.boxes[i].pid)
	}
	w.pidEnd = growZero(w.pidEnd, int(maxPid)+2)
	for i := range w.boxes {
		w.pidEnd[w.boxes[i].pid+1]++
	}
	for p := 1; p < len(w.pidEnd); p++ {
		w.pidEnd[p] += w.pidEnd[p-1]
	}
	if cap(w.byPid) < n {
		w.byPid = make([]int32, n)
	}
	w.byPid = w.byPid[:n]
	for i := range w.boxes {
		pid := w.boxes[i].pid
		w.byPid[w.pidEnd[pid]] = int32(i)
		w.pidEnd[pid]++
	}
	for _, i := range w.byPid {
		g := &w.boxes[i]
		for z := g.z0; z <= g.z1; z++ {
			for y := g.y0; y <= g.y1; y++ {
				k := (int(z)*ny + int(y)) * nx
				for x := g.x0; x <= g.x1; x++ {
					w.items[w.counts[k+int(x)]] = i
					w.counts[k+int(x)]++
				}
			}
		}
	}
	// counts[k] is now the end of cell k (and the start of cell k+1).
	start := int32(0)
	for z := range nz {
		for y := range ny {
			for x := range nx {
				k := (z*ny+y)*nx + x
				end := w.counts[k]
				if end-start > 1 {
					w.cellPairs(c, plans, w.items[start:end], int32(x), int32(y), int32(z), lo, hi)
				}
				start = end
			}
		}
	}
}

// sortByCell reorders w.boxes and w.nar (into w.sboxes and w.snar) by the
// cell of each box's low corner, with a counting sort: the pair tests and
// the narrow phase then read the boxes of neighbouring cells from
// neighbouring memory instead of from all over the window's boxes, which
// are in plan order. (Leaving w.nar in place and pointing to it from the
// boxes saved the copy but cost more in cache misses in the narrow phase.)
// The order of the boxes changes nothing else: each pair is still tested
// once, in the lowest cell both touch.
func (w *slabWorker) sortByCell(ncell, nx, ny int) {
	n := len(w.boxes)
	home := func(g *gbox) int { return (int(g.z0)*ny+int(g.y0))*nx + int(g.x0) }
	w.home = growZero(w.home, ncell+1)
	for i := range w.boxes {
		w.home[home(&w.boxes[i])+1]++
	}
	for i := 1; i <= ncell; i++ {
		w.home[i] += w.home[i-1]
	}
	if cap(w.sboxes) < n {
		w.sboxes, w.snar = make([]gbox, n), make([]gseg, n)
	}
	w.sboxes, w.snar = w.sboxes[:n], w.snar[:n]
	for i := range w.boxes {
		k := home(&w.boxes[i])
		j := w.home[k]
		w.home[k]++
		w.sboxes[j], w.snar[j] = w.boxes[i], w.nar[i]
	}
	w.boxes, w.nar = w.sboxes, w.snar
}

// cellPairs tests the pairs of one cell. The cell's boxes are grouped by
// party (see run): each box is paired with the later groups only.
func (w *slabWorker) cellPairs(c *core, plans []*trajectory, items []int32, x, y, z int32, lo, hi float64) {
	for i := 0; i < len(items); {
		pid := w.boxes[items[i]].pid
		g := i + 1
		for g < len(items) && w.boxes[items[g]].pid == pid {
			g++
		}
		for ; i < g; i++ {
			w.groupPairs(c, plans, items[i], items[g:], x, y, z, lo, hi)
		}
	}
}

// groupPairs tests the pairs of box pi with the boxes qs of other parties.
func (w *slabWorker) groupPairs(c *core, plans []*trajectory, pi int32, qs []int32, x, y, z int32, lo, hi float64) {
	p := &w.boxes[pi]
	for _, j := range qs {
		q := &w.boxes[j]
		if !p.overlaps(&q.box) || max(p.x0, q.x0) != x || max(p.y0, q.y0) != y || max(p.z0, q.z0) != z {
			continue
		}
		// Oriented by rank, as batch's result is: the pair maths is
		// symmetric to the bit (swapping a and b negates every difference
		// exactly), so this is what the other orientation gives, swapped.
		a, b, na, nb := p.slot, q.slot, &w.nar[pi], &w.nar[j]
		if w.rank[b] < w.rank[a] {
			a, b, na, nb = b, a, nb, na
		}
		// pairPiecesFrom's window: max and min are exact, so this is its
		// max(a.t0, b.t0, lo) and min(a.t1, b.t1, hi).
		t, end := max(na.l, nb.l), min(na.h, nb.h)
		switch {
		case t > end:
			continue
		case na.n > 0 && nb.n > 0:
			// The copies hold every segment the walk over [t, end] can
			// reach (it never advances to one starting after end <= h),
			// so it computes exactly what it would on the trajectories.
			// Likewise walkAt at tc <= end: a copy ending at tc is
			// followed by the next segment (which starts at tc <= h) if
			// the trajectory has one, so it finds position's segment.
			as, bs := na.s[:na.n], nb.s[:nb.n]
			w.tmp = c.min.piecesIn(as, bs, t, end, 0, 0, w.tmp[:0])
			w.emit(a, b, as, bs, na.seg, nb.seg)
		default:
			w.tmp = c.min.pairPiecesFrom(plans[a], plans[b], lo, hi, int(na.seg), int(nb.seg), w.tmp[:0])
			w.emit(a, b, plans[a].segs, plans[b].segs, 0, 0)
		}
	}
}

// emit appends the pieces w.tmp of slots a and b, found on segments as and
// bs (whose first ones are segments sa and sb of their trajectories), to
// w.out with their positions and the ranks of a and b (to w.ka and w.kb).
// Pieces that meet (the pair's pieces on either side of a waypoint) are
// merged first, as mergePairs would merge them: it merges each pair's
// pieces in time order, and these are consecutive in it.
func (w *slabWorker) emit(a, b int32, as, bs []segment, sa, sb int32) {
	if len(w.tmp) == 0 {
		return
	}
	var cur pairPiece
	for i, pc := range w.tmp {
		pp := pairPiece{a: a, b: b, piece: pc}
		pp.pa[0], pp.pa[1], pp.pa[2] = walkAt(as, int(pc.ia), pc.tc)
		pp.pb[0], pp.pb[1], pp.pb[2] = walkAt(bs, int(pc.ib), pc.tc)
		pp.ia += sa
		pp.ib += sb
		if i > 0 {
			closer := pp.dh < cur.dh // absorb takes pp's tc then
			if absorb(&cur.piece, &pp.piece) {
				if closer {
					cur.pa, cur.pb = pp.pa, pp.pb
				}
				continue
			}
			w.out = append(w.out, cur)
		}
		cur = pp
	}
	w.out = append(w.out, cur)
	for len(w.ka) < len(w.out) {
		w.ka, w.kb = append(w.ka, w.rank[a]), append(w.kb, w.rank[b])
	}
}

// layerOrigin returns the bottom of the layer of thickness cz, centred on
// a multiple of cz, that holds z.
func layerOrigin(z, cz float64) float64 {
	return math.Floor((z+cz/2)/cz)*cz - cz/2
}

// growZero returns s resized to n and zeroed.
func growZero(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	s = s[:n]
	clear(s)
	return s
}

package deconflict

import (
	"math"
)

// slabWorker finds the conflict pieces of one time window: it computes the
// padded box of every plan active in the window (for a chunk of windows at
// once, see collect), counting-sorts the boxes party by party into a
// uniform grid over space and altitude sized to the boxes, tests the pairs
// of different parties that share a cell (each pair only in the lowest
// cell they share), and runs the narrow phase on overlapping pairs. Its
// buffers are reused from window to window and, through core.workers,
// from call to call.
type slabWorker struct {
	chunk  [][]gbox // per window of the chunk
	boxes  []gbox   // the window being gridded
	counts []int32
	items  []int32 // box indices in cell order, a box once per cell it touches
	tmp    []piece
	out    []pairPiece
	byPid  []int32 // box indices grouped by party
	pidEnd []int32
	los    []float64
	his    []float64
}

// gbox is a plan's padded box in a window with its cell range and the
// index of its plan's segment in force at the window's start.
type gbox struct {
	box
	slot, pid, seg         int32
	x0, y0, z0, x1, y1, z1 int32
}

// batchChunk is how many consecutive windows a worker takes at once: it
// walks each plan's segments once for all of them (plan-major, which
// keeps the segments in cache) and then grids them one by one.
const batchChunk = 8

// collect fills w.chunk[k] with the padded box of every plan of trajs
// active in window k of the chunk [los[k], his[k]], in slot order.
func (w *slabWorker) collect(c *core, trajs []*trajectory, los, his []float64) {
	if len(w.chunk) < len(los) {
		w.chunk = make([][]gbox, len(los))
	}
	w.chunk = w.chunk[:len(los)]
	for k := range w.chunk {
		if cap(w.chunk[k]) < len(trajs) { // at most one box per plan
			w.chunk[k] = make([]gbox, 0, len(trajs))
		}
		w.chunk[k] = w.chunk[k][:0]
	}
	first, last := los[0], his[len(his)-1]
	for p, tr := range trajs {
		if tr == nil || tr.t0 > last || tr.t1 < first {
			continue
		}
		seg := tr.segAt(max(first, tr.t0))
		for k := range los {
			if tr.t0 > his[k] || tr.t1 < los[k] {
				continue
			}
			l, h := max(los[k], tr.t0), min(his[k], tr.t1)
			for seg < len(tr.segs)-1 && tr.segs[seg].t1 <= l {
				seg++
			}
			g := gbox{box: emptyBox(), slot: int32(p), pid: tr.pid, seg: int32(seg)}
			for j := seg; j < len(tr.segs) && tr.segs[j].t0 <= h; j++ {
				sg := &tr.segs[j]
				g.add(sg.at(max(l, sg.t0)))
				g.add(sg.at(min(h, sg.t1)))
			}
			g.pad(c.padXY, c.padZ)
			w.chunk[k] = append(w.chunk[k], g)
		}
	}
}

// run finds the conflict pieces among boxes (the plans' boxes in window
// [lo, hi]), appending them to w.out.
func (w *slabWorker) run(c *core, plans []*trajectory, boxes []gbox, lo, hi float64) {
	w.boxes = boxes
	n := len(w.boxes)
	if n < 2 {
		return
	}
	bounds := emptyBox()
	var ex, ez float64
	for i := range w.boxes {
		b := &w.boxes[i].box
		bounds.add(b.minX, b.minY, b.minZ)
		bounds.add(b.maxX, b.maxY, b.maxZ)
		ex += (b.maxX - b.minX) + (b.maxY - b.minY)
		ez += b.maxZ - b.minZ
	}
	// Cells about the size of an average box: each box touches few cells
	// and each cell holds few boxes. Cap the cell count at ~4 per box.
	cxy, cz := ex/float64(2*n), ez/float64(n)
	dims := func() (int, int, int) {
		return int((bounds.maxX-bounds.minX)/cxy) + 1, int((bounds.maxY-bounds.minY)/cxy) + 1, int((bounds.maxZ-bounds.minZ)/cz) + 1
	}
	nx, ny, nz := dims()
	for nx*ny*nz > 4*n+64 {
		cxy, cz = cxy*1.25, cz*1.25
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
		g.z0, g.z1 = cell(g.minZ, bounds.minZ, cz, nz), cell(g.maxZ, bounds.minZ, cz, nz)
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
			w.groupPairs(c, plans, &w.boxes[items[i]], items[g:], x, y, z, lo, hi)
		}
	}
}

// groupPairs tests the pairs of p with the boxes qs of other parties.
func (w *slabWorker) groupPairs(c *core, plans []*trajectory, p *gbox, qs []int32, x, y, z int32, lo, hi float64) {
	for _, j := range qs {
		q := &w.boxes[j]
		if !p.overlaps(&q.box) || max(p.x0, q.x0) != x || max(p.y0, q.y0) != y || max(p.z0, q.z0) != z {
			continue
		}
		// Oriented by slot here (an integer compare instead of a string
		// one); batch orients by id rank. The pair maths is symmetric to
		// the bit: swapping a and b negates every difference exactly.
		a, b, sa, sb := p.slot, q.slot, p.seg, q.seg
		if b < a {
			a, b, sa, sb = b, a, sb, sa
		}
		w.tmp = c.min.pairPiecesFrom(plans[a], plans[b], lo, hi, int(sa), int(sb), w.tmp[:0])
		for _, pc := range w.tmp {
			w.out = append(w.out, pairPiece{a: a, b: b, piece: pc})
		}
	}
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

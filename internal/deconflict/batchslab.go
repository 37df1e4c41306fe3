package deconflict

import (
	"math"
	"sort"
)

// slabWorker finds the conflict pieces of one time slab: it collects the
// padded box of every plan active in the slab, counting-sorts the boxes
// into a uniform grid over space and altitude sized to the boxes, tests the
// pairs that share a cell (each pair only in the lowest cell they share),
// and runs the narrow phase on overlapping pairs of different parties. Its
// buffers are reused from slab to slab.
type slabWorker struct {
	boxes  []gbox
	counts []int32
	items  []int32
	tmp    []piece
	out    []pairPiece
}

// gbox is a box in a window's grid with its cell range and the index of
// its plan's segment in force at the window's start.
type gbox struct {
	box
	slot, pid, seg         int32
	x0, y0, z0, x1, y1, z1 int32
}

// windowBoxes computes, plan by plan (in parallel, walking each plan's
// segments once), the padded box of every plan in each of n consecutive
// windows, returned grouped by window.
func (c *core) windowBoxes(trajs []*trajectory, n int, window func(i int) (lo, hi float64)) [][]gbox {
	// first/last window of each plan, found by binary search over windows.
	first := make([]int32, len(trajs))
	last := make([]int32, len(trajs))
	counts := make([]int, n+1)
	los := make([]float64, n)
	his := make([]float64, n)
	for i := range n {
		los[i], his[i] = window(i)
	}
	for p, tr := range trajs {
		first[p], last[p] = -1, -2
		if tr == nil {
			continue
		}
		f := sort.Search(n, func(i int) bool { return his[i] >= tr.t0 })
		l := sort.Search(n, func(i int) bool { return los[i] > tr.t1 }) - 1
		if f > l {
			continue
		}
		first[p], last[p] = int32(f), int32(l)
		for i := f; i <= l; i++ {
			counts[i+1]++
		}
	}
	for i := 1; i <= n; i++ {
		counts[i] += counts[i-1]
	}
	all := make([]gbox, counts[n])
	pos := make([]int, n)
	copy(pos, counts[:n])
	// Each plan's boxes go to consecutive windows; assigning their places
	// sequentially keeps every window's boxes in plan order. idx[at[p]+k]
	// is where plan p's k-th box goes.
	at := make([]int, len(trajs))
	idx := make([]int32, 0, len(all))
	for p := range trajs {
		at[p] = len(idx)
		for i := first[p]; i <= last[p]; i++ {
			idx = append(idx, int32(pos[i]))
			pos[i]++
		}
	}
	c.parallel(len(trajs), func(p int) {
		tr := trajs[p]
		if tr == nil || first[p] > last[p] {
			return
		}
		k := at[p]
		seg := 0
		for i := first[p]; i <= last[p]; i++ {
			lo, hi := max(los[i], tr.t0), min(his[i], tr.t1)
			for seg < len(tr.segs)-1 && tr.segs[seg].t1 <= lo {
				seg++
			}
			g := gbox{box: emptyBox(), slot: int32(p), pid: tr.pid, seg: int32(seg)}
			for j := seg; j < len(tr.segs) && tr.segs[j].t0 <= hi; j++ {
				sg := &tr.segs[j]
				g.add(sg.at(max(lo, sg.t0)))
				g.add(sg.at(min(hi, sg.t1)))
			}
			g.pad(c.padXY, c.padZ)
			all[idx[k]] = g
			k++
		}
	})
	out := make([][]gbox, n)
	for i := range n {
		out[i] = all[counts[i]:counts[i+1]:counts[i+1]]
	}
	return out
}

func (w *slabWorker) run(c *core, plans []*trajectory, boxes []gbox, lo, hi float64) {
	w.boxes = boxes
	bounds := emptyBox()
	var ex, ez float64
	for i := range boxes {
		b := &boxes[i].box
		bounds.add(b.minX, b.minY, b.minZ)
		bounds.add(b.maxX, b.maxY, b.maxZ)
		ex += (b.maxX - b.minX) + (b.maxY - b.minY)
		ez += b.maxZ - b.minZ
	}
	n := len(w.boxes)
	if n < 2 {
		return
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
		for x := g.x0; x <= g.x1; x++ {
			for y := g.y0; y <= g.y1; y++ {
				for z := g.z0; z <= g.z1; z++ {
					w.counts[(int(z)*ny+int(y))*nx+int(x)+1]++
				}
			}
		}
	}
	for i := 1; i <= ncell; i++ {
		w.counts[i] += w.counts[i-1]
	}
	total := int(w.counts[ncell])
	if cap(w.items) < total {
		w.items = make([]int32, total)
	}
	w.items = w.items[:total]
	for i := range w.boxes {
		g := &w.boxes[i]
		for x := g.x0; x <= g.x1; x++ {
			for y := g.y0; y <= g.y1; y++ {
				for z := g.z0; z <= g.z1; z++ {
					k := (int(z)*ny+int(y))*nx + int(x)
					w.items[w.counts[k]] = int32(i)
					w.counts[k]++
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
				w.cellPairs(c, plans, w.items[start:end], int32(x), int32(y), int32(z), lo, hi)
				start = end
			}
		}
	}
}

// cellPairs tests the pairs of one cell.
func (w *slabWorker) cellPairs(c *core, plans []*trajectory, items []int32, x, y, z int32, lo, hi float64) {
	for i, bi := range items {
		p := &w.boxes[bi]
		for _, bj := range items[i+1:] {
			q := &w.boxes[bj]
			if p.pid == q.pid || !p.overlaps(&q.box) ||
				max(p.x0, q.x0) != x || max(p.y0, q.y0) != y || max(p.z0, q.z0) != z {
				continue
			}
			a, b, sa, sb := p.slot, q.slot, p.seg, q.seg
			if plans[b].id < plans[a].id {
				a, b, sa, sb = b, a, sb, sa
			}
			w.tmp = c.min.pairPiecesFrom(plans[a], plans[b], lo, hi, int(sa), int(sb), w.tmp[:0])
			for _, pc := range w.tmp {
				w.out = append(w.out, pairPiece{a: a, b: b, piece: pc})
			}
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

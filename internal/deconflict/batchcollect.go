package deconflict

// gseg is what the narrow phase needs of a plan in a window, copied beside
// its box so that almost no pair touches the trajectories (whose segments
// are scattered in memory): the plan's active part [l, h] of the window,
// the index of its segment in force at l and copies of the n segments
// from that one on that start by h. n is 0 when there are more than
// gsegMax of them; the pair then reads the trajectories.
type gseg struct {
	l, h float64
	s    [gsegMax]segment
	seg  int32
	n    int32
}

// gsegMax is how many segments a gseg copies: a window of one 60 s slab
// rarely holds more than one waypoint of a plan.
const gsegMax = 2

// batchChunk is how many consecutive windows a worker takes at most at
// once: it walks each plan's segments once for all of them (plan-major,
// which keeps the segments in cache) and then grids them one by one.
const batchChunk = 8

// collect fills w.chunk[k] with the padded box of every plan of trajs
// active in window k of the chunk [los[k], his[k]], in slot order,
// w.segs[k] with their narrow-phase data and w.stats[k] with the bounds
// and size of those boxes (for run's grid).
// spans[p] is trajs[p]'s active time [t0, t1] (empty for a free slot),
// held compactly so that plans inactive in the chunk are skipped without
// reading their trajectories (most of them when traffic fills a day).
// w.cur[p] is the index of a segment of trajs[p] at or before the one in
// force at the chunk's start, and is left at or before the one in force
// at the next chunk's: a worker takes its chunks in time order, so each
// plan's segments are walked forward from where the last chunk left them
// instead of searched for.
func (w *slabWorker) collect(c *core, trajs []*trajectory, spans [][2]float64, los, his []float64) {
	// Reslice within the capacity (not the length, which a short last
	// chunk shortens): the windows' buffers beyond it are kept.
	if cap(w.chunk) < len(los) {
		w.chunk = make([][]gbox, len(los))
		w.segs = make([][]gseg, len(los))
	}
	w.chunk, w.segs = w.chunk[:len(los)], w.segs[:len(los)]
	for k := range w.chunk {
		if cap(w.chunk[k]) < len(trajs) { // at most one box per plan
			w.chunk[k] = make([]gbox, 0, len(trajs))
			w.segs[k] = make([]gseg, 0, len(trajs))
		}
		w.chunk[k], w.segs[k] = w.chunk[k][:0], w.segs[k][:0]
	}
	w.stats = grow(w.stats, len(los))
	for k := range w.stats {
		w.stats[k] = winStats{bounds: emptyBox()}
	}
	first, last := los[0], his[len(his)-1]
	for p, sp := range spans {
		if sp[0] > last || sp[1] < first {
			continue
		}
		tr := trajs[p]
		seg := int(w.cur[p])
		for k := range los {
			if tr.t0 > his[k] || tr.t1 < los[k] {
				continue
			}
			l, h := max(los[k], tr.t0), min(his[k], tr.t1)
			for seg < len(tr.segs)-1 && tr.segs[seg].t1 <= l {
				seg++
			}
			g := gbox{box: emptyBox(), slot: int32(p), pid: tr.pid}
			ns := gseg{l: l, h: h, seg: int32(seg)}
			for j := seg; j < len(tr.segs) && tr.segs[j].t0 <= h; j++ {
				sg := &tr.segs[j]
				g.add(sg.at(max(l, sg.t0)))
				g.add(sg.at(min(h, sg.t1)))
				if i := j - seg; i < gsegMax {
					ns.s[i] = *sg
					ns.n++
				} else {
					ns.n = 0
				}
			}
			g.pad(c.padXY, c.padZ)
			st := &w.stats[k]
			st.bounds.add(g.minX, g.minY, g.minZ)
			st.bounds.add(g.maxX, g.maxY, g.maxZ)
			st.ex += (g.maxX - g.minX) + (g.maxY - g.minY)
			w.chunk[k] = append(w.chunk[k], g)
			w.segs[k] = append(w.segs[k], ns)
		}
		w.cur[p] = int32(seg)
	}
}

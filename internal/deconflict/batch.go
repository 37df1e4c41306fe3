package deconflict

import (
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// pairPiece is a piece tagged with the slots of its pair, oriented as
// batch documents (by id in AllConflicts' result), with the projected
// positions of a and b at the piece's tc (x, y in metres, z in feet):
// the narrow phase computes them from the segments it holds, to the bit
// what core.position computes from the trajectories (see walkAt), so that
// the output need not read the trajectories' segments again.
type pairPiece struct {
	a, b   int32
	pa, pb [3]float64
	piece
}

// AllConflicts recomputes every conflict between the plans held, from
// scratch and in parallel over time slabs, sorted by (A, B, Start). It does
// not use or change the incremental state and always equals Conflicts.
func (e *Engine) AllConflicts() []Conflict { return e.AppendAllConflicts([]Conflict{}) }

// AppendAllConflicts appends what AllConflicts returns to dst and returns
// the extended slice. A caller that recomputes the set repeatedly can pass
// the storage of its previous result (prev[:0]): with tens of thousands of
// conflicts the result is tens of MB, and fresh memory costs a page fault
// per 4 KB on first touch.
func (e *Engine) AppendAllConflicts(dst []Conflict) []Conflict {
	e.mu.Lock()
	defer e.mu.Unlock()
	// Grouping the pieces by the id ranks of their plans (a's id is below
	// b's) and keeping each pair's pieces in time order yields the
	// conflicts already sorted by (A, B, Start): no sort of the output.
	pps := e.batchPlans(idRanks(e.plans))
	n0 := len(dst)
	dst = slices.Grow(dst, len(pps))[:n0+len(pps)]
	out := dst[n0:]
	e.parallel(len(pps), func(i int) {
		pp := &pps[i]
		a, b, p := e.plans[pp.a], e.plans[pp.b], &pp.piece
		// As core.conflict, with the positions the narrow phase computed.
		out[i] = Conflict{A: a.id, B: b.id, PartyA: a.party, PartyB: b.party,
			Start: toTime(p.t0), End: toTime(p.t1), CPA: toTime(p.tc),
			MinHorizontalM: p.dh, MinVerticalFt: p.dv,
			PosA: e.positionAt(pp.pa[0], pp.pa[1], pp.pa[2]), PosB: e.positionAt(pp.pb[0], pp.pb[1], pp.pb[2])}
	})
	return dst
}

// idRanks returns the rank of each slot's plan id among the plans held
// (free slots rank last, in slot order).
func idRanks(trajs []*trajectory) []int32 {
	order := make([]int32, len(trajs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		a, b := trajs[x], trajs[y]
		switch {
		case a == nil && b == nil:
			return int(x - y)
		case a == nil:
			return 1
		case b == nil:
			return -1
		}
		return strings.Compare(a.id, b.id)
	})
	rank := make([]int32, len(trajs))
	for r, slot := range order {
		rank[slot] = int32(r)
	}
	return rank
}

// Load adds many plans at once: it validates them all first and, if any is
// invalid or its id is held or repeated, returns that error and changes
// nothing. It is equivalent to AddPlan for each plan but computes the
// conflicts in one parallel batch; it returns the number of conflicts added.
func (e *Engine) Load(plans []FlightPlan) (int, error) {
	trs := make([]*trajectory, len(plans))
	errs := make([]error, len(plans))
	e.parallel(len(plans), func(i int) { trs[i], errs[i] = e.compile(plans[i]) })
	e.mu.Lock()
	defer e.mu.Unlock()
	seen := make(map[string]bool, len(plans))
	for i, err := range errs {
		if err != nil {
			return 0, err
		}
		if _, ok := e.byID[plans[i].ID]; ok || seen[plans[i].ID] {
			return 0, &ValidationError{Kind: "plan", ID: plans[i].ID, Index: -1, Field: "id", Reason: ErrExists.Error()}
		}
		seen[plans[i].ID] = true
	}
	for _, tr := range trs {
		slot := e.alloc(tr)
		e.idx.insert(&e.core, slot, tr.pid, tr)
	}
	pps := e.batchPlans(nil)
	n := 0
	for i := 0; i < len(pps); {
		j := i
		for j < len(pps) && pps[j].a == pps[i].a && pps[j].b == pps[i].b {
			j++
		}
		// batchPlans(nil) orients pairs by slot; e.pairs holds them by id.
		swap := e.plans[pps[i].b].id < e.plans[pps[i].a].id
		ps := make([]piece, j-i)
		for k := range ps {
			ps[k] = pps[i+k].piece
			if swap {
				ps[k].ia, ps[k].ib = ps[k].ib, ps[k].ia
			}
		}
		e.link(pps[i].a, pps[i].b, ps)
		n += len(ps)
		i = j
	}
	return n, nil
}

// parallel runs fn(0..n-1) on the configured number of workers.
func (c *core) parallel(n int, fn func(i int)) {
	w := min(c.cfg.Workers, n)
	if w <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	// Claim indices in blocks (one atomic add per block, not per index:
	// the counter's cache line no longer bounces per item), small enough
	// that the workers finish together.
	grain := max(1, min(1024, n/(16*w)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Go(func() {
			for {
				i0 := int(next.Add(int64(grain)) - int64(grain))
				if i0 >= n {
					return
				}
				for i := i0; i < min(n, i0+grain); i++ {
					fn(i)
				}
			}
		})
	}
	wg.Wait()
}

// batchPlans computes all merged conflicts among the engine's plans,
// grouped by pair (in the order of rank, see batch) and sorted by start,
// one time slab per work item. Slabs are the incremental index's, so that
// both cut the pieces at the same instants and agree to the last bit.
// The result is e.pps, valid until the next call.
func (e *Engine) batchPlans(rank []int32) []pairPiece {
	s0, s1 := int64(math.MaxInt64), int64(math.MinInt64)
	for _, tr := range e.plans {
		if tr != nil {
			a, b := e.slabRange(tr)
			s0, s1 = min(s0, a), max(s1, b)
		}
	}
	if s0 > s1 {
		return nil
	}
	e.pps = e.batch(e.plans, rank, int(s1-s0+1), func(i int) (lo, hi float64) { return e.slabWindow(s0 + int64(i)) }, e.pps)
	return e.pps
}

// batch computes all merged conflicts among trajs (nil entries are free
// slots, pid must be set) over the union of n consecutive closed time
// windows. Windows are processed in parallel. The result is grouped by
// pair, ordered by (rank[a], rank[b]) with rank[a] < rank[b] — by slot
// if rank is nil, when callers must orient pairs by id themselves — and
// each pair's pieces are in time order. The result is appended to dst[:0]
// (callers keep it between calls, each under its own lock: a result of
// tens of MB allocated afresh costs more in page faults than it takes to
// compute).
func (c *core) batch(trajs []*trajectory, rank []int32, n int, window func(i int) (lo, hi float64), dst []pairPiece) []pairPiece {
	if n <= 0 {
		return dst[:0]
	}
	if rank == nil {
		rank = make([]int32, len(trajs))
		for i := range rank {
			rank[i] = int32(i)
		}
	}
	spans := make([][2]float64, len(trajs))
	for p, tr := range trajs {
		spans[p] = [2]float64{math.Inf(1), math.Inf(-1)}
		if tr != nil {
			spans[p] = [2]float64{tr.t0, tr.t1}
		}
	}
	// Each window's pieces stay in the buffer of the worker that found
	// them (reused from call to call) until the merge has read them, so
	// the workers are taken for the whole call and given back at its end.
	workers := max(1, c.cfg.Workers)
	sws := make([]*slabWorker, min(workers, n))
	for i := range sws {
		sws[i] = c.getWorker()
	}
	defer func() {
		for _, sw := range sws {
			c.putWorker(sw)
		}
	}()
	ends := make([]int, n) // end of window i's pieces in its worker's out
	owner := make([]int32, n)
	// Chunks of up to batchChunk windows, but no more than half a
	// worker's share of the windows left (guided self-scheduling): the
	// chunks shrink towards the end, so that the workers finish together.
	var next atomic.Int64
	claim := func() (i0, i1 int) {
		for {
			i0 := int(next.Load())
			if i0 >= n {
				return n, n
			}
			i1 := i0 + max(1, min(batchChunk, (n-i0)/(2*len(sws))))
			if next.CompareAndSwap(int64(i0), int64(i1)) {
				return i0, i1
			}
		}
	}
	var wg sync.WaitGroup
	for wi, sw := range sws {
		wg.Go(func() {
			los, his := sw.los[:0], sw.his[:0]
			defer func() { sw.los, sw.his = los, his }()
			sw.out, sw.ka, sw.kb, sw.rank = sw.out[:0], sw.ka[:0], sw.kb[:0], rank
			defer func() { sw.rank = nil }()
			sw.cur = growZero(sw.cur, len(trajs))
			for {
				i0, i1 := claim()
				if i0 >= n {
					return
				}
				los, his = los[:0], his[:0]
				for i := i0; i < i1; i++ {
					lo, hi := window(i)
					los, his = append(los, lo), append(his, hi)
				}
				sw.collect(c, trajs, spans, los, his)
				for k := range los {
					sw.run(c, trajs, sw.chunk[k], sw.segs[k], &sw.stats[k], los[k], his[k])
					ends[i0+k], owner[i0+k] = len(sw.out), int32(wi)
				}
			}
		})
	}
	wg.Wait()
	// Leave each worker room for three quarters of this call's pieces, so
	// that the next call's uneven share of windows does not grow (copy)
	// its buffers while it runs.
	base := make([]int, len(sws)+1) // worker w's pieces are base[w]… in mergePairs' numbering
	for w, sw := range sws {
		base[w+1] = base[w] + len(sw.out)
	}
	total := base[len(sws)]
	defer func() {
		for _, sw := range sws {
			if need := total * 3 / 4; cap(sw.out) < need {
				sw.out = slices.Grow(sw.out[:0], need)
				sw.ka, sw.kb = slices.Grow(sw.ka[:0], need), slices.Grow(sw.kb[:0], need)
			}
		}
	}()
	wins := make([][2]int, n)
	starts := make([]int, len(sws))
	for i := range wins {
		o := owner[i]
		wins[i] = [2]int{base[o] + starts[o], base[o] + ends[i]}
		starts[o] = ends[i]
	}
	return mergePairs(sws, base, wins, len(rank), &sws[0].merge, dst)
}

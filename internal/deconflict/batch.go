package deconflict

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// pairPiece is a piece tagged with the slots of its pair (a's plan id is
// smaller than b's).
type pairPiece struct {
	a, b int32
	piece
}

// AllConflicts recomputes every conflict between the plans held, from
// scratch and in parallel over time slabs, sorted by (A, B, Start). It does
// not use or change the incremental state and always equals Conflicts.
func (e *Engine) AllConflicts() []Conflict {
	e.mu.Lock()
	defer e.mu.Unlock()
	pps := e.batchPlans()
	out := make([]Conflict, len(pps))
	e.parallel(len(pps), func(i int) {
		a, b := e.plans[pps[i].a], e.plans[pps[i].b]
		out[i] = e.conflict(a, b, &pps[i].piece)
	})
	SortConflicts(out)
	return out
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
	pps := e.batchPlans()
	n := 0
	for i := 0; i < len(pps); {
		j := i
		for j < len(pps) && pps[j].a == pps[i].a && pps[j].b == pps[i].b {
			j++
		}
		ps := make([]piece, j-i)
		for k := range ps {
			ps[k] = pps[i+k].piece
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
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// batchPlans computes all merged conflicts among the engine's plans,
// sorted by pair and start, one time slab per work item.
func (e *Engine) batchPlans() []pairPiece {
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
	return e.batch(e.plans, int(s1-s0+1), func(i int) (lo, hi float64) { return e.slabWindow(s0 + int64(i)) })
}

// batch computes all merged conflicts among trajs (nil entries are free
// slots, pid must be set) over the union of n consecutive closed time
// windows, sorted by pair and start. Windows are processed in parallel.
func (c *core) batch(trajs []*trajectory, n int, window func(i int) (lo, hi float64)) []pairPiece {
	boxes := c.windowBoxes(trajs, n, window)
	perWindow := make([][]pairPiece, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, c.cfg.Workers) {
		wg.Go(func() {
			var sw slabWorker
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				lo, hi := window(i)
				sw.out = sw.out[:0]
				if len(boxes[i]) > 1 {
					sw.run(c, trajs, boxes[i], lo, hi)
				}
				perWindow[i] = slices.Clone(sw.out)
			}
		})
	}
	wg.Wait()
	// Windows in time order give each pair's pieces in time order; a
	// stable counting sort by first slot, then a stable sort by second slot
	// within each bucket, groups the pairs without disturbing that order.
	counts := make([]int32, len(trajs)+1)
	total := 0
	for _, o := range perWindow {
		for i := range o {
			counts[o[i].a+1]++
		}
		total += len(o)
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	all := make([]pairPiece, total)
	pos := slices.Clone(counts)
	for _, o := range perWindow {
		for i := range o {
			all[pos[o[i].a]] = o[i]
			pos[o[i].a]++
		}
	}
	perWindow = nil
	c.parallel(len(trajs), func(a int) {
		slices.SortStableFunc(all[counts[a]:counts[a+1]], func(x, y pairPiece) int { return int(x.b - y.b) })
	})
	// Merge each pair's run in place.
	out := all[:0]
	for i := range all {
		if n := len(out); n > 0 && out[n-1].a == all[i].a && out[n-1].b == all[i].b &&
			absorb(&out[n-1].piece, &all[i].piece) {
			continue
		}
		out = append(out, all[i])
	}
	return out
}

package deconflict

import (
	"fmt"
	"slices"
	"sync"
)

// Engine holds flight plans, tracks and reservations and the current set of
// conflicts between plans. It is safe for concurrent use: plan and
// reservation methods share one lock, track methods another.
type Engine struct {
	core

	mu      sync.Mutex
	plans   []*trajectory // by slot; nil when free
	free    []int32
	byID    map[string]int32
	parties map[string]int32
	idx     index
	// pairs holds the current conflicts of each pair of slots (key
	// pairKey(lo, hi)), as merged pieces oriented by plan id.
	pairs    map[uint64][]piece
	partners map[int32]map[int32]struct{}
	resv     map[string]*reservation
	cands    []cand      // pairsOf's scratch, reused under mu
	pps      []pairPiece // batchPlans' result, reused under mu

	tracks tracks
}

// New returns an empty engine configured by cfg, or an error naming the
// first invalid field of cfg.
func New(cfg Config) (*Engine, error) {
	c, err := newCore(cfg)
	if err != nil {
		return nil, err
	}
	e := &Engine{core: c, byID: make(map[string]int32), parties: make(map[string]int32),
		idx:   newIndex(4*c.cfg.LateralMinimum, 4*c.cfg.VerticalMinimum),
		pairs: make(map[uint64][]piece), partners: make(map[int32]map[int32]struct{}),
		resv: make(map[string]*reservation)}
	e.tracks.init(&e.core)
	return e, nil
}

// Config returns the engine's configuration with defaults filled in.
func (e *Engine) Config() Config { return e.cfg }

// Projection returns the engine's local projection.
func (e *Engine) Projection() *Projection { return e.proj }

func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(uint32(b))
}

// intern returns the small integer standing for party.
func (e *Engine) intern(party string) int32 {
	id, ok := e.parties[party]
	if !ok {
		id = int32(len(e.parties))
		e.parties[party] = id
	}
	return id
}

// AddPlan validates p and adds it, returning the conflicts it creates with
// plans of other parties, sorted by (A, B, Start). It returns a
// *ValidationError (wrapping ErrInvalid) for an invalid plan and an error
// wrapping ErrExists if a plan with p.ID is held; the engine is then unchanged.
func (e *Engine) AddPlan(p FlightPlan) (added []Conflict, err error) {
	tr, err := e.compile(p)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.byID[p.ID]; ok {
		return nil, fmt.Errorf("deconflict: add plan %q: %w", p.ID, ErrExists)
	}
	slot := e.alloc(tr)
	for other, ps := range e.pairsOf(slot) {
		e.link(slot, other, ps)
		added = e.appendConflicts(added, slot, other, ps)
	}
	e.idx.insert(&e.core, slot, tr.pid, tr)
	SortConflicts(added)
	return added, nil
}

// UpdatePlan replaces the plan with p.ID by p, returning the conflicts that
// appeared and those that disappeared (a conflict unchanged by the
// amendment is in neither), each sorted by (A, B, Start). It returns a
// *ValidationError for an invalid plan and an error wrapping ErrNotFound if
// no plan has p.ID; the engine is then unchanged.
func (e *Engine) UpdatePlan(p FlightPlan) (added, removed []Conflict, err error) {
	tr, err := e.compile(p)
	if err != nil {
		return nil, nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	slot, ok := e.byID[p.ID]
	if !ok {
		return nil, nil, fmt.Errorf("deconflict: update plan %q: %w", p.ID, ErrNotFound)
	}
	old := e.plans[slot]
	before := make(map[int32][]piece, len(e.partners[slot]))
	for other := range e.partners[slot] {
		before[other] = e.pairs[pairKey(slot, other)]
	}
	e.unlinkAll(slot)
	e.idx.remove(slot)
	tr.pid = e.intern(tr.party)
	e.plans[slot] = tr
	after := e.pairsOf(slot)
	for other, ps := range after {
		e.link(slot, other, ps)
		if prev, ok := before[other]; ok && samePieces(prev, ps) && old.party == tr.party {
			continue
		}
		added = e.appendConflicts(added, slot, other, ps)
	}
	e.plans[slot] = old
	for other, ps := range before {
		if now, ok := after[other]; ok && samePieces(now, ps) && old.party == tr.party {
			continue
		}
		removed = e.appendConflicts(removed, slot, other, ps)
	}
	e.plans[slot] = tr
	e.idx.insert(&e.core, slot, tr.pid, tr)
	SortConflicts(added)
	SortConflicts(removed)
	return added, removed, nil
}

// RemovePlan removes the plan with the given id, returning the conflicts
// that disappear with it, sorted by (A, B, Start). It returns an error
// wrapping ErrNotFound if no plan has that id.
func (e *Engine) RemovePlan(id string) (removed []Conflict, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	slot, ok := e.byID[id]
	if !ok {
		return nil, fmt.Errorf("deconflict: remove plan %q: %w", id, ErrNotFound)
	}
	for other := range e.partners[slot] {
		removed = e.appendConflicts(removed, slot, other, e.pairs[pairKey(slot, other)])
	}
	e.unlinkAll(slot)
	e.idx.remove(slot)
	e.plans[slot] = nil
	delete(e.byID, id)
	e.free = append(e.free, slot)
	SortConflicts(removed)
	return removed, nil
}

// Plans returns the number of plans held.
func (e *Engine) Plans() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.byID)
}

// Conflicts returns the current conflict set maintained incrementally,
// sorted by (A, B, Start). It always equals AllConflicts.
func (e *Engine) Conflicts() []Conflict {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Conflict
	for k, ps := range e.pairs {
		out = e.appendConflicts(out, int32(k>>32), int32(uint32(k)), ps)
	}
	SortConflicts(out)
	return out
}

// alloc places tr in a free slot and indexes its id and party.
func (e *Engine) alloc(tr *trajectory) int32 {
	tr.pid = e.intern(tr.party)
	var slot int32
	if n := len(e.free); n > 0 {
		slot, e.free = e.free[n-1], e.free[:n-1]
		e.plans[slot] = tr
	} else {
		slot = int32(len(e.plans))
		e.plans = append(e.plans, tr)
	}
	e.byID[tr.id] = slot
	return slot
}

// ordered returns the trajectories of two slots in id order.
func (e *Engine) ordered(x, y int32) (a, b *trajectory) {
	a, b = e.plans[x], e.plans[y]
	if b.id < a.id {
		a, b = b, a
	}
	return a, b
}

// pairsOf runs the broad and narrow phases for the plan in slot against the
// indexed plans (the slot's own entries must not be indexed), returning the
// merged conflicts per partner slot.
func (e *Engine) pairsOf(slot int32) map[int32][]piece {
	tr := e.plans[slot]
	cs := e.idx.query(&e.core, slot, tr.pid, tr, e.cands[:0])
	e.cands = cs
	slices.SortFunc(cs, func(x, y cand) int {
		if x.slot != y.slot {
			return int(x.slot - y.slot)
		}
		return int(x.slab - y.slab)
	})
	out := make(map[int32][]piece)
	for i := 0; i < len(cs); {
		j := i
		a, b := e.ordered(slot, cs[i].slot)
		var ps []piece
		for ; j < len(cs) && cs[j].slot == cs[i].slot; j++ {
			lo, hi := e.slabWindow(cs[j].slab)
			ps = e.min.pairPieces(a, b, lo, hi, ps)
		}
		if len(ps) > 0 {
			sortPieces(ps)
			out[cs[i].slot] = mergePieces(ps)
		}
		i = j
	}
	return out
}

// link records the conflicts ps between two slots.
func (e *Engine) link(x, y int32, ps []piece) {
	e.pairs[pairKey(x, y)] = ps
	for _, p := range [2][2]int32{{x, y}, {y, x}} {
		m := e.partners[p[0]]
		if m == nil {
			m = make(map[int32]struct{})
			e.partners[p[0]] = m
		}
		m[p[1]] = struct{}{}
	}
}

// unlinkAll forgets every conflict of slot.
func (e *Engine) unlinkAll(slot int32) {
	for other := range e.partners[slot] {
		delete(e.pairs, pairKey(slot, other))
		delete(e.partners[other], slot)
		if len(e.partners[other]) == 0 {
			delete(e.partners, other)
		}
	}
	delete(e.partners, slot)
}

// appendConflicts converts the merged pieces of a pair of slots.
func (e *Engine) appendConflicts(out []Conflict, x, y int32, ps []piece) []Conflict {
	a, b := e.ordered(x, y)
	for i := range ps {
		out = append(out, e.conflict(a, b, &ps[i]))
	}
	return out
}

package deconflict

// Plan-scoped queries: what one plan's filing, amendment or cancellation
// can change, so that a caller keeping records of conflicts, intrusions
// and advisories reconciles that plan's alone instead of all of them.

// PlanConflicts returns the current conflicts of plan id with other plans,
// sorted by (A, B, Start); none if the plan is not held. It reads the
// incrementally maintained set (as Conflicts does) and recomputes nothing.
func (e *Engine) PlanConflicts(id string) []Conflict {
	e.mu.Lock()
	defer e.mu.Unlock()
	slot, ok := e.byID[id]
	if !ok {
		return nil
	}
	var out []Conflict
	for other := range e.partners[slot] {
		out = e.appendConflicts(out, slot, other, e.pairs[pairKey(slot, other)])
	}
	SortConflicts(out)
	return out
}

// PlanIntrusions returns the intrusions of plan id into the reservations
// held, sorted as Intrusions; none if the plan is not held.
func (e *Engine) PlanIntrusions(id string) []Intrusion {
	e.mu.Lock()
	defer e.mu.Unlock()
	slot, ok := e.byID[id]
	if !ok {
		return nil
	}
	var out []Intrusion
	for _, r := range e.resv {
		out = r.intrusions(e.plans[slot], false, out)
	}
	sortIntrusions(out)
	return out
}

// PlanAdvisories is Advisories for plan id alone; none if the plan is not
// held. It returns a *ValidationError if a site or movement is invalid.
func (e *Engine) PlanAdvisories(id string, sites []ProtectedSite, moves []Movement, opt AdvisoryOptions) ([]Advisory, error) {
	cs, cm, opt, err := e.compileAdvisory(sites, moves, opt)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	slot, ok := e.byID[id]
	if !ok {
		return nil, nil
	}
	return e.advisories([]*trajectory{e.plans[slot]}, false, cs, cm, opt), nil
}

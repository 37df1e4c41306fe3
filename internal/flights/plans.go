package flights

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/listing"
)

// File files a new flight plan for by's party (by must be a reporter or
// liaison). The plan is checked by the engine before it is logged: an
// invalid one gets an *fault.InvalidError naming the waypoint
// ("waypoints[3].time") and changes nothing. The plan, the conflicts,
// intrusions and advisories it creates and their alerts are logged in one
// commit before File returns.
func (s *Service) File(ctx context.Context, by access.Principal, in PlanInput) (*Plan, error) {
	if err := canOperate(by); err != nil {
		return nil, wrap("file", "plan", err)
	}
	id := access.NewID("fpl")
	fp, err := checkPlanInput(id, by.Party, &in, s.deps.Now())
	if err != nil {
		return nil, err
	}
	rel, err := s.release(ctx, in.Releasability, by.Party)
	if err != nil {
		return nil, err
	}
	payload := &PlanPayload{ID: id, Version: 1, Callsign: in.Callsign, Category: in.Category, Waypoints: in.Waypoints}
	err = s.write(ctx, func(w *writeSet) error {
		if _, err := s.eng.AddPlan(fp); err != nil {
			return invalidFrom(err, "waypoints")
		}
		s.hold(fp, 1, in.Callsign, rel)
		w.add(ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username,
			Kind: EntryPlanFiled, Subject: PlanSubject(id), Release: rel, Payload: payload}})
		return s.applied(s.reconcilePlan(ctx, w, id, "a flight plan concerned was filed"))
	})
	if err != nil {
		return nil, wrap("file", id, err)
	}
	return s.GetPlan(ctx, by, id)
}

// applied returns err, marking the state stale if it is not nil: a write
// that fails after its change was applied to the engine leaves a state
// that the log does not hold (state.go).
func (s *Service) applied(err error) error {
	if err != nil {
		s.stale.Store(true)
	}
	return err
}

// checkPlanState checks plan p (id) for an entry about it: at ETag match
// if match ≥ 0 (else fault.ErrPrecondition), and not cancelled
// (fault.ErrConflict, with cancelled as the message, naming id).
func checkPlanState(p *Plan, id string, match int64, cancelled string) error {
	if match >= 0 && p.Seq != match {
		return fmt.Errorf("plan %s is at ETag %d, not %d: %w", id, p.Seq, match, fault.ErrPrecondition)
	}
	if p.Status == StatusCancelled {
		return fault.Conflictf(cancelled, id)
	}
	return nil
}

// planCheck returns the precondition of an entry about plan id written by
// by, run inside the write: by's party owns the plan, and checkPlanState.
func (s *Service) planCheck(by access.Principal, id string, match int64, cancelled string) func(ctx context.Context, q ledger.Querier) error {
	return func(ctx context.Context, q ledger.Querier) error {
		p, err := s.ownPlan(ctx, q, by, id)
		if err != nil {
			return err
		}
		return checkPlanState(p, id, match, cancelled)
	}
}

// heldOwnPlan returns plan id as the projections hold it and as the engine
// holds it, checked for an entry about it by by (the write's check,
// against the projections; inside the write the check decides). A plan
// the engine no longer holds is cancelled (fault.ErrConflict). The caller
// holds s.mu.
func (s *Service) heldOwnPlan(ctx context.Context, by access.Principal, id string, match int64, cancelled string) (*Plan, heldPlan, error) {
	p, err := s.ownPlan(ctx, nil, by, id)
	if err != nil {
		return nil, heldPlan{}, err
	}
	if err := checkPlanState(p, id, match, cancelled); err != nil {
		return nil, heldPlan{}, err
	}
	held, ok := s.heldPlans[id]
	if !ok {
		return nil, heldPlan{}, fault.Conflictf(cancelled, id)
	}
	return p, held, nil
}

// Amend replaces plan id's trajectory and details by in. match, if not
// negative, must be the plan's current ETag (its Seq), else
// fault.ErrPrecondition. Only users of the plan's party may amend it
// (fault.ErrForbidden); a cancelled plan cannot be amended
// (fault.ErrConflict). The amendment, the records it raises and clears and
// their alerts are logged in one commit.
func (s *Service) Amend(ctx context.Context, by access.Principal, id string, match int64, in PlanInput) (*Plan, error) {
	if err := canOperate(by); err != nil {
		return nil, wrap("amend", id, err)
	}
	cur, err := s.ownPlan(ctx, nil, by, id)
	if err != nil {
		return nil, wrap("amend", id, err)
	}
	fp, err := checkPlanInput(id, cur.Party, &in, s.deps.Now())
	if err != nil {
		return nil, err
	}
	rel := cur.Release
	if in.Releasability != nil {
		if rel, err = s.release(ctx, in.Releasability, cur.Party); err != nil {
			return nil, err
		}
	}
	check := s.planCheck(by, id, match, "plan %s is cancelled; file a new one")
	err = s.write(ctx, func(w *writeSet) error {
		p, held, err := s.heldOwnPlan(ctx, by, id, match, "plan %s is cancelled; file a new one")
		if err != nil {
			return err
		}
		if _, _, err := s.eng.UpdatePlan(fp); err != nil {
			return invalidFrom(err, "waypoints")
		}
		version := max(held.version, p.Version) + 1 // held is ahead while an amendment is in flight
		s.hold(fp, version, in.Callsign, rel)
		w.add(ledger.Change{Draft: ledger.Draft{Party: cur.Party, Author: by.Username, Kind: EntryPlanAmended, Subject: PlanSubject(id), Release: rel,
			Payload: &PlanPayload{ID: id, Version: version, Callsign: in.Callsign, Category: in.Category, Waypoints: in.Waypoints}}, Check: check})
		return s.applied(s.reconcilePlan(ctx, w, id, "a flight plan concerned was amended"))
	})
	if err != nil {
		return nil, wrap("amend", id, err)
	}
	return s.GetPlan(ctx, by, id)
}

// Cancel cancels plan id (users of its party only); match, if ≥ 0, must be
// the plan's current ETag (else fault.ErrPrecondition); fault.ErrConflict
// if it is already cancelled. The cancellation and the clearing of its
// records and their alerts are logged in one commit.
func (s *Service) Cancel(ctx context.Context, by access.Principal, id string, match int64, reason string) (*Plan, error) {
	if err := canOperate(by); err != nil {
		return nil, wrap("cancel", id, err)
	}
	if len(reason) > 4000 {
		return nil, fault.Invalid("reason", "at most 4000 bytes")
	}
	cur, err := s.ownPlan(ctx, nil, by, id)
	if err != nil {
		return nil, wrap("cancel", id, err)
	}
	check := s.planCheck(by, id, match, "plan %s is already cancelled")
	err = s.write(ctx, func(w *writeSet) error {
		if _, _, err := s.heldOwnPlan(ctx, by, id, match, "plan %s is already cancelled"); err != nil {
			return err
		}
		_, _ = s.eng.RemovePlan(id)
		s.unhold(id)
		w.add(ledger.Change{Draft: ledger.Draft{Party: cur.Party, Author: by.Username, Kind: EntryPlanCancelled, Subject: PlanSubject(id),
			Release: cur.Release, Payload: &CancelPayload{ID: id, Reason: reason}}, Check: check})
		return s.applied(s.reconcilePlan(ctx, w, id, "a flight plan concerned was cancelled"))
	})
	if err != nil {
		return nil, wrap("cancel", id, err)
	}
	return s.GetPlan(ctx, by, id)
}

// ownPlan loads plan id and checks that by's party owns it: a plan by may
// not see is fault.ErrNotFound, one it sees but does not own
// fault.ErrForbidden.
func (s *Service) ownPlan(ctx context.Context, q ledger.Querier, by access.Principal, id string) (*Plan, error) {
	p, err := s.deps.Store.Plan(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if access.FlightPlanView(by, p.Release) == access.FlightHidden {
		return nil, fault.ErrNotFound
	}
	if p.Party != by.Party {
		return nil, fmt.Errorf("plan %s belongs to party %s: %w", id, p.Party, fault.ErrForbidden)
	}
	return p, nil
}

// view returns what by may see of p, or false.
func (s *Service) view(by access.Principal, p *Plan) (*Plan, bool) {
	switch access.FlightPlanView(by, p.Release) {
	case access.FlightFull:
		p.Status = planStatus(p, s.deps.Now())
		return p, true
	case access.FlightTrajectory:
		return &Plan{ID: p.ID, Party: p.Party, Status: planStatus(p, s.deps.Now()), Waypoints: p.Waypoints,
			Release: p.Release, Version: p.Version, Redacted: true, Seq: p.Seq}, true
	}
	return nil, false
}

// GetPlan returns plan id as by may see it (see access.FlightPlanView), or
// fault.ErrNotFound.
func (s *Service) GetPlan(ctx context.Context, by access.Principal, id string) (*Plan, error) {
	p, err := s.deps.Store.Plan(ctx, nil, id)
	if err != nil {
		return nil, wrap("get", id, err)
	}
	v, ok := s.view(by, p)
	if !ok {
		return nil, wrap("get", id, fault.ErrNotFound)
	}
	return v, nil
}

// PlanPager is the keyset listing a Store may offer (the SQL store does)
// so that callers can walk every plan a page at a time.
type PlanPager interface {
	// PlansByID returns up to limit plans, cancelled ones included, whose
	// id is after after ("" for the first), in id order.
	PlansByID(ctx context.Context, after string, limit int) ([]Plan, error)
}

// ErrNoPaging is returned by the paged listings over a store that is not
// their pager (PlanPager, ReservationPager, ConflictPager).
var ErrNoPaging = errors.New("flights: the store cannot list plans a page at a time")

// PlanFilter selects plans; zero fields select everything.
type PlanFilter struct {
	Party  string
	Status string
	Limit  int
}

// ListPlans returns the plans matching f that by may see, newest first,
// each as by may see it.
func (s *Service) ListPlans(ctx context.Context, by access.Principal, f PlanFilter) ([]Plan, error) {
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 10000
	}
	all, err := s.deps.Store.Plans(ctx)
	if err != nil {
		return nil, fmt.Errorf("flights: list plans: %w", err)
	}
	out := []Plan{}
	for i := range all {
		v, ok := s.view(by, &all[i])
		if !ok || (f.Party != "" && v.Party != f.Party) || (f.Status != "" && v.Status != f.Status) {
			continue
		}
		out = append(out, *v)
		if len(out) == f.Limit {
			break
		}
	}
	return slices.Clip(out), nil
}

// MaxLimit is the largest page the listings of plans, reservations and
// conflicts serve, and their default.
const MaxLimit = 10000

// Cursor is a position in a listing of plans, reservations or conflicts
// (see package listing). Seq orders the reservations (the entry that
// created each, newest first); plans and conflicts are listed by ID alone
// and leave it 0.
type Cursor = listing.Cursor

// Page is one page of a listing.
type Page[T any] = listing.Page[T]

// The listings of plans, reservations and conflicts (see package
// listing), one tag each, so that a cursor of another listing or version
// is refused rather than misread.
var (
	// PlanListing lists plans in id order.
	PlanListing = listing.Listing{Tag: "p1.", Default: MaxLimit, Max: MaxLimit}
	// ReservationListing lists reservations newest first.
	ReservationListing = listing.Listing{Tag: "r1.", Default: MaxLimit, Max: MaxLimit}
	// ConflictListing lists conflicts in id order.
	ConflictListing = listing.Listing{Tag: "c1.", Default: MaxLimit, Max: MaxLimit}
)

// ListPlansPage returns a page of the plans matching f that by may see,
// each as by may see it (see access.FlightPlanView), in id order, starting
// after the position after (nil for the first page). A page holds f.Limit
// plans (1 to MaxLimit; 0 for MaxLimit), with the guarantee of package
// listing. It serves the API's listing and the OGC collection. Returns
// ErrNoPaging over a store that is not a PlanPager.
func (s *Service) ListPlansPage(ctx context.Context, by access.Principal, f PlanFilter, after *Cursor) (*Page[Plan], error) {
	pg, ok := s.deps.Store.(PlanPager)
	if !ok {
		return nil, ErrNoPaging
	}
	fetch := func(ctx context.Context, after *Cursor, n int) ([]Plan, error) {
		from := ""
		if after != nil {
			from = after.ID
		}
		return pg.PlansByID(ctx, from, n)
	}
	keep := func(p *Plan) (Plan, bool) {
		v, ok := s.view(by, p)
		if !ok || (f.Party != "" && v.Party != f.Party) || (f.Status != "" && v.Status != f.Status) {
			return Plan{}, false
		}
		return *v, true
	}
	page, err := listing.Fill(ctx, PlanListing, f.Limit, after, fetch, func(p *Plan) Cursor { return Cursor{ID: p.ID} }, keep)
	if err != nil {
		return nil, fmt.Errorf("flights: list plans: %w", err)
	}
	return page, nil
}

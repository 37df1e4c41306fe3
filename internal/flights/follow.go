package flights

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// Following the log. On PostgreSQL several processes serve one log, each
// with its own engine. Every committed entry, this process's and the
// others', reaches Observe (app.Subscribe, fed by the store's Follower);
// Observe only notes which plans, reservations and conflicts changed, and
// Sync, called at the start of every Tick, reads their projections and
// brings the engine and the open records in step. A plan filed through
// another process is therefore in this process's engine within one tick.
//
// The engine's plans and reservations are tracked by version (heldPlans,
// heldRes), so entries this process wrote itself, which it has already
// applied, cost one map lookup. Conflicts from tracks are not followed:
// tracks are live state of the process that received them, and each
// process keeps (and clears) only its own track records.

// dirty is what Observe noted for Sync.
type dirty struct {
	plans, res map[string]bool
	conf       map[string]bool // conflict id -> raised (false: cleared)
}

// Observe is called with every committed batch of entries (it must not
// block): a change to a notified site or movement marks them for reload,
// so that advisories follow notify; a party entry drops the cached
// co-chairs (who sees every conflict record); plans, reservations and
// conflicts that changed are noted for Sync.
func (s *Service) Observe(es []*ledger.Entry) {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	for _, e := range es {
		kind, subj := e.Kind, e.Subject
		switch {
		case notify.ChangesNotice(kind):
			s.noticesDirty.Store(true)
		case kind == EntryPlanFiled || kind == EntryPlanAmended || kind == EntryPlanCancelled:
			if id, ok := ParsePlanSubject(subj); ok {
				s.dirty.plans[id] = true
			}
		case kind == EntryReservationCreated || kind == EntryReservationCancelled:
			if id, ok := ParseReservationSubject(subj); ok {
				s.dirty.res[id] = true
			}
		case kind == EntryConflictRaised || kind == EntryConflictCleared:
			if id, ok := ParseConflictSubject(subj); ok {
				s.dirty.conf[id] = kind == EntryConflictRaised
			}
		case accounts.IsPartyKind(kind):
			s.chairs.invalidate() // co-chairs may have changed (package membership)
		}
	}
}

// takeDirty returns and resets what Observe noted.
func (s *Service) takeDirty() dirty {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	d := s.dirty
	s.dirty = newDirty()
	return d
}

func newDirty() dirty {
	return dirty{plans: map[string]bool{}, res: map[string]bool{}, conf: map[string]bool{}}
}

// Sync applies the plans, reservations and plan conflicts that changed in
// the log since the last Sync (see Observe) and that the engine does not
// hold yet, typically because another process wrote them, then reconciles
// the plans if anything changed. What cannot be read now is retried at the
// next Sync.
func (s *Service) Sync(ctx context.Context) error {
	d := s.takeDirty()
	if len(d.plans)+len(d.res)+len(d.conf) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	retry := newDirty()
	changed := false
	for _, id := range slices.Sorted(maps.Keys(d.conf)) {
		if err := s.syncConflict(ctx, id, d.conf[id]); err != nil {
			retry.conf[id] = d.conf[id]
			errs = append(errs, err)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(d.plans)) {
		ch, err := s.syncPlan(ctx, id)
		if err != nil {
			retry.plans[id] = true
			errs = append(errs, err)
		}
		changed = changed || ch
	}
	for _, id := range slices.Sorted(maps.Keys(d.res)) {
		ch, err := s.syncReservation(ctx, id)
		if err != nil {
			retry.res[id] = true
			errs = append(errs, err)
		}
		changed = changed || ch
	}
	if len(retry.plans)+len(retry.res)+len(retry.conf) > 0 {
		s.dmu.Lock()
		maps.Copy(s.dirty.plans, retry.plans)
		maps.Copy(s.dirty.res, retry.res)
		for id, v := range retry.conf {
			if _, ok := s.dirty.conf[id]; !ok {
				s.dirty.conf[id] = v
			}
		}
		s.dmu.Unlock()
	}
	if changed {
		errs = append(errs, s.reconcilePlans(ctx, "plans or reservations changed through another process"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("flights: sync: %w", err)
	}
	return nil
}

// syncPlan brings the engine's copy of plan id in step with its
// projection, reporting whether it changed. The caller holds s.mu.
func (s *Service) syncPlan(ctx context.Context, id string) (bool, error) {
	p, err := s.deps.Store.Plan(ctx, nil, id)
	if errors.Is(err, fault.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("plan %s: %w", id, err)
	}
	held, ok := s.heldPlans[id]
	switch {
	case p.Status == StatusCancelled:
		if !ok {
			return false, nil
		}
		_, _ = s.eng.RemovePlan(id)
		s.unhold(id)
		return true, nil
	case ok && held >= p.Version:
		return false, nil
	}
	fp := enginePlan(p)
	if ok {
		_, _, err = s.eng.UpdatePlan(fp)
	} else {
		_, err = s.eng.AddPlan(fp)
	}
	if err != nil { // another process validated it: only a different configuration gets here
		s.deps.Logger.WarnContext(ctx, "flights: plan from the log not usable by this process's engine", "plan", id, "err", err)
		return false, nil
	}
	s.hold(fp, p.Version)
	return true, nil
}

// syncReservation brings the engine's copy of reservation id in step with
// its projection, reporting whether it changed. The caller holds s.mu.
func (s *Service) syncReservation(ctx context.Context, id string) (bool, error) {
	r, err := s.deps.Store.Reservation(ctx, nil, id)
	if errors.Is(err, fault.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("reservation %s: %w", id, err)
	}
	held := s.heldRes[id]
	switch {
	case r.Status == StatusCancelled && held:
		_ = s.eng.RemoveReservation(id)
		delete(s.heldRes, id)
		return true, nil
	case r.Status == StatusCancelled || held:
		return false, nil
	}
	er, err := engineReservation(r)
	if err == nil {
		err = s.eng.AddReservation(er)
	}
	if err != nil {
		s.deps.Logger.WarnContext(ctx, "flights: reservation from the log not usable by this process's engine", "reservation", id, "err", err)
		return false, nil
	}
	s.heldRes[id] = true
	return true, nil
}

// syncConflict adopts a plan conflict raised, or forgets one cleared,
// through another process, so that this process neither raises it again
// nor keeps it open. The caller holds s.mu.
func (s *Service) syncConflict(ctx context.Context, id string, raised bool) error {
	if (raised && s.open.get(id) != nil) || (!raised && s.open.get(id) == nil) {
		return nil // already in step (typically: this process wrote it)
	}
	c, err := s.deps.Store.Conflict(ctx, nil, id)
	if errors.Is(err, fault.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("conflict %s: %w", id, err)
	}
	if c.Source != "plan" {
		return nil
	}
	if c.Status == ConflictOpen {
		s.open.put(c)
	} else {
		s.open.del(id)
	}
	return nil
}

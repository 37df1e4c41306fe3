package flights

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"truce/internal/deconflict"
	"truce/internal/fault"
)

// refresh brings the engine and the open records in step with the log,
// over everything (d nil: at start and after a failed write) or over what
// d names (Sync), then reconciles the plans if anything changed, adding
// to w what that raises and clears. Over everything it first waits for
// this process's writes in flight (write has waited for them before
// taking s.mu, so this wait is for none in the usual case); over what d
// names it waits for nothing: what a write of this process in flight
// names, and what cannot be read now, is noted for the next Sync. The
// caller holds s.mu.
func (s *Service) refresh(ctx context.Context, w *writeSet, d *dirty) error {
	if d == nil {
		s.drain()
		s.stale.Store(false)
		if err := s.refreshAll(ctx, w); err != nil {
			s.stale.Store(true)
			return err
		}
		return nil
	}
	var errs []error
	retry := newDirty()
	changed := false
	for _, id := range slices.Sorted(maps.Keys(d.conf)) {
		if s.inFlight(ConflictSubject(id)) {
			retry.conf[id] = d.conf[id]
			continue
		}
		if err := s.syncConflict(ctx, w, id, d.conf[id]); err != nil {
			retry.conf[id] = d.conf[id]
			errs = append(errs, err)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(d.plans)) {
		if s.inFlight(PlanSubject(id)) {
			retry.plans[id] = true
			continue
		}
		p, err := s.deps.Store.Plan(ctx, nil, id)
		if errors.Is(err, fault.ErrNotFound) {
			continue
		}
		if err != nil {
			retry.plans[id] = true
			errs = append(errs, fmt.Errorf("plan %s: %w", id, err))
			continue
		}
		changed = s.syncPlan(ctx, p) || changed
	}
	for _, id := range slices.Sorted(maps.Keys(d.res)) {
		if s.inFlight(ReservationSubject(id)) {
			retry.res[id] = true
			continue
		}
		r, err := s.deps.Store.Reservation(ctx, nil, id)
		if errors.Is(err, fault.ErrNotFound) {
			continue
		}
		if err != nil {
			retry.res[id] = true
			errs = append(errs, fmt.Errorf("reservation %s: %w", id, err))
			continue
		}
		changed = s.syncReservation(ctx, r) || changed
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
		errs = append(errs, s.reconcilePlans(ctx, w, "plans or reservations changed through another process"))
	}
	return errors.Join(errs...)
}

// refreshAll is refresh over everything: the engine's plans and
// reservations become those of the projections, and the open records
// those of the store, each with its alerts (adopt). The caller holds s.mu.
func (s *Service) refreshAll(ctx context.Context, w *writeSet) error {
	plans, err := s.deps.Store.Plans(ctx)
	if err != nil {
		return fmt.Errorf("flights: load plans: %w", err)
	}
	logged := map[string]bool{}
	var fresh []deconflict.FlightPlan
	var freshPlans []*Plan
	for i := range plans {
		p := &plans[i]
		if p.Status == StatusCancelled {
			continue
		}
		logged[p.ID] = true
		if _, ok := s.heldPlans[p.ID]; !ok { // new to the engine: loaded in one batch below
			fresh, freshPlans = append(fresh, enginePlan(p)), append(freshPlans, p)
			continue
		}
		s.syncPlan(ctx, p)
	}
	for id := range s.heldPlans {
		if !logged[id] {
			_, _ = s.eng.RemovePlan(id)
			s.unhold(id)
		}
	}
	if _, err := s.eng.Load(fresh); err != nil {
		return fmt.Errorf("flights: load plans into the engine: %w", err)
	}
	for i, fp := range fresh {
		s.hold(fp, freshPlans[i].Version, freshPlans[i].Callsign, freshPlans[i].Release)
	}
	rs, err := s.deps.Store.Reservations(ctx)
	if err != nil {
		return fmt.Errorf("flights: load reservations: %w", err)
	}
	loggedRes := map[string]bool{}
	for i := range rs {
		if rs[i].Status != StatusCancelled {
			loggedRes[rs[i].ID] = true
		}
		s.syncReservation(ctx, &rs[i])
	}
	for id := range s.heldRes {
		if !loggedRes[id] {
			_ = s.eng.RemoveReservation(id)
			delete(s.heldRes, id)
		}
	}
	cs, err := s.deps.Store.Conflicts(ctx, s.deps.Now())
	if err != nil {
		return fmt.Errorf("flights: load conflicts: %w", err)
	}
	s.open, s.missed = newOpenSet(), map[string]int{}
	for i := range cs {
		if cs[i].Status != ConflictOpen {
			continue
		}
		r, err := w.adopt(ctx, &cs[i])
		if err != nil {
			return err
		}
		s.open.put(r)
	}
	s.noticesDirty.Store(true)
	return s.reconcilePlans(ctx, w, "no longer found when the log was read again (after a restart or a failed write)")
}

// syncPlan brings the engine's copy of plan p in step with its
// projection, reporting whether it changed. The caller holds s.mu.
func (s *Service) syncPlan(ctx context.Context, p *Plan) bool {
	held, ok := s.heldPlans[p.ID]
	switch {
	case p.Status == StatusCancelled:
		if !ok {
			return false
		}
		_, _ = s.eng.RemovePlan(p.ID)
		s.unhold(p.ID)
		return true
	case ok && held.version == p.Version:
		return false
	}
	fp := enginePlan(p)
	var err error
	if ok {
		_, _, err = s.eng.UpdatePlan(fp)
	} else {
		_, err = s.eng.AddPlan(fp)
	}
	if err != nil { // another process validated it: only a different configuration gets here
		s.deps.Logger.WarnContext(ctx, "flights: plan from the log not usable by this process's engine", "plan", p.ID, "err", err)
		return false
	}
	s.hold(fp, p.Version, p.Callsign, p.Release)
	return true
}

// syncReservation brings the engine's copy of reservation r in step with
// its projection, reporting whether it changed. The caller holds s.mu.
func (s *Service) syncReservation(ctx context.Context, r *Reservation) bool {
	_, held := s.heldRes[r.ID]
	switch {
	case r.Status == StatusCancelled && held:
		_ = s.eng.RemoveReservation(r.ID)
		delete(s.heldRes, r.ID)
		return true
	case r.Status == StatusCancelled || held:
		return false
	}
	er, err := engineReservation(r)
	if err == nil {
		err = s.eng.AddReservation(er)
	}
	if err != nil {
		s.deps.Logger.WarnContext(ctx, "flights: reservation from the log not usable by this process's engine", "reservation", r.ID, "err", err)
		return false
	}
	s.heldRes[r.ID] = r.Release
	return true
}

// syncConflict adopts a plan record raised, or forgets one cleared,
// through another process, so that this process neither raises it again
// nor keeps it open. The caller holds s.mu.
func (s *Service) syncConflict(ctx context.Context, w *writeSet, id string, raised bool) error {
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
	if c.Status != ConflictOpen {
		s.open.del(id)
		return nil
	}
	r, err := w.adopt(ctx, c)
	if err != nil {
		return err
	}
	s.open.put(r)
	return nil
}

package flights

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"truce/internal/deconflict"
)

// reconcilePlans computes the conflicts, intrusions and advisories of the
// plans now held and adds to w what brings the logged set in step: new
// ones raised, vanished ones cleared with reason (or "the interval has
// passed"). The caller holds s.mu.
func (s *Service) reconcilePlans(ctx context.Context, w *writeSet, reason string) error {
	if s.noticesDirty.Swap(false) {
		if err := s.reloadNotices(ctx); err != nil {
			s.noticesDirty.Store(true)
			return err
		}
	}
	now := s.deps.Now()
	s.lastPlan = now
	desired := s.planRecords(now, s.eng.Conflicts(), s.eng.Intrusions())
	advs, err := s.eng.Advisories(s.sites, s.moves, s.cfg.Advisory)
	if err != nil {
		return fmt.Errorf("flights: advisories: %w", err)
	}
	s.addAdvisories(now, desired, advs)
	return s.diff(ctx, w, "plan", desired, reason, nil)
}

// reconcilePlan is reconcilePlans for what filing, amending or cancelling
// plan id can change: that plan's conflicts, intrusions and advisories.
// It reads the engine's incremental set for the plan and diffs only the
// open records naming it, so its cost does not grow with all the
// conflicts held. When notified sites or movements changed since the last
// full pass it falls back to reconcilePlans. The caller holds s.mu.
func (s *Service) reconcilePlan(ctx context.Context, w *writeSet, id, reason string) error {
	if s.noticesDirty.Load() {
		return s.reconcilePlans(ctx, w, reason)
	}
	now := s.deps.Now()
	desired := s.planRecords(now, s.eng.PlanConflicts(id), s.eng.PlanIntrusions(id))
	advs, err := s.eng.PlanAdvisories(id, s.sites, s.moves, s.cfg.Advisory)
	if err != nil {
		return fmt.Errorf("flights: advisories of plan %s: %w", id, err)
	}
	s.addAdvisories(now, desired, advs)
	return s.diff(ctx, w, "plan", desired, reason, s.open.of(id))
}

// planRecords returns the records of plan conflicts and intrusions by id,
// leaving out those whose interval ended before now.
func (s *Service) planRecords(now time.Time, cs []deconflict.Conflict, ins []deconflict.Intrusion) map[string]*Conflict {
	desired := map[string]*Conflict{}
	for i := range cs {
		addCurrent(now, desired, fromConflict(&cs[i], false, nil))
	}
	for i := range ins {
		addCurrent(now, desired, fromIntrusion(&ins[i]))
	}
	return desired
}

// addAdvisories adds the records of plan advisories to desired (see
// planRecords).
func (s *Service) addAdvisories(now time.Time, desired map[string]*Conflict, advs []deconflict.Advisory) {
	for i := range advs {
		addCurrent(now, desired, fromAdvisory(&advs[i], s.notifier[advs[i].Ref], s.cfg.Advisory))
	}
}

// addCurrent adds c to desired unless its interval ended before now.
func addCurrent(now time.Time, desired map[string]*Conflict, c *Conflict) {
	if end, err := time.Parse(time.RFC3339Nano, c.End); err == nil && end.Before(now) {
		return
	}
	desired[c.ID] = c
}

// TrackClearTicks is how many consecutive ticks a track record must go
// unpredicted before it is cleared, so that a pair at the edge of the
// look-ahead does not flap between raised and cleared.
const TrackClearTicks = 3

// diff adds to w the raising of the desired records that are not open and
// the clearing of the open records of src that are not desired (for
// tracks, not desired for TrackClearTicks ticks in a row), in id order, so
// that the same state always makes the same write. scope, if not nil,
// limits the open records considered for clearing to those ids (the caller
// knows that no other can have changed). The caller holds s.mu.
func (s *Service) diff(ctx context.Context, w *writeSet, src string, desired map[string]*Conflict, reason string, scope map[string]struct{}) error {
	now := s.deps.Now()
	ids := slices.Collect(maps.Keys(s.open.byID))
	if scope != nil {
		ids = slices.Collect(maps.Keys(scope))
	}
	slices.Sort(ids)
	for _, id := range ids {
		o := s.open.get(id)
		if o == nil || o.Source != src {
			continue
		}
		if desired[id] != nil {
			delete(s.missed, id)
			continue
		}
		if src == "track" { // hysteresis: a pair at the edge of the look-ahead must not flap
			if s.missed[id]++; s.missed[id] < TrackClearTicks {
				continue
			}
			delete(s.missed, id)
		}
		why := reason
		if end, err := time.Parse(time.RFC3339Nano, o.End); err == nil && end.Before(now) && src == "plan" {
			why = "the interval has passed"
		}
		if err := w.clear(ctx, o, why); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(desired)) {
		if s.open.get(id) == nil {
			if err := w.raise(ctx, desired[id]); err != nil {
				return err
			}
		}
	}
	return nil
}

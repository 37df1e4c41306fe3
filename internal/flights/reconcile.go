package flights

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// reconcilePlans computes the conflicts, intrusions and advisories of the
// plans now held and brings the logged set in step: new ones are raised,
// vanished ones cleared with reason (or "the interval has passed"). The
// caller holds s.mu.
func (s *Service) reconcilePlans(ctx context.Context, reason string) error {
	if s.noticesDirty.Swap(false) {
		if err := s.reloadNotices(ctx); err != nil {
			s.noticesDirty.Store(true)
			return err
		}
	}
	now := s.Now()
	s.lastPlan = now
	desired := map[string]*Conflict{}
	add := func(c *Conflict) {
		if end, err := time.Parse(time.RFC3339Nano, c.End); err == nil && end.Before(now) {
			return
		}
		desired[c.ID] = c
	}
	for _, c := range s.eng.Conflicts() {
		add(fromConflict(&c, false, nil))
	}
	for _, in := range s.eng.Intrusions() {
		add(fromIntrusion(&in))
	}
	advs, err := s.eng.Advisories(s.sites, s.moves, s.cfg.Advisory)
	if err != nil {
		return fmt.Errorf("flights: advisories: %w", err)
	}
	for _, a := range advs {
		add(fromAdvisory(&a, s.notifier[a.Ref], s.cfg.Advisory))
	}
	return s.diff(ctx, "plan", desired, reason)
}

// TrackClearTicks is how many consecutive ticks a track record must go
// unpredicted before it is cleared, so that a pair at the edge of the
// look-ahead does not flap between raised and cleared.
const TrackClearTicks = 3

// diff raises the desired records that are not open and clears the open
// records of src that are not desired (for tracks, not desired for
// TrackClearTicks ticks in a row). The caller holds s.mu.
func (s *Service) diff(ctx context.Context, src string, desired map[string]*Conflict, reason string) error {
	now := s.Now()
	var errs []error
	var clears []*Conflict
	var reasons []string
	for _, id := range slices.Sorted(maps.Keys(s.open)) {
		o := s.open[id]
		if o.Source != src {
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
		clears = append(clears, o)
		reasons = append(reasons, why)
	}
	errs = append(errs, s.clearAll(ctx, clears, reasons))
	var raises []*Conflict
	for _, id := range slices.Sorted(maps.Keys(desired)) {
		if s.open[id] == nil {
			raises = append(raises, desired[id])
		}
	}
	errs = append(errs, s.raiseAll(ctx, raises))
	return errors.Join(errs...)
}

package flights

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"truce/internal/deconflict"
	"truce/internal/notify"
)

// Tick first applies what other processes changed in the log (Sync), then
// expires stale tracks, predicts track conflicts (between tracks, and
// between tracks and other parties' plans: trackplans.go), intrusions and
// advisories over the look-ahead and brings the logged track records in
// step (one open record per pair until the prediction goes away). Every
// DefaultPlanRecheck, or at once when notified sites or movements changed,
// it also reconciles the plans (clearing what time has passed). What it
// raises and clears is one write (state.go).
func (s *Service) Tick(ctx context.Context) error {
	if err := s.Sync(ctx); err != nil {
		s.deps.Logger.ErrorContext(ctx, "flights: follow the log", "err", err)
	}
	now := s.deps.Now()
	la := s.cfg.Lookahead
	preds, err := s.eng.Tick(now, la)
	if err != nil {
		return fmt.Errorf("flights: tick: %w", err)
	}
	s.expireLive(now)
	ins := s.eng.TrackIntrusions(now, la)
	return s.write(ctx, func(w *writeSet) error {
		if s.noticesDirty.Load() || now.Sub(s.lastPlan) >= DefaultPlanRecheck {
			if err := s.reconcilePlans(ctx, w, "notified sites or movements changed"); err != nil {
				return s.applied(err)
			}
		}
		advs, err := s.eng.TrackAdvisories(now, la, s.sites, s.moves, s.cfg.Advisory)
		if err != nil {
			return s.applied(fmt.Errorf("flights: tick advisories: %w", err))
		}
		desired := map[string]*Conflict{}
		add := func(c *Conflict) {
			c.ID = s.trackRecordID(c.ID)
			desired[c.ID] = c
		}
		for i := range preds {
			add(fromConflict(&preds[i].Conflict, true, &preds[i].TimeToLoss))
		}
		for _, c := range s.trackPlanConflicts(now, la) {
			add(c)
		}
		for i := range ins {
			add(fromIntrusion(&ins[i]))
		}
		for i := range advs {
			add(fromAdvisory(&advs[i], s.notifier[advs[i].Ref], s.cfg.Advisory))
		}
		return s.applied(s.diff(ctx, w, "track", desired, "no longer predicted within the look-ahead (tracks diverged or went stale)", nil))
	})
}

// trackRecordID returns the id of a track record whose unkeyed id
// (conflictID) is id: "cfl_" and 20 hex digits of HMAC-SHA256 under the
// node's reference key. A track id is a label its party chooses, so an
// unkeyed hash of it could be confirmed by guessing; keyed, the id tells a
// party that may not know the track nothing about it, and stays the same
// across restarts and processes of the node.
func (s *Service) trackRecordID(id string) string {
	m := hmac.New(sha256.New, s.refKey)
	m.Write([]byte(id))
	return "cfl_" + hex.EncodeToString(m.Sum(nil)[:10])
}

// Run calls Tick every configured interval until ctx ends.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.Tick(ctx); err != nil && ctx.Err() == nil {
				s.deps.Logger.ErrorContext(ctx, "flights: tick", "err", err)
			}
		}
	}
}

// reloadNotices reads the active sites and movements into the advisory
// inputs. Records the engine rejects (outside the region) are skipped. The
// caller holds s.mu.
func (s *Service) reloadNotices(ctx context.Context) error {
	s.sites, s.moves = nil, nil
	if s.deps.Notices == nil {
		return nil
	}
	sites, err := s.deps.Notices.Active(ctx, notify.TypeSite)
	if err != nil {
		return fmt.Errorf("flights: notified sites: %w", err)
	}
	moves, err := s.deps.Notices.Active(ctx, notify.TypeMovement)
	if err != nil {
		return fmt.Errorf("flights: notified movements: %w", err)
	}
	var pt struct {
		Coordinates [2]float64 `json:"coordinates"`
	}
	var line struct {
		Coordinates [][2]float64 `json:"coordinates"`
	}
	for _, n := range sites {
		if n.Site == nil || json.Unmarshal(n.Site.Location, &pt) != nil {
			continue
		}
		site := deconflict.ProtectedSite{ID: n.ID, Lat: pt.Coordinates[1], Lon: pt.Coordinates[0], RadiusM: n.Site.BufferM}
		if err := s.eng.CheckAdvisoryInputs([]deconflict.ProtectedSite{site}, nil, s.cfg.Advisory); err != nil {
			s.deps.Logger.WarnContext(ctx, "flights: site not usable for advisories", "site", n.ID, "err", err)
			continue
		}
		s.sites = append(s.sites, site)
		s.notifier[n.ID], s.noticeRel[n.ID] = n.Party, n.Release
	}
	for _, n := range moves {
		if n.Movement == nil || json.Unmarshal(n.Movement.Route, &line) != nil {
			continue
		}
		from, err1 := time.Parse(time.RFC3339Nano, n.Movement.Window.Start)
		to, err2 := time.Parse(time.RFC3339Nano, n.Movement.Window.End)
		if err1 != nil || err2 != nil {
			continue
		}
		m := deconflict.Movement{ID: n.ID, Route: line.Coordinates, From: from, To: to}
		if err := s.eng.CheckAdvisoryInputs(nil, []deconflict.Movement{m}, s.cfg.Advisory); err != nil {
			s.deps.Logger.WarnContext(ctx, "flights: movement not usable for advisories", "movement", n.ID, "err", err)
			continue
		}
		s.moves = append(s.moves, m)
		s.notifier[n.ID], s.noticeRel[n.ID] = n.Party, n.Release
	}
	return nil
}

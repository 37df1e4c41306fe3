package flights

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/fault"
)

// AlertKey is the key of the alert raised for conflict id by entry seq to
// the parties concerned that may know every subject.
func AlertKey(id string, seq int64) string { return fmt.Sprintf("air_conflict:%s:%d", id, seq) }

// PartyAlertKey is the key of the alert raised to party alone, for a
// record one of whose subjects party may not know; key is the record's
// AlertKey.
func PartyAlertKey(key, party string) string { return key + "/" + party }

// clearedAlerts returns what clearAlerts needs for rec cleared with
// reason: the reason and every key its alerts may have been raised under.
func clearedAlerts(rec *Conflict, reason string) []string {
	if rec.AlertKey == "" {
		return []string{"", reason}
	}
	out := []string{rec.AlertKey, reason, rec.AlertKey}
	for _, p := range rec.Parties {
		out = append(out, PartyAlertKey(rec.AlertKey, p))
	}
	return out
}

// disclosure returns the Disclosure in force: the node's reference key
// and the co-chairs (as cached by coChairs). The caller holds s.mu.
func (s *Service) disclosure(ctx context.Context) (Disclosure, error) {
	chairs, err := s.coChairs(ctx)
	if err != nil {
		return Disclosure{}, err
	}
	return newDisclosure(s.refKey, chairs), nil
}

// readDisclosure is disclosure for read paths, which do not hold s.mu:
// it reads the co-chairs as they are now.
func (s *Service) readDisclosure(ctx context.Context) (Disclosure, error) {
	ps, err := s.deps.Parties.Parties(ctx)
	if err != nil {
		return Disclosure{}, fmt.Errorf("flights: parties: %w", err)
	}
	var chairs []string
	for _, p := range ps {
		if p.CoChair {
			chairs = append(chairs, p.ID)
		}
	}
	return newDisclosure(s.refKey, chairs), nil
}

// describe fills in the releasability of each subject of rec as it is now
// (known caches them by id): a plan's or reservation's own, a track's (its
// party; the co-chairs know every aircraft), a notified site's or
// movement's. A subject that cannot be found is taken as known to its
// party alone.
func (s *Service) describe(ctx context.Context, rec *Conflict, known map[string]access.Releasability) error {
	for i := range rec.About {
		a := &rec.About[i]
		if r, ok := known[a.Type+":"+a.ID]; ok {
			a.Release = r
			continue
		}
		a.Release = access.Releasability{TLP: access.TLPAmber, Audience: []string{a.Party}}
		switch a.Type {
		case SubjectPlan:
			p, err := s.deps.Store.Plan(ctx, nil, a.ID)
			if err != nil && !errors.Is(err, fault.ErrNotFound) {
				return fmt.Errorf("flights: subjects of %s: %w", rec.ID, err)
			} else if err == nil {
				a.Release = p.Release
			}
		case SubjectReservation:
			r, err := s.deps.Store.Reservation(ctx, nil, a.ID)
			if err != nil && !errors.Is(err, fault.ErrNotFound) {
				return fmt.Errorf("flights: subjects of %s: %w", rec.ID, err)
			} else if err == nil {
				a.Release = r.Release
			}
		case SubjectSite, SubjectMovement:
			if r, ok := s.noticeRel[a.ID]; ok {
				a.Release = r
			}
		}
		known[a.Type+":"+a.ID] = a.Release
	}
	return nil
}

// alertSpecs returns the alerts of rec (raised by entry rec.Seq): one
// under AlertKey to the parties concerned that may know every subject,
// naming them in full; and one under PartyAlertKey to each other party
// concerned, alone, written as Disclosure lets it see the record (its own
// subjects by id, the others by its opaque reference, with no party).
// Each alert.raised entry is released to its own alert's parties only, so
// no entry names a subject to a party that may not know it.
func (s *Service) alertSpecs(d Disclosure, rec *Conflict) []alerts.Spec {
	base := alerts.Spec{Kind: alerts.KindAirConflict, Severity: alerts.SeveritySevere,
		Links: []alerts.Link{{Type: "conflict", ID: rec.ID, Seq: rec.Seq}}, Causes: []access.Releasability{rec.Release}}
	title := "Air conflict: {0} and {1}"
	switch {
	case rec.Kind == KindIntrusion:
		title, base.Severity = "Reservation intrusion: {0} in {1}", alerts.SeverityModerate
	case rec.Kind == KindAdvisory:
		title, base.Kind, base.Severity = "Air advisory: {0} near {1}", alerts.KindAirAdvisory, alerts.SeverityModerate
	case rec.TimeToLossS != nil && *rec.TimeToLossS < 60:
		base.Severity = alerts.SeverityExtreme
	}
	if rec.Where != nil {
		base.Area = &alerts.Area{Description: "where separation is least", Lat: rec.Where.Lat, Lon: rec.Where.Lon, RadiusM: s.cfg.Engine.LateralMinimum}
	}
	key := AlertKey(rec.ID, rec.Seq)
	spec := func(key string, concerned []string) alerts.Spec {
		sp := base
		sp.Key, sp.Concerned = key, concerned
		names := d.names(rec, concerned[0])
		sp.Title, sp.Description = render(title, names), render(rec.Template, names)
		if rec.Template == "" {
			sp.Description = ""
		}
		return sp
	}
	var out []alerts.Spec
	full := d.knowers(rec, rec.Parties)
	if len(full) > 0 {
		out = append(out, spec(key, full))
	}
	for _, p := range rec.Parties {
		if !slices.Contains(full, p) {
			out = append(out, spec(PartyAlertKey(key, p), []string{p}))
		}
	}
	return out
}

// alertJob is the alerts of one open record.
type alertJob struct {
	id    string
	specs []alerts.Spec
}

// alertAll raises the alerts of jobs, 16 at a time, even if ctx ends (the
// records are committed: their alerts must follow). A record all of whose
// alerts are raised (or refused for good: malformed, or nobody to tell)
// is marked alerted; the others stay pending for alertMissing. The caller
// holds s.mu.
func (s *Service) alertAll(ctx context.Context, jobs []alertJob) {
	if s.deps.Alerts == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := map[string]bool{}
	for _, job := range jobs {
		for _, spec := range job.specs {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				_, _, err := s.deps.Alerts.Raise(ctx, spec)
				var inv *fault.InvalidError
				if err == nil || errors.Is(err, alerts.ErrNoAudience) || errors.As(err, &inv) {
					return
				}
				s.deps.Logger.ErrorContext(ctx, "flights: alert not raised; the periodic reconcile will raise it", "key", spec.Key, "err", err)
				mu.Lock()
				failed[job.id] = true
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	for _, job := range jobs {
		if !failed[job.id] {
			s.open.alerted(job.id)
		}
	}
}

// alertMissing raises the alerts of every open record not known to have
// them (one whose raising failed, or read from the store at start or from
// another process), idempotently: Raise returns an alert raised under the
// same key already. The periodic reconcile calls it, so that every open
// conflict has its alert. The caller holds s.mu.
func (s *Service) alertMissing(ctx context.Context) {
	if s.deps.Alerts == nil || len(s.open.pending) == 0 {
		return
	}
	d, err := s.disclosure(ctx)
	if err != nil {
		s.deps.Logger.ErrorContext(ctx, "flights: raise missing alerts", "err", err)
		return
	}
	var jobs []alertJob
	for _, id := range slices.Sorted(maps.Keys(s.open.pending)) {
		if rec := s.open.get(id); rec != nil {
			jobs = append(jobs, alertJob{id: id, specs: s.alertSpecs(d, rec)})
		}
	}
	s.alertAll(ctx, jobs)
}

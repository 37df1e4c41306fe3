package agreements

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/ledger"
)

// trackRules returns the rules a live track can break (no flights below
// an altitude over a zone) of every agreement's version in force, with the
// obligation each is.
func (s *Service) trackRules(ctx context.Context) ([]rules.Rule, []trackRule, error) {
	as, err := s.store.Agreements(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("agreements: rules over the air: %w", err)
	}
	chairs, gone, err := s.coChairs(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("agreements: rules over the air: %w", err)
	}
	var rs []rules.Rule
	var names []trackRule
	for i := range as {
		a := &as[i]
		decorate(a, s.now(), chairs, gone)
		if a.Current == nil {
			continue
		}
		all, err := s.rulesOf(ctx, a.Current)
		if err != nil {
			return nil, nil, fmt.Errorf("agreements: rules over the air of %s: %w", a.ID, err)
		}
		for _, r := range all {
			if r.Kind == rules.KindNoLowFlights && len(r.Zone) > 0 {
				names = append(names, trackRule{agreement: a.ID, version: a.Current.Version, obligation: r.ID})
				rs = append(rs, r)
			}
		}
	}
	return rs, names, nil
}

// RecordTrack records h, the first report of a track's episode that
// breaks an obligation, unless that episode's breach of it is recorded
// already or h was judged against a version no longer current. The breach
// is released to those who may see both the agreement and the track (its
// own party and the co-chairs: access.TrackVisible). It returns how many
// it recorded (0 or 1).
func (s *Service) RecordTrack(ctx context.Context, h TrackHit) (int, error) {
	a, err := s.store.Agreement(ctx, nil, h.AgreementID)
	if err != nil {
		return 0, fmt.Errorf("agreements: record the breach of track %s: %w", h.Report.ID, err)
	}
	chairs, gone, err := s.coChairs(ctx)
	if err != nil {
		return 0, fmt.Errorf("agreements: record the breach of track %s: %w", h.Report.ID, err)
	}
	decorate(a, s.now(), chairs, gone)
	if a.Current == nil || a.Current.Version != h.Version {
		return 0, nil // judged against a version since replaced: the judge's index is rebuilt
	}
	r := &h.Report
	track := access.Releasability{TLP: access.TLPAmber, Audience: append([]string{r.Party}, chairs...)}.Normalize(r.Party)
	b := BreachRecorded{AgreementID: a.ID, Version: h.Version, Obligation: h.Obligation, Source: rules.SourceTrack,
		EventID: r.ID, Party: r.Party, EventTime: r.Time.UTC().Format(time.RFC3339),
		Episode: r.Episode.UTC().Format(time.RFC3339Nano), Release: track}
	if hasBreach(a.Breaches, &b) {
		return 0, nil
	}
	c, ok := s.breachChange(ctx, a, &b, r.Party)
	if !ok {
		return 0, nil
	}
	return s.appendBreaches(ctx, []ledger.Change{c})
}

package flights

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/ledger"
	"truce/internal/txn"
)

// batchSize is how many conflict entries one log append carries.
const batchSize = 256

// raiseAll raises recs, batchSize entries to an append (one commit each),
// then their alerts concurrently (so that the sequencer group-commits
// them). A batch that meets a record raised meanwhile (access.ErrConflict)
// is raised one by one.
func (s *Service) raiseAll(ctx context.Context, recs []*Conflict) error {
	var specs []alerts.Spec
	for len(recs) > 0 {
		chunk := recs[:min(batchSize, len(recs))]
		recs = recs[len(chunk):]
		changes := make([]ledger.Change, len(chunk))
		for i, rec := range chunk {
			c, err := s.raiseChange(ctx, rec)
			if err != nil {
				return err
			}
			changes[i] = c
		}
		es, err := s.Log.Append(ctx, changes...)
		if errors.Is(err, access.ErrConflict) {
			var errs []error
			for _, rec := range chunk {
				errs = append(errs, s.raise(ctx, rec))
			}
			if err := errors.Join(errs...); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("flights: raise %d records: %w", len(chunk), err)
		}
		for i, e := range es {
			specs = append(specs, s.raised(chunk[i], e))
		}
	}
	s.alertAll(ctx, specs)
	return nil
}

// alertAll raises the alerts of specs, 16 at a time.
func (s *Service) alertAll(ctx context.Context, specs []alerts.Spec) {
	if s.Alerts == nil {
		return
	}
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for _, spec := range specs {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if _, _, err := s.Alerts.Raise(ctx, spec); err != nil {
				s.Logger.ErrorContext(ctx, "flights: alert not raised", "key", spec.Key, "err", err)
			}
		})
	}
	wg.Wait()
}

// clearAll clears recs with their reasons, batchSize entries to an append;
// a batch that meets a record cleared meanwhile is cleared one by one.
func (s *Service) clearAll(ctx context.Context, recs []*Conflict, reasons []string) error {
	var cleared [][2]string
	for len(recs) > 0 {
		n := min(batchSize, len(recs))
		chunk, why := recs[:n], reasons[:n]
		recs, reasons = recs[n:], reasons[n:]
		changes := make([]ledger.Change, n)
		for i, rec := range chunk {
			changes[i] = s.clearChange(rec, why[i])
		}
		_, err := s.Log.Append(ctx, changes...)
		if errors.Is(err, access.ErrConflict) {
			var errs []error
			for i, rec := range chunk {
				errs = append(errs, s.clear(ctx, rec, why[i]))
			}
			if err := errors.Join(errs...); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("flights: clear %d records: %w", n, err)
		}
		for i, rec := range chunk {
			s.open.del(rec.ID)
			cleared = append(cleared, [2]string{rec.AlertKey, why[i]})
		}
	}
	s.clearAlerts(ctx, cleared)
	return nil
}

// clearAlerts clears the alerts of cleared records ({key, reason}), 16 at
// a time. An alert never raised (no alerter when the record was raised) is
// not an error.
func (s *Service) clearAlerts(ctx context.Context, cleared [][2]string) {
	if s.Alerts == nil {
		return
	}
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for _, c := range cleared {
		if c[0] == "" {
			continue
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if _, err := s.Alerts.Clear(ctx, c[0], c[1]); err != nil && !errors.Is(err, access.ErrNotFound) {
				s.Logger.ErrorContext(ctx, "flights: alert not cleared", "key", c[0], "err", err)
			}
		})
	}
	wg.Wait()
}

// raiseChange returns the log change that raises rec (its releasability
// set: the parties concerned and the co-chairs). Its check refuses a record
// open already with access.ErrConflict.
func (s *Service) raiseChange(ctx context.Context, rec *Conflict) (ledger.Change, error) {
	chairs, err := s.coChairs(ctx)
	if err != nil {
		return ledger.Change{}, err
	}
	rec.Release = access.Releasability{TLP: access.TLPAmber, Audience: append(slices.Clone(rec.Parties), chairs...)}.Normalize(rec.Parties[0])
	check := func(ctx context.Context, q txn.Querier) error {
		if c, err := s.Store.Conflict(ctx, q, rec.ID); err == nil && c.Status == ConflictOpen {
			return fmt.Errorf("conflict %s is open already: %w", rec.ID, access.ErrConflict)
		} else if err != nil && !errors.Is(err, access.ErrNotFound) {
			return err
		}
		return nil
	}
	return ledger.Change{Draft: ledger.Draft{Party: rec.Parties[0], Author: Author,
		Kind: EntryConflictRaised, Subject: "conflict:" + rec.ID, Release: rec.Release, Payload: rec}, Check: check}, nil
}

// raised records that rec was raised by entry e and returns its alert.
func (s *Service) raised(rec *Conflict, e *ledger.Entry) alerts.Spec {
	rec.Seq, rec.Raised, rec.AlertKey = e.Seq, e.Time, AlertKey(rec.ID, e.Seq)
	s.open.put(rec)
	spec := alerts.Spec{Key: rec.AlertKey, Kind: alerts.KindAirConflict, Severity: alerts.SeveritySevere,
		Title: "Air conflict: " + rec.Subjects[0] + " and " + rec.Subjects[1], Description: rec.Detail,
		Concerned: rec.Parties, Links: []alerts.Link{{Type: "conflict", ID: rec.ID, Seq: e.Seq}}, Causes: []access.Releasability{rec.Release}}
	switch {
	case rec.Kind == KindIntrusion:
		spec.Title = "Reservation intrusion: " + rec.Subjects[0] + " in " + rec.Subjects[1]
		spec.Severity = alerts.SeverityModerate
	case rec.Kind == KindAdvisory:
		spec.Kind, spec.Severity = alerts.KindAirAdvisory, alerts.SeverityModerate
		spec.Title = "Air advisory: " + rec.Subjects[0] + " near " + rec.Subjects[1]
	case rec.TimeToLossS != nil && *rec.TimeToLossS < 60:
		spec.Severity = alerts.SeverityExtreme
	}
	if rec.Where != nil {
		spec.Area = &alerts.Area{Description: "where separation is least", Lat: rec.Where.Lat, Lon: rec.Where.Lon, RadiusM: s.cfg.Engine.LateralMinimum}
	}
	return spec
}

// raise logs rec as raised and alerts the parties concerned. A record
// already open (raised by another path meanwhile) is adopted, not raised
// twice.
func (s *Service) raise(ctx context.Context, rec *Conflict) error {
	c, err := s.raiseChange(ctx, rec)
	if err != nil {
		return err
	}
	e, err := s.appendOne(ctx, c)
	if errors.Is(err, access.ErrConflict) {
		c, err := s.Store.Conflict(ctx, nil, rec.ID)
		if err == nil {
			s.open.put(c)
		}
		return err
	}
	if err != nil {
		return fmt.Errorf("flights: raise %s: %w", rec.ID, err)
	}
	s.alertAll(ctx, []alerts.Spec{s.raised(rec, e)})
	return nil
}

// AlertKey is the key of the alert raised for conflict id by entry seq.
func AlertKey(id string, seq int64) string { return fmt.Sprintf("air_conflict:%s:%d", id, seq) }

// clearChange returns the log change that clears rec; its check refuses a
// record not open with access.ErrConflict.
func (s *Service) clearChange(rec *Conflict, reason string) ledger.Change {
	check := func(ctx context.Context, q txn.Querier) error {
		c, err := s.Store.Conflict(ctx, q, rec.ID)
		if err != nil {
			return err
		}
		if c.Status != ConflictOpen {
			return fmt.Errorf("conflict %s is cleared already: %w", rec.ID, access.ErrConflict)
		}
		return nil
	}
	return ledger.Change{Draft: ledger.Draft{Party: rec.Parties[0], Author: Author,
		Kind: EntryConflictCleared, Subject: "conflict:" + rec.ID, Release: rec.Release, Payload: &ClearedPayload{ID: rec.ID, Reason: reason}}, Check: check}
}

// clear logs rec as cleared with reason.
func (s *Service) clear(ctx context.Context, rec *Conflict, reason string) error {
	_, err := s.appendOne(ctx, s.clearChange(rec, reason))
	if err != nil && !errors.Is(err, access.ErrConflict) {
		return fmt.Errorf("flights: clear %s: %w", rec.ID, err)
	}
	s.open.del(rec.ID)
	s.clearAlerts(ctx, [][2]string{{rec.AlertKey, reason}})
	return nil
}

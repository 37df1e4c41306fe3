package flights

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/txn"
)

// batchSize is how many conflict entries one log append carries.
const batchSize = 256

// raiseAll raises recs, batchSize entries to an append (one commit each),
// then their alerts concurrently (so that the sequencer group-commits
// them). A batch that meets a record raised meanwhile (fault.ErrConflict)
// is raised one by one.
func (s *Service) raiseAll(ctx context.Context, recs []*Conflict) error {
	if len(recs) == 0 {
		return nil
	}
	d, err := s.disclosure(ctx)
	if err != nil {
		return err
	}
	var jobs []alertJob
	known := map[string]access.Releasability{}
	for len(recs) > 0 {
		chunk := recs[:min(batchSize, len(recs))]
		recs = recs[len(chunk):]
		changes := make([]ledger.Change, len(chunk))
		for i, rec := range chunk {
			c, err := s.raiseChange(ctx, d, rec, known)
			if err != nil {
				return err
			}
			changes[i] = c
		}
		es, err := s.deps.Log.Append(ctx, changes...)
		if errors.Is(err, fault.ErrConflict) {
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
			jobs = append(jobs, s.raised(d, chunk[i], e))
		}
	}
	s.alertAll(ctx, jobs)
	return nil
}

// clearAll clears recs with their reasons, batchSize entries to an append;
// a batch that meets a record cleared meanwhile is cleared one by one.
func (s *Service) clearAll(ctx context.Context, recs []*Conflict, reasons []string) error {
	if len(recs) == 0 {
		return nil
	}
	d, err := s.disclosure(ctx)
	if err != nil {
		return err
	}
	var cleared [][]string
	for len(recs) > 0 {
		n := min(batchSize, len(recs))
		chunk, why := recs[:n], reasons[:n]
		recs, reasons = recs[n:], reasons[n:]
		changes := make([]ledger.Change, n)
		for i, rec := range chunk {
			changes[i] = s.clearChange(ctx, d, rec, why[i])
		}
		_, err := s.deps.Log.Append(ctx, changes...)
		if errors.Is(err, fault.ErrConflict) {
			var errs []error
			for i, rec := range chunk {
				errs = append(errs, s.clear(ctx, d, rec, why[i]))
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
			cleared = append(cleared, clearedAlerts(rec, why[i]))
		}
	}
	s.clearAlerts(ctx, cleared)
	return nil
}

// clearAlerts clears the alerts of cleared records ({key, reason, every
// key of its alerts…}), 16 records at a time. An alert never raised (no
// alerter when the record was raised, or no party to send it to) is not an
// error.
func (s *Service) clearAlerts(ctx context.Context, cleared [][]string) {
	if s.deps.Alerts == nil {
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
			for _, key := range c[2:] {
				if _, err := s.deps.Alerts.Clear(ctx, key, c[1]); err != nil && !errors.Is(err, fault.ErrNotFound) {
					s.deps.Logger.ErrorContext(ctx, "flights: alert not cleared", "key", key, "err", err)
				}
			}
		})
	}
	wg.Wait()
}

// raiseChange returns the log change that raises rec. rec.Release (who
// may know that the record exists) is the parties concerned and the
// co-chairs; the entry itself, which names every subject, is released only
// to those of them that may know every subject (Disclosure), so that its
// exact bytes show no hidden aircraft to anyone. known caches the subjects'
// releasabilities across calls. Its check refuses a record open already
// with fault.ErrConflict.
func (s *Service) raiseChange(ctx context.Context, d Disclosure, rec *Conflict, known map[string]access.Releasability) (ledger.Change, error) {
	if err := s.describe(ctx, rec, known); err != nil {
		return ledger.Change{}, err
	}
	rec.Release = access.Releasability{TLP: access.TLPAmber, Audience: append(slices.Clone(rec.Parties), d.chairs...)}.Normalize(rec.Parties[0])
	entryRel := s.entryRelease(ctx, d, rec)
	check := func(ctx context.Context, q txn.Querier) error {
		if c, err := s.deps.Store.Conflict(ctx, q, rec.ID); err == nil && c.Status == ConflictOpen {
			return fmt.Errorf("conflict %s is open already: %w", rec.ID, fault.ErrConflict)
		} else if err != nil && !errors.Is(err, fault.ErrNotFound) {
			return err
		}
		return nil
	}
	return ledger.Change{Draft: ledger.Draft{Party: entryParty(rec, entryRel), Author: Author,
		Kind: EntryConflictRaised, Subject: ConflictSubject(rec.ID), Release: entryRel, Payload: rec}, Check: check}, nil
}

// entryRelease returns the releasability of the entries that raise and
// clear rec: AMBER to the parties of rec.Release (the parties concerned and
// the co-chairs) that may know every subject. An entry's party and
// audience are part of its bytes, so every member of the audience must
// also be free to learn that every other is concerned. If there is no such
// party (a node without co-chairs, or a reservation released to no
// co-chair) the record must still be logged, and goes to its first party.
func (s *Service) entryRelease(ctx context.Context, d Disclosure, rec *Conflict) access.Releasability {
	aud := d.knowers(rec, rec.Release.Audience)
	if len(aud) == 0 {
		s.deps.Logger.WarnContext(ctx, "flights: no party may know every subject of a record; logged to its first party", "id", rec.ID)
		aud = []string{rec.Parties[0]}
	}
	return access.Releasability{TLP: access.TLPAmber, Audience: aud}
}

// entryParty returns the party an entry about rec released as rel is
// recorded for: the first party concerned in its audience, else the
// first of its audience.
func entryParty(rec *Conflict, rel access.Releasability) string {
	for _, p := range rec.Parties {
		if slices.Contains(rel.Audience, p) {
			return p
		}
	}
	return rel.Audience[0]
}

// raised records that rec was raised by entry e and returns its alerts.
func (s *Service) raised(d Disclosure, rec *Conflict, e *ledger.Entry) alertJob {
	rec.Seq, rec.Raised, rec.AlertKey = e.Seq, e.Time, AlertKey(rec.ID, e.Seq)
	s.open.put(rec)
	return alertJob{id: rec.ID, specs: s.alertSpecs(d, rec)}
}

// raise logs rec as raised and alerts the parties concerned. A record
// already open (raised by another path meanwhile) is adopted, not raised
// twice.
func (s *Service) raise(ctx context.Context, rec *Conflict) error {
	d, err := s.disclosure(ctx)
	if err != nil {
		return err
	}
	c, err := s.raiseChange(ctx, d, rec, map[string]access.Releasability{})
	if err != nil {
		return err
	}
	e, err := s.appendOne(ctx, c)
	if errors.Is(err, fault.ErrConflict) {
		c, err := s.deps.Store.Conflict(ctx, nil, rec.ID)
		if err == nil {
			s.open.put(c)
		}
		return err
	}
	if err != nil {
		return fmt.Errorf("flights: raise %s: %w", rec.ID, err)
	}
	s.alertAll(ctx, []alertJob{s.raised(d, rec, e)})
	return nil
}

// clearChange returns the log change that clears rec, released like the
// entry that raised it (entryRelease); its check refuses a record not open
// with fault.ErrConflict.
func (s *Service) clearChange(ctx context.Context, d Disclosure, rec *Conflict, reason string) ledger.Change {
	check := func(ctx context.Context, q txn.Querier) error {
		c, err := s.deps.Store.Conflict(ctx, q, rec.ID)
		if err != nil {
			return err
		}
		if c.Status != ConflictOpen {
			return fmt.Errorf("conflict %s is cleared already: %w", rec.ID, fault.ErrConflict)
		}
		return nil
	}
	rel := s.entryRelease(ctx, d, rec)
	return ledger.Change{Draft: ledger.Draft{Party: entryParty(rec, rel), Author: Author,
		Kind: EntryConflictCleared, Subject: ConflictSubject(rec.ID), Release: rel, Payload: &ClearedPayload{ID: rec.ID, Reason: reason}}, Check: check}
}

// clear logs rec as cleared with reason.
func (s *Service) clear(ctx context.Context, d Disclosure, rec *Conflict, reason string) error {
	_, err := s.appendOne(ctx, s.clearChange(ctx, d, rec, reason))
	if err != nil && !errors.Is(err, fault.ErrConflict) {
		return fmt.Errorf("flights: clear %s: %w", rec.ID, err)
	}
	s.open.del(rec.ID)
	s.clearAlerts(ctx, [][]string{clearedAlerts(rec, reason)})
	return nil
}

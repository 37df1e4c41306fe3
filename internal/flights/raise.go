package flights

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// writeSet is one write under construction (state.go): its changes in log
// order, and the disclosure in force for the records it raises and clears.
type writeSet struct {
	s       *Service
	d       Disclosure
	changes []ledger.Change
}

// newWriteSet returns an empty write. The caller holds s.mu.
func (s *Service) newWriteSet(ctx context.Context) (*writeSet, error) {
	d, err := s.disclosure(ctx)
	if err != nil {
		return nil, err
	}
	return &writeSet{s: s, d: d}, nil
}

// add adds the caller's own change (a plan or reservation entry); it
// MUST come before any record the write raises or clears.
func (w *writeSet) add(c ledger.Change) { w.changes = append(w.changes, c) }

// raise adds the entry that raises rec, followed by its alerts, and
// records rec open with those alerts. rec.Release (who may know that the
// record exists) is the parties concerned and the co-chairs; the entry
// itself, which names every subject, is released only to those of them
// that may know every subject (Disclosure), so that its exact bytes show
// no hidden aircraft to anyone. Its check refuses a record open already
// (raised through another process) with errRecordChanged.
func (w *writeSet) raise(ctx context.Context, rec *Conflict) error {
	s := w.s
	s.describe(rec)
	rec.Release = access.Releasability{TLP: access.TLPAmber, Audience: append(slices.Clone(rec.Parties), w.d.chairs...)}.Normalize(rec.Parties[0])
	entryRel := s.entryRelease(ctx, w.d, rec)
	check := func(ctx context.Context, q ledger.Querier) error {
		if c, err := s.deps.Store.Conflict(ctx, q, rec.ID); err == nil && c.Status == ConflictOpen {
			return fmt.Errorf("conflict %s is open already: %w", rec.ID, errRecordChanged)
		} else if err != nil && !errors.Is(err, fault.ErrNotFound) {
			return err
		}
		return nil
	}
	party, err := s.entryParty(rec, entryRel)
	if err != nil {
		return err
	}
	at := len(w.changes)
	w.changes = append(w.changes, ledger.Change{Draft: ledger.Draft{Party: party, Author: Author,
		Kind: EntryConflictRaised, Subject: ConflictSubject(rec.ID), Release: entryRel, Payload: rec}, Check: check})
	r := &openRecord{Conflict: rec}
	if s.deps.Alerts != nil {
		specs, parties := s.alertSpecs(w.d, rec)
		for i := range specs {
			// The alert's key and link name the record's entry, numbered
			// dist entries before the alert's own.
			dist, id, party := int64(len(w.changes)-at), rec.ID, parties[i]
			c, ref, err := s.deps.Alerts.RaiseChange(specs[i], func(seq int64, sp *alerts.Spec) {
				sp.Key, sp.Links[0].Seq = alertKeyFor(id, seq-dist, party), seq-dist
			})
			if refusedForGood(err) {
				continue
			}
			if err != nil {
				return fmt.Errorf("flights: alert of %s: %w", rec.ID, err)
			}
			w.changes = append(w.changes, c)
			r.alerts = append(r.alerts, ref)
		}
	}
	s.open.put(r)
	return nil
}

// refusedForGood reports whether an alert was refused for a reason no
// retry changes: a malformed spec, no party concerned to tell, or (on a
// party node) no party of the node that may see every cause, whose alert
// the nodes of the parties that may see them raise.
func refusedForGood(err error) bool {
	var inv *fault.InvalidError
	return errors.Is(err, alerts.ErrNoAudience) || errors.Is(err, alerts.ErrNoNodeParty) || errors.As(err, &inv)
}

// clear adds the entry that clears r with reason, followed by the clearing
// of r's alerts, and forgets r. The entry is released like the one that
// raised it (entryRelease); its check refuses a record that is not open
// (cleared through another process) with errRecordChanged. On a party
// node it returns ErrNoNodeParty, adding nothing, if the node may not log
// the clearing (entryParty).
func (w *writeSet) clear(ctx context.Context, r *openRecord, reason string) error {
	s := w.s
	check := func(ctx context.Context, q ledger.Querier) error {
		c, err := s.deps.Store.Conflict(ctx, q, r.ID)
		if errors.Is(err, fault.ErrNotFound) {
			return fmt.Errorf("conflict %s is not logged: %w", r.ID, errRecordChanged)
		}
		if err != nil {
			return err
		}
		if c.Status != ConflictOpen {
			return fmt.Errorf("conflict %s is cleared already: %w", r.ID, errRecordChanged)
		}
		return nil
	}
	rel := s.entryRelease(ctx, w.d, r.Conflict)
	party, err := s.entryParty(r.Conflict, rel)
	if err != nil {
		return err
	}
	w.changes = append(w.changes, ledger.Change{Draft: ledger.Draft{Party: party, Author: Author,
		Kind: EntryConflictCleared, Subject: ConflictSubject(r.ID), Release: rel, Payload: &ClearedPayload{ID: r.ID, Reason: reason}}, Check: check})
	for _, ref := range r.alerts {
		w.changes = append(w.changes, s.deps.Alerts.ClearChange(ref, reason))
	}
	s.open.del(r.ID)
	return nil
}

// adopt returns the open record of c, read from the store, with its
// alerts: those raised under any of its keys and not cleared, and, added
// to w, any that the disclosure in force calls for and that are missing
// (in a log written before a record and its alerts were one commit).
func (w *writeSet) adopt(ctx context.Context, c *Conflict) (*openRecord, error) {
	s := w.s
	r := &openRecord{Conflict: c}
	if s.deps.Alerts == nil || c.AlertKey == "" {
		return r, nil
	}
	found := map[string]bool{}
	for _, key := range alertKeys(c) {
		a, err := s.deps.Alerts.ByKey(ctx, key)
		if errors.Is(err, fault.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("flights: alerts of %s: %w", c.ID, err)
		}
		found[key] = true
		if a.Status != alerts.StatusCleared {
			r.alerts = append(r.alerts, a.Ref())
		}
	}
	specs, _ := s.alertSpecs(w.d, c)
	for _, sp := range specs {
		if found[sp.Key] {
			continue
		}
		ch, ref, err := s.deps.Alerts.RaiseChange(sp, nil)
		if refusedForGood(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("flights: alert of %s: %w", c.ID, err)
		}
		w.changes = append(w.changes, ch)
		r.alerts = append(r.alerts, ref)
	}
	return r, nil
}

// alertKeys returns every key the alerts of stored record c may have been
// raised under, whatever the disclosure was then: its AlertKey and each
// party's PartyAlertKey.
func alertKeys(c *Conflict) []string {
	keys := []string{c.AlertKey}
	for _, p := range c.Parties {
		keys = append(keys, PartyAlertKey(c.AlertKey, p))
	}
	return keys
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

// ErrNoNodeParty is returned (wrapped) when a conflict record concerns no
// party a party node speaks for (Deps.NodeParties) that may know every
// subject: its log cannot carry the record in another party's name.
var ErrNoNodeParty = errors.New("flights: the record concerns no party this node speaks for")

// entryParty returns the party an entry about rec released as rel is
// recorded for. On a hosted node it is the first party concerned in the
// audience, else the first of the audience. On a party node it is the
// first party concerned in the audience that the node speaks for, else
// the first party of the node in the audience, else ErrNoNodeParty.
func (s *Service) entryParty(rec *Conflict, rel access.Releasability) (string, error) {
	var node []string
	if s.deps.NodeParties != nil {
		node = s.deps.NodeParties()
	}
	for _, p := range rec.Parties {
		if slices.Contains(rel.Audience, p) && (len(node) == 0 || slices.Contains(node, p)) {
			return p, nil
		}
	}
	if len(node) == 0 {
		return rel.Audience[0], nil
	}
	for _, p := range node {
		if slices.Contains(rel.Audience, p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("conflict %s (parties %v): %w", rec.ID, rec.Parties, ErrNoNodeParty)
}

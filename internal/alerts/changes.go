package alerts

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Ref names a raised alert for ClearChange: its id and the envelope its
// entries are logged under.
type Ref struct {
	ID      string
	Party   string
	Release access.Releasability
}

// Ref returns the reference of a, for ClearChange.
func (a *Alert) Ref() Ref { return Ref{ID: a.ID, Party: a.Party, Release: a.Release} }

// RaiseChange returns the log change that raises the alert of spec, for a
// caller that puts it in its own Append (so that the alert commits with
// its cause, or neither does), and the reference of the alert it raises.
// bind, if not nil, completes spec inside the write from the sequence
// number of the alert's own entry (ledger.Change.Bind): the key and links
// of an alert raised in the same Append as the record it links to; it
// MUST NOT change the kind, severity, parties concerned or causes. The
// change's check refuses a key raised already with fault.ErrConflict.
// Returns *fault.InvalidError for a malformed spec (the key is checked
// once bound), ErrNoAudience when no party concerned may see every
// cause, and on a party node ErrNoNodeParty when none of its parties may
// (the change is logged under the party owner returns). Raise is RaiseChange appended on its own.
func (s *Service) RaiseChange(spec Spec, bind func(seq int64, spec *Spec)) (ledger.Change, Ref, error) {
	if bind == nil {
		if err := checkKey(spec.Key); err != nil {
			return ledger.Change{}, Ref{}, err
		}
	}
	if !slices.Contains(Kinds, spec.Kind) {
		return ledger.Change{}, Ref{}, fault.Invalid("kind", "%q is not an alert kind", spec.Kind)
	}
	if !spec.Severity.Valid() {
		return ledger.Change{}, Ref{}, fault.Invalid("severity", "%q is not a severity; use one of %v", spec.Severity, Severities)
	}
	if spec.Title == "" {
		return ledger.Change{}, Ref{}, fault.Invalid("title", "an alert needs a title")
	}
	rel := Derive(spec.Concerned, spec.Causes...)
	if len(rel.Audience) == 0 {
		return ledger.Change{}, Ref{}, fmt.Errorf("alerts: raise %s: %w", spec.Key, ErrNoAudience)
	}
	party, err := s.owner(rel, spec.Causes)
	if err != nil {
		return ledger.Change{}, Ref{}, fmt.Errorf("alerts: raise %s: %w", spec.Key, err)
	}
	id := access.NewID("alr")
	payload := func(spec *Spec) *Raised {
		p := &Raised{ID: id, Key: spec.Key, Kind: spec.Kind, Severity: spec.Severity, Title: spec.Title,
			Description: spec.Description, Concerned: rel.Audience, Links: spec.Links, Area: spec.Area, About: spec.About,
			Deadline: s.now().Add(s.cfg.within(spec.Severity)).UTC().Format(time.RFC3339Nano)}
		if p.Links == nil {
			p.Links = []Link{}
		}
		return p
	}
	key := spec.Key
	c := ledger.Change{Draft: ledger.Draft{Party: party, Author: Author, Kind: EntryRaised,
		Subject: Subject(id), Release: rel, Payload: payload(&spec)}}
	if bind != nil {
		c.Bind = func(seq int64) (any, error) {
			sp := spec
			sp.Links = slices.Clone(spec.Links)
			bind(seq, &sp)
			if err := checkKey(sp.Key); err != nil {
				return nil, err
			}
			key = sp.Key
			return payload(&sp), nil
		}
	}
	c.Check = func(ctx context.Context, q ledger.Querier) error {
		if _, err := s.store.AlertByKey(ctx, q, key); err == nil {
			return fmt.Errorf("alerts: an alert was raised under %s already: %w", key, fault.ErrConflict)
		} else if !errors.Is(err, fault.ErrNotFound) {
			return err
		}
		return nil
	}
	return c, Ref{ID: id, Party: party, Release: rel}, nil
}

// checkKey checks an alert key: 1 to 300 bytes.
func checkKey(key string) error {
	if key == "" || len(key) > 300 {
		return fault.Invalid("key", "an alert needs a key of 1–300 bytes")
	}
	return nil
}

// ClearChange returns the log change that clears alert r with reason, for
// a caller that puts it in its own Append (so that the alert clears with
// its cause). Its check refuses an alert cleared already with
// fault.ErrConflict. Clear is ClearChange appended on its own.
func (s *Service) ClearChange(r Ref, reason string) ledger.Change {
	check := func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.store.Alert(ctx, q, r.ID)
		if err != nil {
			return err
		}
		if cur.Status == StatusCleared {
			return fmt.Errorf("alerts: alert %s is cleared already: %w", r.ID, fault.ErrConflict)
		}
		return nil
	}
	return ledger.Change{Draft: ledger.Draft{Party: r.Party, Author: Author, Kind: EntryCleared,
		Subject: Subject(r.ID), Release: r.Release, Payload: &Cleared{ID: r.ID, Reason: reason}}, Check: check}
}

// ByKey returns the alert raised under key, or fault.ErrNotFound (wrapped)
// if there is none. It decides no visibility: it serves callers that raise
// and clear alerts, not readers.
func (s *Service) ByKey(ctx context.Context, key string) (*Alert, error) {
	a, err := s.store.AlertByKey(ctx, nil, key)
	if err != nil {
		return nil, fmt.Errorf("alerts: alert %s: %w", key, err)
	}
	return a, nil
}

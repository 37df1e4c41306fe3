package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/hosting"
	"truce/internal/ledger"
)

// Author is the author recorded on entries the node's alert machinery
// writes.
const Author = "truce-alerts"

// Config tunes acknowledgement deadlines.
type Config struct {
	// AckWithin is how long the parties concerned have to acknowledge an
	// alert of each severity before it escalates (defaults: extreme 1 h,
	// severe 4 h, moderate 12 h, minor 24 h).
	AckWithin map[Severity]time.Duration
}

func (c Config) within(s Severity) time.Duration {
	if d, ok := c.AckWithin[s]; ok && d > 0 {
		return d
	}
	switch s {
	case SeverityExtreme:
		return time.Hour
	case SeveritySevere:
		return 4 * time.Hour
	case SeverityModerate:
		return 12 * time.Hour
	}
	return 24 * time.Hour
}

// Service raises, acknowledges, escalates and reads alerts.
type Service struct {
	store  Store
	log    Appender
	cfg    Config
	now    func() time.Time
	gone   Withdrawn
	logger *slog.Logger
	// nodeParty and hosted are the parties a party node speaks for (see
	// owner.go); nodeParty is "" on a hosted node.
	nodeParty string
	hosted    *hosting.Parties
}

// Deps are what the alerts service is built from. Store and Log are
// required; Now defaults to time.Now and Logger to slog.Default; without
// Withdrawn no party has left the centre. NodeParty
// is set on a party node of a federation, with Hosted the parties the
// roster says it hosts (read on each use: a roster change may alter them while the node runs): the node's alerts are then logged under its own
// party (or, if that party may not see every cause, a hosted party that
// may), never under a party concerned; "" is a hosted node, where an
// alert is logged under the first party of its audience.
type Deps struct {
	Store     Store
	Log       Appender
	Config    Config
	Now       func() time.Time
	Withdrawn Withdrawn
	Logger    *slog.Logger
	NodeParty string
	Hosted    *hosting.Parties
}

// NewService returns a Service over d; its dependencies never change.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{store: d.Store, log: d.Log, cfg: d.Config, now: d.Now, gone: d.Withdrawn, logger: d.Logger,
		nodeParty: d.NodeParty, hosted: d.Hosted}
}

// Spec describes an alert to raise.
type Spec struct {
	// Key identifies what caused the alert; an alert is raised at most once
	// per key (e.g. "site_affected:<incident>:<site>").
	Key         string
	Kind        Kind
	Severity    Severity
	Title       string
	Description string
	// Concerned are the parties that must acknowledge; those that may not
	// see every cause are left out (see Derive).
	Concerned []string
	Links     []Link
	// Causes are the releasabilities of the linked records.
	Causes []access.Releasability
	Area   *Area
	// About names what the alert is about as structured fields (see
	// About); nil where the kind has none.
	About *About
}

// ErrNoAudience is returned by Raise when no party concerned may see every
// cause: such an alert would tell nobody anything they may know.
var ErrNoAudience = errors.New("alerts: no party concerned may see the causes")

// Raise records a new alert from spec, unless one was raised under its key
// already, in which case it returns that one and false. This is the hook
// for every rule: build a Spec and call Raise (a domain whose alert must
// commit with its cause, as deconfliction's conflicts and advisories do,
// puts RaiseChange in its own Append instead). Returns
// *fault.InvalidError for a malformed spec, ErrNoAudience as above, and on
// a party node ErrNoNodeParty if none of its parties may see every cause.
// The alert is logged under the party owner (owner.go) returns.
func (s *Service) Raise(ctx context.Context, spec Spec) (*Alert, bool, error) {
	c, ref, err := s.RaiseChange(spec, nil)
	if err != nil {
		return nil, false, err
	}
	if a, err := s.store.AlertByKey(ctx, nil, spec.Key); err == nil {
		return a, false, nil
	} else if !errors.Is(err, fault.ErrNotFound) {
		return nil, false, fmt.Errorf("alerts: raise %s: %w", spec.Key, err)
	}
	_, err = s.log.Append(ctx, c)
	if errors.Is(err, fault.ErrConflict) { // raised meanwhile
		a, err := s.store.AlertByKey(ctx, nil, spec.Key)
		return a, false, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("alerts: raise %s: %w", spec.Key, err)
	}
	a, err := s.store.Alert(ctx, nil, ref.ID)
	return a, true, err
}

// Get returns alert id if by may see it, else fault.ErrNotFound.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Alert, error) {
	a, err := s.store.Alert(ctx, nil, id)
	if err != nil {
		return nil, fmt.Errorf("alerts: %s: %w", id, err)
	}
	if !by.CanSee(a.Release) {
		return nil, fmt.Errorf("alerts: %s: %w", id, fault.ErrNotFound)
	}
	w, err := s.withdrawn(ctx)
	if err != nil {
		return nil, err
	}
	markWithdrawn(a, w)
	return a, nil
}

// Acknowledge records that by's party (by must be its liaison) has seen
// alert id. Returns fault.ErrNotFound if by may not see it,
// fault.ErrForbidden if by's party is not concerned, and
// fault.ErrConflict if it already acknowledged.
func (s *Service) Acknowledge(ctx context.Context, by access.Principal, id, note string) (*Alert, error) {
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, fmt.Errorf("alerts: acknowledge %s: %w", id, err)
	}
	if len(note) > 4000 {
		return nil, fault.Invalid("note", "at most 4000 bytes")
	}
	a, err := s.Get(ctx, by, id)
	if err != nil {
		return nil, err
	}
	check := func(ctx context.Context, q ledger.Querier) error {
		a, err := s.store.Alert(ctx, q, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(a.Acks, func(k Ack) bool { return k.Party == by.Party })
		if i < 0 {
			return fmt.Errorf("party %s is not concerned by alert %s: %w", by.Party, id, fault.ErrForbidden)
		}
		if a.Acks[i].Status != "pending" {
			return fmt.Errorf("party %s already acknowledged alert %s: %w", by.Party, id, fault.ErrConflict)
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: EntryAcknowledged,
		Subject: Subject(id), Release: a.Release, Payload: &Acknowledged{ID: id, Party: by.Party, Note: note}}, Check: check})
	if err != nil {
		return nil, fmt.Errorf("alerts: acknowledge %s: %w", id, err)
	}
	return s.Get(ctx, by, id)
}

// Escalate raises by one severity level every open alert whose deadline
// has passed with a party concerned yet to acknowledge, each exactly once
// per level (checked inside the write), and returns how many it escalated.
// A party that has withdrawn from the centre is not waited for: an alert
// only it has yet to acknowledge does not escalate. An escalation is
// logged under the party the alert was raised under (on a party node, one
// of the node's parties; see owner.go). The background ticker calls it.
func (s *Service) Escalate(ctx context.Context) (int, error) {
	now := s.now()
	due, err := s.store.Overdue(ctx, now)
	if err != nil {
		return 0, fmt.Errorf("alerts: escalate: %w", err)
	}
	w, err := s.withdrawn(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range due {
		next := a.Severity.Next()
		pending := waitingFor(&a, w)
		if len(pending) == 0 {
			continue
		}
		payload := &Escalated{ID: a.ID, Level: a.Level + 1, Severity: next,
			Deadline: now.Add(s.cfg.within(next)).UTC().Format(time.RFC3339Nano),
			Reason:   fmt.Sprintf("not acknowledged by %v before %s", pending, a.Deadline)}
		level := a.Level
		check := func(ctx context.Context, q ledger.Querier) error {
			cur, err := s.store.Alert(ctx, q, a.ID)
			if err != nil {
				return err
			}
			if cur.Level != level || cur.Status != StatusOpen {
				return fault.ErrConflict // escalated or acknowledged meanwhile
			}
			return nil
		}
		_, err := s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: a.Party, Author: Author, Kind: EntryEscalated,
			Subject: Subject(a.ID), Release: a.Release, Payload: payload}, Check: check})
		if errors.Is(err, fault.ErrConflict) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("alerts: escalate %s: %w", a.ID, err)
		}
		n++
	}
	return n, nil
}

package membership

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Service proposes and agrees membership changes and reads proposals.
type Service struct {
	store  Store
	log    Appender
	logger *slog.Logger
}

// Deps are what the membership service is built from. Store and Log are
// required; Logger defaults to slog.Default.
type Deps struct {
	Store  Store
	Log    Appender
	Logger *slog.Logger
}

// NewService returns a Service over d; its dependencies never change.
func NewService(d Deps) *Service {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{store: d.Store, log: d.Log, logger: d.Logger}
}

// release is the releasability of every membership entry: membership is
// known to every member of the centre.
var release = access.Releasability{TLP: access.TLPGreen}

// errRaced marks a precondition that found the state changed between the
// service's read and the write; the service retries.
var errRaced = errors.New("membership: state changed during the write")

// retry runs fn again (at most five times) while it reports errRaced.
func retry[T any](fn func() (T, error)) (T, error) {
	for attempt := 0; ; attempt++ {
		v, err := fn()
		if errors.Is(err, errRaced) && attempt < 5 {
			continue
		}
		return v, err
	}
}

// Propose records a proposal by by, who MUST be a liaison or admin of an
// active co-chair party (fault.ErrForbidden otherwise). A liaison's
// proposal carries the agreement of the liaison's party; if no other
// co-chair is required, the change is in force at once. It returns
// *fault.InvalidError for a bad spec or one the current membership makes
// impossible (an unknown or retired party, removing the last co-chair),
// and fault.ErrConflict while another proposal about the same party is
// pending. Nothing is written on error.
//
// A co-chair that walks out (retire_party of its own party) requires only
// its own agreement: no other party can keep it in, so a liaison's
// walk-out is in force at once (see WalkOut).
func (s *Service) Propose(ctx context.Context, by access.Principal, spec Spec) (*Proposal, error) {
	if err := by.Require(access.RoleLiaison, access.RoleAdmin); err != nil {
		return nil, fmt.Errorf("membership: propose: %w", err)
	}
	if !by.CoChair {
		return nil, fmt.Errorf("membership: propose: only a liaison or admin of a co-chair party may: %w", fault.ErrForbidden)
	}
	if err := spec.validate(); err != nil {
		return nil, err
	}
	id, err := retry(func() (string, error) { return s.propose(ctx, by, spec) })
	if err != nil {
		return nil, fmt.Errorf("membership: propose %s of %s: %w", spec.Kind, spec.Party, err)
	}
	return s.store.Proposal(ctx, nil, id)
}

func (s *Service) propose(ctx context.Context, by access.Principal, spec Spec) (string, error) {
	required, err := s.store.CoChairs(ctx, nil)
	if err != nil {
		return "", err
	}
	walkOut := WalkOut(by, spec)
	if walkOut {
		required = []string{by.Party}
	}
	if err := s.applicable(ctx, nil, spec); err != nil {
		return "", err
	}
	id := access.NewID("mbr")
	check := func(ctx context.Context, q ledger.Querier) error {
		now, err := s.store.CoChairs(ctx, q)
		if err != nil {
			return err
		}
		if !walkOut && !slices.Equal(now, required) {
			return errRaced
		}
		if _, err := s.store.Proposal(ctx, q, id); err == nil {
			return errRaced // an id collision: retry with a new id
		}
		if pending, err := s.store.PendingFor(ctx, q, spec.Party); err != nil {
			return err
		} else if pending != "" {
			return fmt.Errorf("proposal %s about %s is pending; agree to it first: %w", pending, spec.Party, fault.ErrConflict)
		}
		return s.applicable(ctx, q, spec)
	}
	changes := []ledger.Change{{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: EntryProposed,
		Subject: Subject(id), Release: release, Payload: Proposed{ID: id, Spec: spec, Required: required}}, Check: check}}
	if by.Role == access.RoleLiaison && slices.Contains(required, by.Party) {
		complete := len(missing(required, []string{by.Party})) == 0
		changes = append(changes, s.agreement(by, id, spec, complete)...)
	}
	if _, err := s.log.Append(ctx, changes...); err != nil {
		return "", err
	}
	return id, nil
}

// Agree records the agreement of by's party to proposal id. by MUST be a
// liaison of a party the proposal requires (one that was a co-chair when it
// was proposed) and of an active party: fault.ErrForbidden otherwise. The
// agreement that completes the required set writes the change with it. It
// returns fault.ErrNotFound for no such proposal (or the public),
// fault.ErrConflict if the party already agreed, the proposal is in force,
// or the change no longer applies (the party was meanwhile added, retired,
// or is the last co-chair). Nothing is written on error.
func (s *Service) Agree(ctx context.Context, by access.Principal, id string) (*Proposal, error) {
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, fmt.Errorf("membership: agree to %s: %w", id, err)
	}
	_, err := retry(func() (struct{}, error) { return struct{}{}, s.agree(ctx, by, id) })
	if err != nil {
		return nil, fmt.Errorf("membership: agree to %s: %w", id, err)
	}
	return s.store.Proposal(ctx, nil, id)
}

func (s *Service) agree(ctx context.Context, by access.Principal, id string) error {
	p, err := s.store.Proposal(ctx, nil, id)
	if err != nil {
		return err
	}
	if !slices.Contains(p.Required, by.Party) {
		return fmt.Errorf("%s was not a co-chair when %s was proposed (required: %v): %w", by.Party, id, p.Required, fault.ErrForbidden)
	}
	if p.Status != StatusPending {
		return fmt.Errorf("proposal %s is already in force: %w", id, fault.ErrConflict)
	}
	if slices.Contains(p.AgreedBy, by.Party) {
		return fmt.Errorf("%s already agreed to %s: %w", by.Party, id, fault.ErrConflict)
	}
	before := slices.Clone(p.AgreedBy)
	complete := len(missing(p.Required, append(slices.Clone(before), by.Party))) == 0
	check := func(ctx context.Context, q ledger.Querier) error {
		now, err := s.store.Proposal(ctx, q, id)
		if err != nil {
			return err
		}
		if now.Status != StatusPending || !slices.Equal(now.AgreedBy, before) {
			return errRaced
		}
		if !complete {
			return nil
		}
		if err := s.applicable(ctx, q, p.Spec); err != nil {
			return fmt.Errorf("%s no longer applies (%v): %w", id, err, fault.ErrConflict)
		}
		return nil
	}
	changes := s.agreement(by, id, p.Spec, complete)
	changes[0].Check = check
	_, err = s.log.Append(ctx, changes...)
	return err
}

// Withdraw withdraws pending proposal id. by MUST be a liaison or admin of
// the proposing party (fault.ErrForbidden otherwise, also for a retired
// party); it returns fault.ErrNotFound for no such proposal and
// fault.ErrConflict once the proposal is in force or withdrawn. A
// withdrawn proposal frees its party for a new proposal.
func (s *Service) Withdraw(ctx context.Context, by access.Principal, id string) (*Proposal, error) {
	if err := by.Require(access.RoleLiaison, access.RoleAdmin); err != nil {
		return nil, fmt.Errorf("membership: withdraw %s: %w", id, err)
	}
	p, err := s.store.Proposal(ctx, nil, id)
	if err != nil {
		return nil, fmt.Errorf("membership: withdraw %s: %w", id, err)
	}
	if p.ProposerParty != by.Party {
		return nil, fmt.Errorf("membership: withdraw %s: only %s, which proposed it, may: %w", id, p.ProposerParty, fault.ErrForbidden)
	}
	check := func(ctx context.Context, q ledger.Querier) error {
		now, err := s.store.Proposal(ctx, q, id)
		if err != nil {
			return err
		}
		if now.Status != StatusPending {
			return fmt.Errorf("proposal %s is %s: %w", id, now.Status, fault.ErrConflict)
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: EntryWithdrawn,
		Subject: Subject(id), Release: release, Payload: Withdrawn{ProposalID: id}}, Check: check})
	if err != nil {
		return nil, fmt.Errorf("membership: withdraw %s: %w", id, err)
	}
	return s.store.Proposal(ctx, nil, id)
}

// agreement returns the membership.agreed change of by's party and, when
// complete, the change it puts in force.
func (s *Service) agreement(by access.Principal, id string, spec Spec, complete bool) []ledger.Change {
	out := []ledger.Change{{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: EntryAgreed,
		Subject: Subject(id), Release: release, Payload: Agreed{ProposalID: id, Party: by.Party, Complete: complete}}}}
	if complete {
		out = append(out, ledger.Change{Draft: effect(by, id, spec)})
	}
	return out
}

// effect is the accounts entry that puts spec in force.
func effect(by access.Principal, id string, spec Spec) ledger.Draft {
	d := ledger.Draft{Party: by.Party, Author: by.Username, Subject: accounts.PartySubject(spec.Party), Release: release}
	switch spec.Kind {
	case KindAddParty:
		np := spec.NewParty
		d.Kind, d.Payload = accounts.KindPartyCreated, accounts.PartyCreated{
			Party: accounts.Party{ID: np.ID, Name: np.Name, Kind: np.Kind, CoChair: np.CoChair}, Proposal: id}
	case KindSetCoChair, KindUnsetCoChair:
		d.Kind, d.Payload = accounts.KindPartyCoChairChange, accounts.PartyCoChairChanged{
			PartyID: spec.Party, CoChair: spec.Kind == KindSetCoChair, Proposal: id}
	case KindRetireParty:
		d.Kind, d.Payload = accounts.KindPartyRetired, accounts.PartyRetired{PartyID: spec.Party, Proposal: id}
	}
	return d
}

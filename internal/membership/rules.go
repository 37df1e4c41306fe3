package membership

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// maxNote bounds a proposal's note.
const maxNote = 2000

// validate checks the spec on its own and fills Party for add_party.
func (s *Spec) validate() error {
	if !s.Kind.Valid() {
		return fault.Invalid("kind", "%q is not a membership change; use one of %v", s.Kind, Kinds)
	}
	if len(s.Note) > maxNote {
		return fault.Invalid("note", "at most %d bytes", maxNote)
	}
	if s.Kind == KindAddParty {
		if s.NewParty == nil {
			return fault.Invalid("new_party", "add_party needs the party to admit: {\"id\",\"name\",\"kind\",\"co_chair\"}")
		}
		if err := s.NewParty.Validate(); err != nil {
			var inv *fault.InvalidError
			if errors.As(err, &inv) {
				return fault.Invalid("new_party."+inv.Field, "%s", inv.Reason)
			}
			return err
		}
		if s.Party != "" && s.Party != s.NewParty.ID {
			return fault.Invalid("party", "must be empty or new_party.id (%q)", s.NewParty.ID)
		}
		s.Party = s.NewParty.ID
		return nil
	}
	if s.NewParty != nil {
		return fault.Invalid("new_party", "only add_party takes new_party")
	}
	if s.Party == "" {
		return fault.Invalid("party", "name the party concerned")
	}
	return nil
}

// WalkOut reports whether spec is by's party leaving the centre of its own
// accord: retire_party of its own party. Its withdrawal requires no other
// party's agreement, and once in force nothing waits for it (its pending
// replies read "unanswered (withdrawn)", package findings).
func WalkOut(by access.Principal, spec Spec) bool {
	return spec.Kind == KindRetireParty && spec.Party == by.Party
}

// applicable reports whether spec can take effect on the membership as it
// is (read through q). Its errors are fault.ErrConflict for adding a party
// that exists, else *fault.InvalidError naming the field at fault.
func (s *Service) applicable(ctx context.Context, q ledger.Querier, spec Spec) error {
	p, err := s.store.Party(ctx, q, spec.Party)
	if spec.Kind == KindAddParty {
		switch {
		case err == nil:
			return fmt.Errorf("party %q is already a member: %w", spec.Party, fault.ErrConflict)
		case !errors.Is(err, fault.ErrNotFound):
			return err
		}
		return nil
	}
	if errors.Is(err, fault.ErrNotFound) {
		return fault.Invalid("party", "unknown party %q", spec.Party)
	}
	if err != nil {
		return err
	}
	if p.Retired != "" {
		return fault.Invalid("party", "party %q retired at %s", spec.Party, p.Retired)
	}
	switch spec.Kind {
	case KindSetCoChair:
		if p.CoChair {
			return fault.Invalid("party", "party %q is already a co-chair", spec.Party)
		}
	case KindUnsetCoChair:
		if !p.CoChair {
			return fault.Invalid("party", "party %q is not a co-chair", spec.Party)
		}
	}
	if spec.Kind == KindUnsetCoChair || (spec.Kind == KindRetireParty && p.CoChair) {
		chairs, err := s.store.CoChairs(ctx, q)
		if err != nil {
			return err
		}
		if len(chairs) == 1 && chairs[0] == spec.Party {
			return fault.Invalid("party", "party %q is the last co-chair; make another party a co-chair first", spec.Party)
		}
	}
	return nil
}

// Get returns proposal id, or fault.ErrNotFound for the public (membership
// is released to members: GREEN) or no such proposal.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Proposal, error) {
	if !by.CanSee(release) {
		return nil, fmt.Errorf("membership: proposal %s: %w", id, fault.ErrNotFound)
	}
	p, err := s.store.Proposal(ctx, nil, id)
	if err != nil {
		return nil, fmt.Errorf("membership: proposal %s: %w", id, err)
	}
	return p, nil
}

// List returns the proposals with status ("" for all), newest first; the
// public gets fault.ErrUnauthenticated. A bad status is an
// *fault.InvalidError.
func (s *Service) List(ctx context.Context, by access.Principal, status Status) ([]Proposal, error) {
	if !by.Authenticated() {
		return nil, fault.ErrUnauthenticated
	}
	if status != "" && !slices.Contains([]Status{StatusPending, StatusInForce, StatusWithdrawn}, status) {
		return nil, fault.Invalid("status", "%q: use pending, in_force or withdrawn", status)
	}
	ps, err := s.store.Proposals(ctx, status)
	if err != nil {
		return nil, fmt.Errorf("membership: list: %w", err)
	}
	return ps, nil
}

package rosterchange

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/cite"
	"truce/internal/ledger"
)

// Agree logs the agreement of by's party to proposal id. by's party MUST
// be a co-chair of the roster in force and by an admin or liaison of it
// (fault.ErrForbidden otherwise). The node cites only a proposal it holds
// verified: fault.ErrNotFound if it holds none at id (not mirrored yet),
// fault.ErrConflict if it holds a different entry there (another leaf
// hash), if the proposal is refused (stale, skipping, citing another
// previous roster: the reason is given) or in force, or if by's party has
// already agreed to it or to a conflicting proposal for the same version.
// Nothing is written on error.
func (s *Service) Agree(ctx context.Context, by access.Principal, id cite.Citation) (*Proposal, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.inForce()
	if err := mayWrite(by, cur); err != nil {
		return nil, fmt.Errorf("rosterchange: agree to %s: %w", id, err)
	}
	if m, _ := cur.ByParty(by.Party); !m.CoChair {
		return nil, &fault.RefusalError{Kind: fault.ErrForbidden, Msg: fmt.Sprintf("%s is not a co-chair on the roster in force, so its agreement does not count", by.Party)}
	}
	entries, err := s.source.RosterEntries(ctx)
	if err != nil {
		return nil, fmt.Errorf("rosterchange: agree to %s: %w", id, err)
	}
	held, err := heldProposal(entries, id)
	if err != nil {
		return nil, err
	}
	v := Next(cur, entries)
	p, err := agreeable(v, held, by.Party)
	if err != nil {
		return nil, err
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindAgreed,
		Subject: Subject, Release: release(cur, p.Roster),
		Payload: Agreed{Proposal: p.ID, RosterHash: p.Hash, Version: p.Version, Previous: p.Previous}}})
	if err != nil {
		return nil, fmt.Errorf("rosterchange: agree to %s: %w", id, err)
	}
	s.logger.InfoContext(ctx, "roster change agreed", "id", p.ID.String(), "version", p.Version, "party", by.Party, "by", by.Username)
	return s.find(ctx, p.ID)
}

// heldProposal returns the citation of the proposal entry held at id.
func heldProposal(entries []Entry, id cite.Citation) (cite.Citation, error) {
	for _, e := range entries {
		if e.Origin != id.Origin || e.Index != id.Index {
			continue
		}
		if e.Kind != KindProposed {
			return cite.Citation{}, fault.Invalid("id", "%s#%d is a %s entry, not a roster proposal", id.Origin, id.Index, e.Kind)
		}
		if id.LeafHash != "" && id.LeafHash != e.LeafHash {
			return cite.Citation{}, fault.Conflictf("the entry held at %s#%d has leaf hash %s, not %s", id.Origin, id.Index, e.LeafHash, id.LeafHash)
		}
		return e.Citation(), nil
	}
	return cite.Citation{}, &fault.RefusalError{Kind: fault.ErrNotFound, Msg: fmt.Sprintf("this node holds no verified roster proposal %s#%d: it cites only what it has mirrored and verified; wait until its mirror of %s has caught up (GET /api/v1/federation)", id.Origin, id.Index, id.Origin)}
}

// agreeable returns the pending proposal id of v, if party may agree to it.
func agreeable(v View, id cite.Citation, party string) (*Proposal, error) {
	for _, p := range v.Refused {
		if p.ID == id {
			return nil, fault.Conflictf("proposal %s is refused: %s", id, p.Reason)
		}
	}
	for _, p := range v.Applied {
		if p.ID == id {
			return nil, fault.Conflictf("proposal %s is already agreed by every co-chair", id)
		}
	}
	i := slices.IndexFunc(v.Pending, func(p Proposal) bool { return p.ID == id })
	if i < 0 {
		return nil, &fault.RefusalError{Kind: fault.ErrNotFound, Msg: fmt.Sprintf("no roster proposal %s", id)}
	}
	p := v.Pending[i]
	if slices.ContainsFunc(p.AgreedBy, func(a Agreement) bool { return a.Party == party }) {
		return nil, fault.Conflictf("%s already agreed to %s", party, id)
	}
	if slices.Contains(p.Conflicting, party) {
		return nil, fault.Conflictf("%s already agreed to another proposal for version %d; a co-chair agrees to one proposal per version", party, p.Version)
	}
	return &p, nil
}

// find returns proposal id as Next sees it now.
func (s *Service) find(ctx context.Context, id cite.Citation) (*Proposal, error) {
	v, err := s.compute(ctx)
	if err != nil {
		return nil, err
	}
	for _, list := range [][]Proposal{v.Applied, v.Pending, v.Refused} {
		for _, p := range list {
			if p.ID == id {
				return &p, nil
			}
		}
	}
	return nil, &fault.RefusalError{Kind: fault.ErrNotFound, Msg: fmt.Sprintf("no roster proposal %s", id)}
}

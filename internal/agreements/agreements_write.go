package agreements

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/cochair"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Propose records a new version of agreement id, or a new agreement when
// id is "", with the proposing co-chair's agreement. For an existing
// agreement ifMatch must be its Seq (its ETag), else fault.ErrPrecondition.
// It returns fault.ErrForbidden unless by is a liaison of a co-chair
// party, fault.ErrNotFound for an agreement by may not see, and
// *fault.InvalidError for bad input (an obligation's zone must be an
// agreed zone by may see; a new agreement's releasability MUST let every
// co-chair and every party bound see it). Nothing is logged on error.
func (s *Service) Propose(ctx context.Context, by access.Principal, id string, ifMatch int64, p Proposal) (*Agreement, error) {
	if err := requireCoChairLiaison(by); err != nil {
		return nil, fmt.Errorf("agreements: propose: %w", err)
	}
	a, err := retry(func() (*Agreement, error) { return s.propose(ctx, by, id, ifMatch, &p) })
	if err != nil {
		return nil, fmt.Errorf("agreements: propose %q: %w", id, err)
	}
	return a, nil
}

func (s *Service) propose(ctx context.Context, by access.Principal, id string, ifMatch int64, p *Proposal) (*Agreement, error) {
	coChairs, err := s.store.CoChairs(ctx, nil)
	if err != nil {
		return nil, err
	}
	version, seq := 1, int64(-1)
	var release access.Releasability
	if id == "" {
		id = access.NewID("agr")
	} else {
		a, err := s.visibleAgreement(ctx, nil, by, id)
		if err != nil {
			return nil, err
		}
		if p.Releasability != nil {
			return nil, fault.Invalid("releasability", "is fixed by the agreement's first version; omit it")
		}
		if ifMatch != a.Seq {
			return nil, fmt.Errorf("agreement %s is at %d, not %d: %w", id, a.Seq, ifMatch, fault.ErrPrecondition)
		}
		version, release, seq = a.Latest+1, a.Release, a.Seq
	}
	spec, err := s.validate(ctx, by, id, version, p)
	if err != nil {
		return nil, err
	}
	if seq < 0 {
		if release, err = s.validRelease(ctx, p.Releasability, by.Party, append(slices.Clone(coChairs), spec.Parties...)); err != nil {
			return nil, err
		}
	} else {
		for _, party := range spec.Parties {
			if !release.VisibleTo(party) {
				return nil, fault.Invalid("parties", "%s may not see this agreement (its releasability is fixed); it cannot be bound by it", party)
			}
		}
	}
	complete := len(cochair.Missing(coChairs, []string{by.Party})) == 0
	check := func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.store.Agreement(ctx, q, id)
		switch {
		case seq < 0 && err == nil:
			return errRaced
		case seq < 0 && errors.Is(err, fault.ErrNotFound):
		case err != nil:
			return err
		case cur.Seq != seq:
			return fmt.Errorf("agreement %s changed meanwhile: %w", id, fault.ErrPrecondition)
		}
		now, err := s.store.CoChairs(ctx, q)
		if err != nil {
			return err
		}
		if !slices.Equal(now, coChairs) {
			return errRaced
		}
		return nil
	}
	_, err = s.log.Append(ctx,
		ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindProposed, Subject: Subject(id),
			Release: release, Payload: Proposed{Version: spec, Release: release}}, Check: check},
		ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindAgreed, Subject: Subject(id),
			Release: release, Payload: Agreed{AgreementID: id, Version: version, Party: by.Party, Complete: complete}}},
	)
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, by, id)
}

// Agree records by's party's agreement to version of agreement id; with
// the last co-chair's agreement the version is agreed. It returns
// fault.ErrForbidden unless by is a liaison of a co-chair party,
// fault.ErrNotFound for an agreement or version by may not see, and
// fault.ErrConflict if by's party agreed to it already.
func (s *Service) Agree(ctx context.Context, by access.Principal, id string, version int) (*Agreement, error) {
	if err := requireCoChairLiaison(by); err != nil {
		return nil, fmt.Errorf("agreements: agree: %w", err)
	}
	a, err := retry(func() (*Agreement, error) { return s.agree(ctx, by, id, version) })
	if err != nil {
		return nil, fmt.Errorf("agreements: agree to %s version %d: %w", id, version, err)
	}
	return a, nil
}

func findVersion(a *Agreement, version int) *Version {
	for i := range a.Versions {
		if a.Versions[i].Version == version {
			return &a.Versions[i]
		}
	}
	return nil
}

func (s *Service) agree(ctx context.Context, by access.Principal, id string, version int) (*Agreement, error) {
	a, err := s.visibleAgreement(ctx, nil, by, id)
	if err != nil {
		return nil, err
	}
	v := findVersion(a, version)
	if v == nil {
		return nil, fmt.Errorf("no version %d: %w", version, fault.ErrNotFound)
	}
	if slices.Contains(v.AgreedBy, by.Party) {
		return nil, fault.Conflictf("%s already agreed to version %d", by.Party, version)
	}
	coChairs, err := s.store.CoChairs(ctx, nil)
	if err != nil {
		return nil, err
	}
	before := slices.Clone(v.AgreedBy)
	complete := !v.Agreed() && len(cochair.Missing(coChairs, append(slices.Clone(before), by.Party))) == 0
	check := func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.store.Agreement(ctx, q, id)
		if err != nil {
			return err
		}
		nv := findVersion(cur, version)
		chairs, err := s.store.CoChairs(ctx, q)
		if err != nil {
			return err
		}
		if nv == nil || !slices.Equal(nv.AgreedBy, before) || !slices.Equal(chairs, coChairs) {
			return errRaced
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindAgreed,
		Subject: Subject(id), Release: a.Release, Payload: Agreed{AgreementID: id, Version: version, Party: by.Party, Complete: complete}},
		Check: check})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, by, id)
}

// LinkInput is the input of Link: an incident an analyst judges to bear
// on an obligation the rule could not decide.
type LinkInput struct {
	Obligation string `json:"obligation"`
	IncidentID string `json:"incident_id"`
	// Party is the party the incident bears on; empty when not identified.
	Party string `json:"party,omitempty"`
	Note  string `json:"note,omitempty"`
}

// Link records an analyst's link from an incident to an obligation of
// agreement id's latest version. It returns fault.ErrForbidden unless by
// is an analyst, fault.ErrNotFound for an agreement by may not see,
// *fault.InvalidError for an unknown obligation, an incident by may not
// see or a party not bound by the agreement, and fault.ErrConflict for a
// link made already.
func (s *Service) Link(ctx context.Context, by access.Principal, id string, in LinkInput) (*Agreement, error) {
	if err := by.Require(access.RoleAnalyst); err != nil {
		return nil, fmt.Errorf("agreements: link: %w", err)
	}
	a, err := s.visibleAgreement(ctx, nil, by, id)
	if err != nil {
		return nil, fmt.Errorf("agreements: link to %s: %w", id, err)
	}
	latest := findVersion(a, a.Latest)
	if latest == nil || !slices.ContainsFunc(latest.Obligations, func(o ObligationSpec) bool { return o.Key == in.Obligation }) {
		return nil, fault.Invalid("obligation", "%q is no obligation of the agreement's latest version", in.Obligation)
	}
	if in.Party != "" && !slices.Contains(latest.Parties, in.Party) {
		return nil, fault.Invalid("party", "%q is not a party of the agreement", in.Party)
	}
	if err := checkText("note", in.Note, MaxNoteBytes, false); err != nil {
		return nil, err
	}
	_, rel, err := s.events.Incident(ctx, by, in.IncidentID)
	if errors.Is(err, fault.ErrNotFound) {
		return nil, fault.Invalid("incident_id", "%q is no incident you may see", in.IncidentID)
	}
	if err != nil {
		return nil, fmt.Errorf("agreements: link to %s: %w", id, err)
	}
	if slices.ContainsFunc(a.Links, func(l Link) bool { return l.Obligation == in.Obligation && l.EventID == in.IncidentID }) {
		return nil, fault.Conflictf("incident %s is linked to obligation %s already", in.IncidentID, in.Obligation)
	}
	seq := a.Seq
	check := func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.store.Agreement(ctx, q, id)
		if err != nil {
			return err
		}
		if cur.Seq != seq {
			return fmt.Errorf("agreement %s changed meanwhile; retry: %w", id, fault.ErrConflict)
		}
		return nil
	}
	// The entry names the incident and the analyst's note: it is released
	// only to those who may see both the agreement and the incident.
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindLinked,
		Subject: Subject(id), Release: narrower(a.Release, rel), Payload: Linked{AgreementID: id, Obligation: in.Obligation,
			Source: rules.SourceIncident, EventID: in.IncidentID, Party: in.Party, Note: in.Note, Release: rel}}, Check: check})
	if err != nil {
		return nil, fmt.Errorf("agreements: link to %s: %w", id, err)
	}
	return s.Get(ctx, by, id)
}

// visibleLinks returns the links by may see: those whose incident's
// releasability lets by see it.
func (s *Service) visibleLinks(_ context.Context, by access.Principal, ls []Link) ([]Link, error) {
	return access.Visible(by, ls, func(l *Link) access.Releasability { return l.Release }), nil
}

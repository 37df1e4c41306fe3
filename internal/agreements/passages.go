package agreements

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/fault"
	"truce/internal/geo"
	"truce/internal/ledger"
)

// visiblePassage loads passage id if by may see it, else an error
// wrapping fault.ErrNotFound.
func (s *Service) visiblePassage(ctx context.Context, q ledger.Querier, by access.Principal, id string) (*Passage, error) {
	p, err := s.store.Passage(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !by.CanSee(p.Release) {
		return nil, fmt.Errorf("passage %s: %w", id, fault.ErrNotFound)
	}
	return p, nil
}

// decoratePassage sets p's status, time open and what it lacks to open as
// of now.
func decoratePassage(p *Passage, now time.Time) {
	p.Status = EffectiveStatus(p, now)
	p.OpenSeconds = int64(OpenDuration(p, now) / time.Second)
	p.Missing = []string{}
	if p.Status == PassagePlanned || p.Status == PassageSuspended {
		p.Missing = append(p.Missing, MissingToOpen(p, now)...)
	}
}

// GetPassage returns passage id as of now, or an error wrapping
// fault.ErrNotFound if there is none or by may not see it.
func (s *Service) GetPassage(ctx context.Context, by access.Principal, id string) (*Passage, error) {
	p, err := s.visiblePassage(ctx, nil, by, id)
	if err != nil {
		return nil, fmt.Errorf("agreements: get passage %s: %w", id, err)
	}
	if s.joint.History != nil {
		if err := s.jointPassage(ctx, by, p); err != nil {
			return nil, fmt.Errorf("agreements: get passage %s: %w", id, err)
		}
	}
	decoratePassage(p, s.now())
	if p.Incidents, err = s.passageIncidents(ctx, by, p); err != nil {
		return nil, fmt.Errorf("agreements: get passage %s: %w", id, err)
	}
	return p, nil
}

// IncidentDistanceM is how near a passage's route or area an incident is
// linked to it.
const IncidentDistanceM = 1000

// passageIncidents returns the ids of the incidents by may see within
// IncidentDistanceM of p's latest route or area during its window.
func (s *Service) passageIncidents(ctx context.Context, by access.Principal, p *Passage) ([]string, error) {
	v := p.LatestVersion()
	g, err := DecodeGeometry(v.Geometry)
	if err != nil || g == nil {
		return nil, err
	}
	now := s.now()
	from, err1 := time.Parse(time.RFC3339, v.WindowFrom)
	until, err2 := time.Parse(time.RFC3339, v.WindowUntil)
	if err1 != nil || err2 != nil || !from.Before(now) {
		return nil, nil
	}
	if until.After(now) {
		until = now
	}
	evs, err := s.events.Events(ctx, by, geo.ExpandBound(g.Bound(), IncidentDistanceM), from, until)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range evs {
		if e.Source == rules.SourceIncident && geo.DistanceToGeometry(e.Point, g) <= IncidentDistanceM {
			out = append(out, e.ID)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// PassageHistory returns the log entries of passage id that by may see.
func (s *Service) PassageHistory(ctx context.Context, by access.Principal, id string) ([]*ledger.Entry, error) {
	if _, err := s.visiblePassage(ctx, nil, by, id); err != nil {
		return nil, fmt.Errorf("agreements: history of passage %s: %w", id, err)
	}
	es, err := s.store.History(ctx, PassageSubject(id))
	if err != nil {
		return nil, fmt.Errorf("agreements: history of passage %s: %w", id, err)
	}
	return access.Visible(by, es, func(e **ledger.Entry) access.Releasability { return (*e).Release }), nil
}

// concerned reports whether by speaks for a party concerned by p or the
// party that proposed it.
func concerned(p *Passage, by access.Principal) bool {
	v := p.LatestVersion()
	return by.Party == p.Party || (v != nil && slices.Contains(v.Parties, by.Party))
}

// unchanged is a precondition: passage id is still at seq.
func (s *Service) unchanged(id string, seq int64) func(ctx context.Context, q ledger.Querier) error {
	return func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.store.Passage(ctx, q, id)
		switch {
		case seq < 0 && err == nil:
			return errRaced
		case seq < 0 && errors.Is(err, fault.ErrNotFound):
			return nil
		case err != nil:
			return err
		case cur.Seq != seq:
			return fmt.Errorf("passage %s changed meanwhile; read it again: %w", id, fault.ErrPrecondition)
		}
		return nil
	}
}

// ProposePassage records a new version of passage id, or a new passage
// (planned) when id is "". For an existing passage ifMatch must be its Seq
// and by must speak for its proposer or a party concerned; an open
// passage must be suspended before its terms change (fault.ErrConflict),
// and every guarantee is then needed again for the new version. Returns
// fault.ErrForbidden unless by is a liaison, fault.ErrNotFound for a
// passage by may not see, *fault.InvalidError for bad input (a new
// passage's releasability MUST let every party concerned see it).
func (s *Service) ProposePassage(ctx context.Context, by access.Principal, id string, ifMatch int64, in PassageInput) (*Passage, error) {
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, fmt.Errorf("agreements: propose passage: %w", err)
	}
	p, err := retry(func() (*Passage, error) { return s.proposePassage(ctx, by, id, ifMatch, &in) })
	if err != nil {
		return nil, fmt.Errorf("agreements: propose passage %q: %w", id, err)
	}
	return p, nil
}

func (s *Service) proposePassage(ctx context.Context, by access.Principal, id string, ifMatch int64, in *PassageInput) (*Passage, error) {
	version, seq := 1, int64(-1)
	var release access.Releasability
	if id == "" {
		id = access.NewID("psg")
	} else {
		p, err := s.visiblePassage(ctx, nil, by, id)
		if err != nil {
			return nil, err
		}
		switch {
		case !concerned(p, by):
			return nil, fmt.Errorf("only the proposer or a party concerned may change passage %s: %w", id, fault.ErrForbidden)
		case in.Releasability != nil:
			return nil, fault.Invalid("releasability", "is fixed by the passage's first version; omit it")
		case ifMatch != p.Seq:
			return nil, fmt.Errorf("passage %s is at %d, not %d: %w", id, p.Seq, ifMatch, fault.ErrPrecondition)
		}
		switch EffectiveStatus(p, s.now()) {
		case PassageOpen:
			return nil, fault.Conflictf("passage %s is open; suspend it before its terms change", id)
		case PassageClosed:
			return nil, fault.Conflictf("passage %s is closed; propose a new one", id)
		}
		version, release, seq = p.Latest+1, p.Release, p.Seq
	}
	spec, err := s.validatePassage(ctx, by, id, version, in)
	if err != nil {
		return nil, err
	}
	if seq < 0 {
		if release, err = s.validRelease(ctx, in.Releasability, by.Party, spec.Parties); err != nil {
			return nil, err
		}
	} else {
		for _, party := range spec.Parties {
			if !release.VisibleTo(party) {
				return nil, fault.Invalid("parties", "%s may not see this passage (its releasability is fixed)", party)
			}
		}
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindPassageProposed,
		Subject: PassageSubject(id), Release: release, Payload: PassageProposed{Version: spec, Release: release}},
		Check: s.unchanged(id, seq)})
	if err != nil {
		return nil, err
	}
	return s.GetPassage(ctx, by, id)
}

// Guarantee records by's party's guarantee of version of passage id. Only
// a liaison of a party concerned by that version may guarantee, and only
// the latest version (fault.ErrConflict for a superseded one, one
// guaranteed already, or a closed passage). Returns fault.ErrNotFound for
// a passage or version by may not see.
func (s *Service) Guarantee(ctx context.Context, by access.Principal, id string, version int) (*Passage, error) {
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, fmt.Errorf("agreements: guarantee: %w", err)
	}
	p, err := s.visiblePassage(ctx, nil, by, id)
	if err != nil {
		return nil, fmt.Errorf("agreements: guarantee %s: %w", id, err)
	}
	v := p.LatestVersion()
	switch {
	case version < 1 || version > p.Latest:
		return nil, fmt.Errorf("agreements: guarantee %s: no version %d: %w", id, version, fault.ErrNotFound)
	case !slices.Contains(v.Parties, by.Party):
		return nil, fmt.Errorf("agreements: guarantee %s: %s is not a party concerned: %w", id, by.Party, fault.ErrForbidden)
	case version != p.Latest:
		return nil, fault.Conflictf("version %d of passage %s is superseded by version %d; guarantee the latest", version, id, p.Latest)
	case EffectiveStatus(p, s.now()) == PassageClosed:
		return nil, fault.Conflictf("passage %s is closed", id)
	case slices.ContainsFunc(p.Guarantees, func(g Guarantee) bool { return g.Party == by.Party && g.Version == version }):
		return nil, fault.Conflictf("%s guaranteed version %d already", by.Party, version)
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindPassageGuaranteed,
		Subject: PassageSubject(id), Release: p.Release, Payload: PassageGuaranteed{PassageID: id, Version: version, Party: by.Party}},
		Check: s.unchanged(id, p.Seq)})
	if err != nil {
		return nil, fmt.Errorf("agreements: guarantee %s: %w", id, err)
	}
	return s.GetPassage(ctx, by, id)
}

// StatusInput is the input of SetStatus.
type StatusInput struct {
	Status PassageStatus `json:"status"`
	Reason string        `json:"reason,omitempty"`
}

// SetStatus changes passage id's status; ifMatch must be its Seq. Opening
// (from planned or suspended) needs a liaison of the proposer or a party
// concerned and MissingToOpen to return nothing, checked again inside the
// write: otherwise fault.ErrConflict naming what is missing. Suspending
// (from open, with a reason) and closing (from anything but closed) may
// also be done by a monitors' analyst of a party concerned.
func (s *Service) SetStatus(ctx context.Context, by access.Principal, id string, ifMatch int64, in StatusInput) (*Passage, error) {
	if err := by.Require(access.RoleLiaison, access.RoleAnalyst); err != nil {
		return nil, fmt.Errorf("agreements: set status: %w", err)
	}
	p, err := s.visiblePassage(ctx, nil, by, id)
	if err != nil {
		return nil, fmt.Errorf("agreements: set status of %s: %w", id, err)
	}
	if err := checkText("reason", in.Reason, MaxNoteBytes, in.Status == PassageSuspended); err != nil {
		return nil, err
	}
	now := s.now()
	cur := EffectiveStatus(p, now)
	switch {
	case !concerned(p, by):
		return nil, fmt.Errorf("agreements: only the proposer or a party concerned may change passage %s: %w", id, fault.ErrForbidden)
	case ifMatch != p.Seq:
		return nil, fmt.Errorf("agreements: passage %s is at %d, not %d: %w", id, p.Seq, ifMatch, fault.ErrPrecondition)
	}
	switch in.Status {
	case PassageOpen:
		if by.Role != access.RoleLiaison {
			return nil, fmt.Errorf("agreements: only a liaison may open passage %s: %w", id, fault.ErrForbidden)
		}
		if cur != PassagePlanned && cur != PassageSuspended {
			return nil, fault.Conflictf("passage %s is %s; only a planned or suspended passage opens", id, cur)
		}
		if m := MissingToOpen(p, now); len(m) > 0 {
			return nil, fault.Conflictf("passage %s cannot open: it lacks %s", id, strings.Join(m, ", "))
		}
	case PassageSuspended:
		if cur != PassageOpen {
			return nil, fault.Conflictf("passage %s is %s; only an open passage is suspended", id, cur)
		}
	case PassageClosed:
		if cur == PassageClosed {
			return nil, fault.Conflictf("passage %s is closed already", id)
		}
	default:
		return nil, fault.Invalid("status", "must be %s, %s or %s", PassageOpen, PassageSuspended, PassageClosed)
	}
	check := func(ctx context.Context, q ledger.Querier) error {
		fresh, err := s.store.Passage(ctx, q, id)
		if err != nil {
			return err
		}
		if fresh.Seq != p.Seq {
			return fmt.Errorf("passage %s changed meanwhile; read it again: %w", id, fault.ErrPrecondition)
		}
		if in.Status == PassageOpen && len(MissingToOpen(fresh, now)) > 0 {
			return fault.Conflictf("passage %s cannot open: it lacks %s", id, strings.Join(MissingToOpen(fresh, now), ", "))
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindPassageStatus,
		Subject: PassageSubject(id), Release: p.Release, Payload: PassageStatusChanged{PassageID: id, Status: in.Status,
			Version: p.Latest, Reason: in.Reason}}, Check: check})
	if err != nil {
		return nil, fmt.Errorf("agreements: set status of %s: %w", id, err)
	}
	return s.GetPassage(ctx, by, id)
}

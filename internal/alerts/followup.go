package alerts

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Affected is what a notified-site or movement alert is about, for the
// follow-up it opens (package cases): the incident, and the notice with
// the version the rule matched.
type Affected struct {
	Incident Incident
	// Type is "site" or "movement".
	Type     string
	NoticeID string
	Version  int
	// NoticeSeq is the notice's entry the alert cites.
	NoticeSeq int64
	Name      string
	Notifier  string
	// Notified are the parties the notice was addressed to, sorted.
	Notified []string
	Release  access.Releasability
}

// FollowUp opens the follow-up of an affected notice with its alert (the
// cases service implements it). The monitor calls it for every
// notified-site and movement alert, and for every incident it checks.
type FollowUp interface {
	// FollowChange returns the change that opens the follow-up of a, cited
	// with alert alertID and logged under party, the alert's party; nil if
	// it exists already. The change's Check MUST refuse with
	// fault.ErrConflict a follow-up that exists when it is sequenced.
	FollowChange(ctx context.Context, a *Affected, alertID, party string) (*ledger.Change, error)
	// CheckKnown opens what the incidents call for beyond notices (cases
	// at sites known from other sources) and returns how many it opened;
	// it MUST be idempotent.
	CheckKnown(ctx context.Context, incs []Incident) (int, error)
}

func siteAffected(s *SiteFact, inc *Incident) *Affected {
	return &Affected{Incident: *inc, Type: "site", NoticeID: s.ID, Version: s.Version, NoticeSeq: s.Seq, Name: s.Name,
		Notifier: s.Notifier, Notified: slices.Sorted(maps.Keys(s.NotifiedAt)), Release: s.Release}
}

func movementAffected(mv *MovementFact, inc *Incident) *Affected {
	ps := slices.Clone(mv.Parties)
	slices.Sort(ps)
	return &Affected{Incident: *inc, Type: "movement", NoticeID: mv.ID, Version: mv.Version, NoticeSeq: mv.Seq,
		Name: "movement " + mv.ID, Notifier: mv.Notifier, Notified: ps, Release: mv.Release}
}

// RaiseWith raises spec as Raise does and, in the same Append, the change
// follow returns for the new alert (its id and party), so that the alert
// and what it opens commit together or not at all. When the alert exists
// already, follow is called with it and its change, if any, is appended on
// its own (so a follow-up missed before, e.g. by an older node, is
// opened); a follow-up found to exist meanwhile (fault.ErrConflict) is not
// an error. It returns the alert and whether it is new.
func (s *Service) RaiseWith(ctx context.Context, spec Spec, follow func(alertID, party string) (*ledger.Change, error)) (*Alert, bool, error) {
	c, ref, err := s.RaiseChange(spec, nil)
	if err != nil {
		return nil, false, err
	}
	if a, err := s.store.AlertByKey(ctx, nil, spec.Key); err == nil {
		return a, false, s.followExisting(ctx, a, follow)
	} else if !errors.Is(err, fault.ErrNotFound) {
		return nil, false, fmt.Errorf("alerts: raise %s: %w", spec.Key, err)
	}
	changes := []ledger.Change{c}
	f, err := follow(ref.ID, c.Party)
	if err != nil {
		return nil, false, fmt.Errorf("alerts: raise %s: follow-up: %w", spec.Key, err)
	}
	if f != nil {
		changes = append(changes, *f)
	}
	_, err = s.log.Append(ctx, changes...)
	if errors.Is(err, fault.ErrConflict) { // the alert or its follow-up meanwhile
		a, err := s.store.AlertByKey(ctx, nil, spec.Key)
		if err != nil {
			return nil, false, fmt.Errorf("alerts: raise %s: %w", spec.Key, err)
		}
		return a, false, s.followExisting(ctx, a, follow)
	}
	if err != nil {
		return nil, false, fmt.Errorf("alerts: raise %s: %w", spec.Key, err)
	}
	a, err := s.store.Alert(ctx, nil, ref.ID)
	return a, true, err
}

func (s *Service) followExisting(ctx context.Context, a *Alert, follow func(alertID, party string) (*ledger.Change, error)) error {
	f, err := follow(a.ID, a.Party)
	if err != nil || f == nil {
		return err
	}
	if _, err := s.log.Append(ctx, *f); err != nil && !errors.Is(err, fault.ErrConflict) {
		return fmt.Errorf("alerts: follow-up of %s: %w", a.ID, err)
	}
	return nil
}

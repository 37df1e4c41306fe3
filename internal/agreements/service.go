package agreements

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"truce/internal/access"
	"truce/internal/cochair"
	"truce/internal/fault"
	"truce/internal/federation/joint"
	"truce/internal/hosting"
	"truce/internal/ledger"
)

// Service records and reads agreements, obligations and passages.
type Service struct {
	store     Store
	log       Appender
	zones     Zones
	events    Events
	documents Documents
	alerts    Alerter
	facts     Facts
	nodeParty string
	hosted    *hosting.Parties
	known     func(ctx context.Context, party string) bool
	joint     joint.Source
	now       func() time.Time
	logger    *slog.Logger
}

// Deps are what the service is built from. Store, Log, Zones and Events
// are required; Documents may be nil (no document can then be cited);
// Alerts may be nil (hazard reports then raise no alert); Facts may be nil
// (no breach is then recorded, see RecordIncident); NodeParty and Hosted
// are the parties a party node speaks for ("" and nil on a hosted node),
// under which breaches are logged; Known, if set,
// reports whether a party exists; Now defaults to time.Now and Logger to
// slog.Default.
type Deps struct {
	Store     Store
	Log       Appender
	Zones     Zones
	Events    Events
	Documents Documents
	Alerts    Alerter
	Facts     Facts
	NodeParty string
	Hosted    *hosting.Parties
	Known     func(ctx context.Context, party string) bool
	// Joint, optional, computes an agreement or passage read by id from
	// every log the node holds (JointAgreement, JointPassage; joint.go).
	Joint  joint.Source
	Now    func() time.Time
	Logger *slog.Logger
}

// NewService returns a Service over d; its dependencies never change.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{store: d.Store, log: d.Log, zones: d.Zones, events: d.Events, documents: d.Documents,
		alerts: d.Alerts, facts: d.Facts, nodeParty: d.NodeParty, hosted: d.Hosted, known: d.Known,
		joint: d.Joint, now: d.Now, logger: d.Logger}
}

// errRaced marks a precondition that found the state changed between the
// service's read and the write; the service retries.
var errRaced = errors.New("agreements: state changed during the write")

// retry runs op until it does not race, at most six times.
func retry[T any](op func() (T, error)) (T, error) {
	for attempt := 0; ; attempt++ {
		v, err := op()
		if errors.Is(err, errRaced) && attempt < 5 {
			continue
		}
		return v, err
	}
}

func requireCoChairLiaison(by access.Principal) error {
	if err := by.Require(access.RoleLiaison); err != nil {
		return err
	}
	if !by.CoChair {
		return fmt.Errorf("only a liaison of a co-chair party may propose or agree agreements: %w", fault.ErrForbidden)
	}
	return nil
}

// coChairs reads the co-chairs and the departed co-chairs once, for
// decorating many agreements.
func (s *Service) coChairs(ctx context.Context) (coChairs []string, gone []cochair.Departure, err error) {
	if coChairs, err = s.store.CoChairs(ctx, nil); err != nil {
		return nil, nil, fmt.Errorf("co-chairs: %w", err)
	}
	if gone, err = s.store.Departed(ctx, nil); err != nil {
		return nil, nil, fmt.Errorf("departed co-chairs: %w", err)
	}
	return coChairs, gone, nil
}

// validRelease validates a new record's releasability (default GREEN),
// normalised for owner, and requires every party of must to see it.
func (s *Service) validRelease(ctx context.Context, r *access.Releasability, owner string, must []string) (access.Releasability, error) {
	rel := access.Releasability{TLP: access.TLPGreen}
	if r != nil {
		rel = *r
	}
	var known func(string) bool
	if s.known != nil {
		known = func(party string) bool { return s.known(ctx, party) }
	}
	if err := rel.Validate(known); err != nil {
		return rel, err
	}
	rel = rel.Normalize(owner)
	for _, p := range must {
		if !rel.VisibleTo(p) {
			return rel, fault.Invalid("releasability", "excludes the party %s, which must see the record; add it to the audience", p)
		}
	}
	return rel, nil
}

// visibleAgreement loads agreement id if by may see it, else an error
// wrapping fault.ErrNotFound.
func (s *Service) visibleAgreement(ctx context.Context, q ledger.Querier, by access.Principal, id string) (*Agreement, error) {
	a, err := s.store.Agreement(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !by.CanSee(a.Release) {
		return nil, fmt.Errorf("agreement %s: %w", id, fault.ErrNotFound)
	}
	return a, nil
}

// decorate sets a's status, current version, and each version's pending
// and withdrawn co-chairs (cochair.State) as of now.
func decorate(a *Agreement, now time.Time, coChairs []string, gone []cochair.Departure) {
	a.Status, a.Current = StatusProposed, nil
	for i := range a.Versions {
		v := &a.Versions[i]
		v.Pending, v.Withdrawn = cochair.State(v.AgreedBy, v.ProposedAt, v.AgreedAt, coChairs, gone)
		if v.Agreed() {
			a.Current = v
		}
	}
	if a.Current == nil {
		return
	}
	from, _ := time.Parse(time.RFC3339, a.Current.EffectiveFrom)
	until, _ := time.Parse(time.RFC3339, a.Current.EffectiveUntil)
	switch {
	case now.Before(from):
		a.Status = StatusScheduled
	case !until.IsZero() && !now.Before(until):
		a.Status = StatusExpired
	default:
		a.Status = StatusInForce
	}
}

// Get returns agreement id as of now, or an error wrapping
// fault.ErrNotFound if there is none or by may not see it. Links to events
// by may not see are left out.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Agreement, error) {
	a, err := s.visibleAgreement(ctx, nil, by, id)
	if err != nil {
		return nil, fmt.Errorf("agreements: get %s: %w", id, err)
	}
	chairs, gone, err := s.coChairs(ctx)
	if err != nil {
		return nil, fmt.Errorf("agreements: get %s: %w", id, err)
	}
	if s.joint.History != nil {
		if chairs, err = s.jointAgreement(ctx, by, a, chairs, gone); err != nil {
			return nil, fmt.Errorf("agreements: get %s: %w", id, err)
		}
	}
	decorate(a, s.now(), chairs, gone)
	a.Breaches = nil // served in compliance, each to those who may see its incident
	if a.Links, err = s.visibleLinks(ctx, by, a.Links); err != nil {
		return nil, fmt.Errorf("agreements: get %s: %w", id, err)
	}
	return a, nil
}

// History returns the log entries of agreement id that by may see, in log
// order, or an error wrapping fault.ErrNotFound if by may not see it.
func (s *Service) History(ctx context.Context, by access.Principal, id string) ([]*ledger.Entry, error) {
	if _, err := s.visibleAgreement(ctx, nil, by, id); err != nil {
		return nil, fmt.Errorf("agreements: history of %s: %w", id, err)
	}
	es, err := s.store.History(ctx, Subject(id))
	if err != nil {
		return nil, fmt.Errorf("agreements: history of %s: %w", id, err)
	}
	return access.Visible(by, es, func(e **ledger.Entry) access.Releasability { return (*e).Release }), nil
}

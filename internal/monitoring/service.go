package monitoring

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// MonitorKind is the party kind of the monitoring cell.
const MonitorKind = "un"

// Appender appends changes to the log (the sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Notifier files a movement notification to the parties (the notify
// service): a patrol is notified as a movement, acknowledged on receipt.
type Notifier interface {
	NotifyMovement(ctx context.Context, by access.Principal, in notify.MovementInput) (*notify.Notice, error)
}

// Patrol is a filed patrol as stored, with its releasability.
type Patrol struct {
	PatrolFiled
	Party   string               `json:"party"`
	Author  string               `json:"author"`
	Filed   string               `json:"filed"`
	Release access.Releasability `json:"releasability"`
	Seq     int64                `json:"seq"`
}

// Restriction is a recorded restriction as stored, with its
// releasability.
type Restriction struct {
	RestrictionRecorded
	Party    string               `json:"party"`
	Author   string               `json:"author"`
	Recorded string               `json:"recorded"`
	Release  access.Releasability `json:"releasability"`
	Seq      int64                `json:"seq"`
}

// Store reads the projections of this domain. viewer pre-filters by
// releasability ("" for the public); the service decides with access.
type Store interface {
	// Patrol returns patrol id, or fault.ErrNotFound; q may be nil.
	Patrol(ctx context.Context, q ledger.Querier, id string) (*Patrol, error)
	// PatrolsIn returns the patrols whose window overlaps [from, to).
	PatrolsIn(ctx context.Context, viewer string, from, to time.Time) ([]Patrol, error)
	// RestrictionsFor returns the restrictions that name one of ids, or
	// name none and happened in [from, to).
	RestrictionsFor(ctx context.Context, viewer string, ids []string, from, to time.Time) ([]Restriction, error)
}

// Deps are what the service is built from; all but Now are required.
type Deps struct {
	Store   Store
	Log     Appender
	Notify  Notifier
	Parties func(ctx context.Context) ([]accounts.Party, error)
	Now     func() time.Time
}

// Service files patrols, records restrictions and computes coverage maps.
type Service struct {
	deps Deps // fixed by NewService; never change
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{deps: d}
}

// monitor checks that by has one of roles and is of an active
// monitoring-cell party. It returns the known active parties.
func (s *Service) monitor(ctx context.Context, by access.Principal, roles ...access.Role) (map[string]bool, error) {
	if err := by.Require(roles...); err != nil {
		return nil, err
	}
	ps, err := s.deps.Parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("monitoring: parties: %w", err)
	}
	known, isMonitor := map[string]bool{}, false
	for _, p := range ps {
		if p.Retired != "" {
			continue
		}
		known[p.ID] = true
		isMonitor = isMonitor || (p.ID == by.Party && p.Kind == MonitorKind)
	}
	if !isMonitor {
		return nil, fmt.Errorf("monitoring: only the monitoring cell (parties of kind %q) files patrols and records restrictions: %w", MonitorKind, fault.ErrForbidden)
	}
	return known, nil
}

// PatrolInput is the body of a patrol filing.
type PatrolInput struct {
	Kind     string                `json:"kind"`
	Route    json.RawMessage       `json:"route"`
	SightM   float64               `json:"sight_m"`
	Window   Window                `json:"window"`
	Notified []string              `json:"notified"`
	Vehicles int                   `json:"vehicles"`
	Note     string                `json:"note"`
	Release  *access.Releasability `json:"releasability,omitempty"`
}

// FilePatrol files a planned patrol or flight: it notifies the parties of
// it as a movement (notify: notification is not permission; each party
// acknowledges receipt) and logs monitoring.patrol_filed citing the
// notification, released as the notification is. Errors:
// fault.ErrForbidden unless by is a reporter or liaison of the monitoring
// cell (those who notify movements),
// *fault.InvalidError for bad input (nothing is written), the notify
// service's errors.
func (s *Service) FilePatrol(ctx context.Context, by access.Principal, in PatrolInput) (*Patrol, error) {
	known, err := s.monitor(ctx, by, access.RoleReporter, access.RoleLiaison)
	if err != nil {
		return nil, err
	}
	p, err := validPatrol(in, known)
	if err != nil {
		return nil, err
	}
	vehicles := max(in.Vehicles, 1)
	n, err := s.deps.Notify.NotifyMovement(ctx, by, notify.MovementInput{Movement: notify.Movement{
		Route: p.Route, CorridorM: p.SightM, Window: notify.Window(p.Window), Vehicles: vehicles, Cargo: "personnel",
		Parties: p.Notified, Note: "monitoring " + p.Kind + " " + p.ID}, Releasability: in.Release})
	if err != nil {
		return nil, fmt.Errorf("monitoring: notify the %s: %w", p.Kind, err)
	}
	p.NoticeID, p.Window = n.ID, Window(n.Movement.Window)
	es, err := s.deps.Log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username,
		Kind: KindPatrolFiled, Subject: PatrolSubject(p.ID), Release: n.Release, Payload: p}})
	if err != nil {
		return nil, fmt.Errorf("monitoring: file %s (notified as %s): %w", p.ID, n.ID, err)
	}
	return &Patrol{PatrolFiled: p, Party: by.Party, Author: by.Username, Filed: es[0].Time, Release: n.Release, Seq: es[0].Seq}, nil
}

// RestrictionInput is the body of a restriction.
type RestrictionInput struct {
	RestrictionRecorded
	Release *access.Releasability `json:"releasability,omitempty"`
}

// Record records a restriction of the monitors' movement, attributed to
// the party controlling the area. Its releasability is the one given
// (valid, with the controlling party added to its audience) or AMBER to
// the monitoring party and the controlling party; the co-chairs are
// added, as the parties answerable for the ceasefire. A named patrol must
// exist and be visible to by. Errors: fault.ErrForbidden unless by is a
// reporter, analyst or liaison of the monitoring cell,
// *fault.InvalidError, and fault.ErrNotFound for an unknown patrol.
func (s *Service) Record(ctx context.Context, by access.Principal, in RestrictionInput) (*Restriction, error) {
	known, err := s.monitor(ctx, by, access.RoleReporter, access.RoleAnalyst, access.RoleLiaison)
	if err != nil {
		return nil, err
	}
	r, err := validRestriction(in.RestrictionRecorded, known, s.deps.Now())
	if err != nil {
		return nil, err
	}
	rel := access.Releasability{TLP: access.TLPAmber}
	if in.Release != nil {
		rel = *in.Release
		if err := rel.Validate(func(p string) bool { return known[p] }); err != nil {
			return nil, err
		}
	}
	chairs, err := s.coChairs(ctx)
	if err != nil {
		return nil, err
	}
	rel.Audience = append(append(append([]string{}, rel.Audience...), r.ControlledBy), chairs...)
	rel = rel.Normalize(by.Party)
	es, err := s.deps.Log.Append(ctx, ledger.Change{
		Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindRestrictionRecorded,
			Subject: RestrictionSubject(r.ID), Release: rel, Payload: r},
		Check: func(ctx context.Context, q ledger.Querier) error {
			if r.PatrolID == "" {
				return nil
			}
			p, err := s.deps.Store.Patrol(ctx, q, r.PatrolID)
			if err != nil || !by.CanSee(p.Release) {
				return fmt.Errorf("monitoring: patrol %s: %w", r.PatrolID, fault.ErrNotFound)
			}
			return nil
		},
	})
	if err != nil {
		return nil, fmt.Errorf("monitoring: record restriction: %w", err)
	}
	return &Restriction{RestrictionRecorded: r, Party: by.Party, Author: by.Username, Recorded: es[0].Time, Release: rel, Seq: es[0].Seq}, nil
}

func (s *Service) coChairs(ctx context.Context) ([]string, error) {
	ps, err := s.deps.Parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("monitoring: parties: %w", err)
	}
	var out []string
	for _, p := range ps {
		if p.CoChair && p.Retired == "" {
			out = append(out, p.ID)
		}
	}
	return out, nil
}

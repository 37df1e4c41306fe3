package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// Monitor applies the alert rules: it watches committed entries for
// incidents (Observe, registered with app.Subscribe), checks each against
// the active sites and movements, and on every tick raises alerts for
// overdue acknowledgements and escalates unacknowledged alerts.
type Monitor struct {
	alerts  *Service
	notify  *notify.Service
	parties notify.Parties
	follow  FollowUp
	logger  *slog.Logger

	mu     sync.Mutex
	queue  []Incident
	wake   chan struct{}
	failed int
}

// MonitorDeps are what a Monitor is built from. Alerts, Notify and Parties
// are required; Logger defaults to slog.Default.
type MonitorDeps struct {
	// Alerts raises the alerts the monitor finds.
	Alerts *Service
	// Notify holds the notices incidents are checked against.
	Notify *notify.Service
	// Parties gives the co-chairs, concerned by every alert.
	Parties notify.Parties
	// FollowUp, optional, opens the case each notified-site or movement
	// alert calls for, in the alert's commit (package cases).
	FollowUp FollowUp
	Logger   *slog.Logger
}

// NewMonitor returns a monitor built from d; its dependencies never
// change.
func NewMonitor(d MonitorDeps) *Monitor {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Monitor{alerts: d.Alerts, notify: d.Notify, parties: d.Parties, follow: d.FollowUp, logger: d.Logger, wake: make(chan struct{}, 1)}
}

// Observe queues the incidents among committed entries for checking. It
// never blocks (the sequencer calls it).
func (m *Monitor) Observe(entries []*ledger.Entry) {
	var found []Incident
	for _, e := range entries {
		inc, ok, err := IncidentFromEntry(e)
		if !ok {
			continue
		}
		if err != nil {
			m.logger.Warn("alerts: incident entry not understood", "seq", e.Seq, "err", err)
			continue
		}
		found = append(found, inc)
	}
	if len(found) == 0 {
		return
	}
	m.mu.Lock()
	m.queue = append(m.queue, found...)
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Run checks queued incidents as they come and ticks every interval until
// ctx ends.
func (m *Monitor) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.wake:
			m.Drain(ctx)
		case <-t.C:
			m.Drain(ctx)
			if _, err := m.Tick(ctx); err != nil && ctx.Err() == nil {
				m.logger.Error("alerts: tick failed", "err", err)
			}
		}
	}
}

// Drain checks every queued incident now; those that fail (e.g. the log is
// closing) are retried on the next call.
func (m *Monitor) Drain(ctx context.Context) int {
	m.mu.Lock()
	q := m.queue
	m.queue = nil
	m.mu.Unlock()
	if len(q) == 0 {
		return 0
	}
	raised, err := m.CheckIncidents(ctx, q)
	if err != nil {
		if ctx.Err() == nil {
			m.logger.Error("alerts: incidents not checked; will retry", "incidents", len(q), "err", err)
		}
		m.mu.Lock()
		m.queue = append(q, m.queue...) // raising is idempotent: retry them all
		m.mu.Unlock()
	}
	return raised
}

// withdrawn returns the parties that have left the centre (retired).
func (m *Monitor) withdrawn(ctx context.Context) (map[string]bool, error) {
	w, err := WithdrawnFrom(m.parties.Parties)(ctx)
	if err != nil {
		return nil, fmt.Errorf("alerts: parties: %w", err)
	}
	return w, nil
}

func (m *Monitor) coChairs(ctx context.Context) ([]string, error) {
	ps, err := m.parties.Parties(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range ps {
		if p.CoChair {
			out = append(out, p.ID)
		}
	}
	return out, nil
}

// CheckIncidents raises an alert for every active site and movement each of
// incs affects (each at most once), indexing the active sites and movements
// once, and returns how many it raised. With a FollowUp, each such alert
// opens its case in the same commit, and the incidents are then checked
// against what the follow-up knows beyond notices (CheckKnown).
func (m *Monitor) CheckIncidents(ctx context.Context, incs []Incident) (int, error) {
	sites, err := m.notify.Active(ctx, notify.TypeSite)
	if err != nil {
		return 0, err
	}
	movs, err := m.notify.Active(ctx, notify.TypeMovement)
	if err != nil {
		return 0, err
	}
	chairs, err := m.coChairs(ctx)
	if err != nil {
		return 0, err
	}
	matcher := NewMatcher(SiteFacts(sites), MovementFacts(movs))
	var specs []Spec
	var affected []*Affected
	for i := range incs {
		inc := &incs[i]
		for _, s := range matcher.Sites(inc) {
			specs = append(specs, SiteAffectedSpec(s, inc, chairs))
			affected = append(affected, siteAffected(s, inc))
		}
		for _, mv := range matcher.Movements(inc) {
			specs = append(specs, MovementAffectedSpec(mv, inc, chairs))
			affected = append(affected, movementAffected(mv, inc))
		}
	}
	if m.follow == nil {
		return m.raiseAll(ctx, specs)
	}
	n, err := m.raiseFollowed(ctx, specs, affected)
	if err != nil {
		return n, err
	}
	if _, err := m.follow.CheckKnown(ctx, incs); err != nil {
		return n, fmt.Errorf("alerts: follow-up of incidents: %w", err)
	}
	return n, nil
}

// raiseFollowed raises each of specs with the follow-up of affected[i] in
// its commit.
func (m *Monitor) raiseFollowed(ctx context.Context, specs []Spec, affected []*Affected) (int, error) {
	return m.raiseEach(ctx, specs, func(i int, spec Spec) (bool, error) {
		_, fresh, err := m.alerts.RaiseWith(ctx, spec, func(alertID, party string) (*ledger.Change, error) {
			return m.follow.FollowChange(ctx, affected[i], alertID, party)
		})
		return fresh, err
	})
}

// CatchUp checks the incident entries that scan yields (those committed
// while the node was down, or before a crash between an incident and its
// alert), so that no alert is missed; raising is idempotent, so incidents
// already checked raise nothing.
func (m *Monitor) CatchUp(ctx context.Context, scan func(fn func(*ledger.Entry) error) error) (int, error) {
	var incs []Incident
	err := scan(func(e *ledger.Entry) error {
		inc, ok, err := IncidentFromEntry(e)
		if ok && err == nil {
			incs = append(incs, inc)
		}
		return nil
	})
	if err != nil || len(incs) == 0 {
		return 0, err
	}
	return m.CheckIncidents(ctx, incs)
}

func (m *Monitor) raiseAll(ctx context.Context, specs []Spec) (int, error) {
	return m.raiseEach(ctx, specs, func(_ int, spec Spec) (bool, error) {
		_, fresh, err := m.alerts.Raise(ctx, spec)
		return fresh, err
	})
}

// raiseEach raises specs in order through raise and returns how many were
// new. An alert that nobody concerned may see, or that no party of this
// node may carry (the nodes of the parties that may see its causes raise
// it), is skipped and logged; any other error stops.
func (m *Monitor) raiseEach(ctx context.Context, specs []Spec, raise func(i int, spec Spec) (fresh bool, err error)) (int, error) {
	n := 0
	for i, spec := range specs {
		fresh, err := raise(i, spec)
		if errors.Is(err, ErrNoAudience) {
			m.logger.Info("alerts: not raised, nobody concerned may see its causes", "key", spec.Key)
			continue
		}
		if errors.Is(err, ErrNoNodeParty) {
			m.logger.Info("alerts: not raised here, no party of this node may see its causes", "key", spec.Key)
			continue
		}
		if err != nil {
			return n, err
		}
		if fresh {
			n++
		}
	}
	return n, nil
}

// Tick raises an alert for every acknowledgement overdue now and for every
// movement under way that a notified party's feed pulls have not caught
// up with (notify.Service.StaleFeeds; each exactly once per party and
// version; none for a party that has withdrawn from the centre) and
// escalates unacknowledged alerts; it returns how many alerts
// it raised.
func (m *Monitor) Tick(ctx context.Context) (int, error) {
	overdue, err := m.notify.Overdue(ctx)
	if err != nil {
		return 0, fmt.Errorf("alerts: overdue acknowledgements: %w", err)
	}
	chairs, err := m.coChairs(ctx)
	if err != nil {
		return 0, err
	}
	gone, err := m.withdrawn(ctx)
	if err != nil {
		return 0, err
	}
	var specs []Spec
	for _, o := range overdue {
		if gone[o.Party] {
			continue // nothing waits for a party that has left the centre
		}
		// The notice is read as its notifier, who may always see it.
		n, err := m.notify.Get(ctx, access.Principal{UserID: Author, Party: o.Notifier}, o.NoticeID)
		if err != nil {
			return 0, err
		}
		specs = append(specs, OverdueSpec(n, o, chairs))
	}
	stale, err := m.notify.StaleFeeds(ctx)
	if err != nil {
		return 0, fmt.Errorf("alerts: stale feeds: %w", err)
	}
	for _, st := range stale {
		if !gone[st.Party] {
			specs = append(specs, FeedStaleSpec(st))
		}
	}
	raised, err := m.raiseAll(ctx, specs)
	if err != nil {
		return raised, err
	}
	if _, err := m.alerts.Escalate(ctx); err != nil {
		return raised, err
	}
	return raised, nil
}

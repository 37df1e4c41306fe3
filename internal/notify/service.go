package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/cite"
	"truce/internal/ledger"
	"truce/internal/notify/quality"
)

// Config holds the acknowledgement deadlines.
type Config struct {
	// SiteAck is how long a notified party has to acknowledge a site
	// (default 24 h).
	SiteAck time.Duration
	// MovementLead is how long before its window starts a movement must be
	// acknowledged (default 72 h).
	MovementLead time.Duration
	// MinNotice is the least time given to acknowledge a movement notified
	// at short notice, when start − MovementLead has already passed; the
	// deadline is then now + MinNotice, but never after the window starts
	// (default 1 h).
	MinNotice time.Duration
	// SiteValidity is how long a site notification is valid when its
	// notifier gives no valid_until, and how far a reconfirmation extends
	// it (default 90 days).
	SiteValidity time.Duration
}

func (c Config) withDefaults() Config {
	if c.SiteAck <= 0 {
		c.SiteAck = 24 * time.Hour
	}
	if c.MovementLead <= 0 {
		c.MovementLead = 72 * time.Hour
	}
	if c.MinNotice <= 0 {
		c.MinNotice = time.Hour
	}
	if c.SiteValidity <= 0 {
		c.SiteValidity = 90 * 24 * time.Hour
	}

	return c
}

// Service manages notifications and their acknowledgements.
type Service struct {
	store   Store
	log     Appender
	parties Parties
	cfg     Config
	now     func() time.Time
	logger  *slog.Logger
	checker *quality.Checker
	cache   siteCache
	judge   Judge
	joint   func(ctx context.Context, subject string) (*JointHistory, error)
	cite    func(ctx context.Context, pos int64) (cite.Citation, error)
}

// Deps are what the notification service is built from. Store, Log and
// Parties are required; Config's zero fields take their defaults, Now
// defaults to time.Now and Logger to slog.Default.
type Deps struct {
	Store   Store
	Log     Appender
	Parties Parties
	Config  Config
	Now     func() time.Time
	Logger  *slog.Logger
	// Checker checks submissions' data (package quality); nil checks
	// nothing.
	Checker *quality.Checker
	// Judge decides the timeliness of receipts by their witnesses'
	// cosignatures (Ack.OnTime); nil leaves Late to the entry's time.
	Judge Judge
	// Joint, optional (the app's), returns every entry about a log
	// subject across the logs the node holds verified, in the joint
	// order, and what they were read from: Get then computes the
	// receipts, queries and status with Fold (see JointHistory).
	Joint func(ctx context.Context, subject string) (*JointHistory, error)
	// Cite, optional, returns the citation of the entry at a place of
	// this node's timeline (a mirrored query an answer names).
	Cite func(ctx context.Context, pos int64) (cite.Citation, error)
}

// NewService returns a Service over d; its dependencies never change.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{store: d.Store, log: d.Log, parties: d.Parties, cfg: d.Config.withDefaults(), now: d.Now, logger: d.Logger,
		checker: d.Checker, judge: d.Judge, joint: d.Joint, cite: d.Cite}
}

// Now returns the service's clock reading.
func (s *Service) Now() time.Time { return s.now() }

// Config returns the deadlines in force.
func (s *Service) Config() Config { return s.cfg }

// canNotify checks that by may notify: reporter or liaison of an agency or
// UN party.
func (s *Service) canNotify(ctx context.Context, by access.Principal) error {
	if err := by.Require(access.RoleReporter, access.RoleLiaison); err != nil {
		return err
	}
	p, err := s.parties.Party(ctx, nil, by.Party)
	if err != nil {
		return fmt.Errorf("notify: party %s: %w", by.Party, err)
	}
	if p.Kind != "agency" && p.Kind != "un" {
		return fmt.Errorf("notify: only humanitarian agencies and the UN notify sites and movements (party %s is %q): %w", by.Party, p.Kind, fault.ErrForbidden)
	}
	return nil
}

// partySets returns a membership test for known parties and the co-chairs.
func (s *Service) partySets(ctx context.Context) (func(string) bool, []string, error) {
	ps, err := s.parties.Parties(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("notify: parties: %w", err)
	}
	known := map[string]bool{}
	var chairs []string
	for _, p := range ps {
		known[p.ID] = true
		if p.CoChair {
			chairs = append(chairs, p.ID)
		}
	}
	return func(id string) bool { return known[id] }, chairs, nil
}

// release returns the releasability of a notification: the requested one
// (default AMBER) with the notifier, notified and co-chairs in its audience.
// It MUST NOT be CLEAR: no notified site or movement is ever public.
func release(req *access.Releasability, notifier string, notified, chairs []string, known func(string) bool) (access.Releasability, error) {
	r := access.Releasability{TLP: access.TLPAmber}
	if req != nil {
		r = *req
		if err := r.Validate(known); err != nil {
			return r, err
		}
		if r.TLP == access.TLPClear {
			return r, fault.Invalid("releasability.tlp", "a notification is never public: its coordinates would paint a target; use GREEN (every member party) or stricter")
		}
	}
	r.Audience = append(slices.Clone(r.Audience), notified...)
	r.Audience = append(r.Audience, chairs...)
	return access.Releasability{TLP: r.TLP, Audience: append(r.Audience, notifier)}.Normalize(notifier), nil
}

// deadline returns the acknowledgement deadline of a version notified now.
func (s *Service) deadline(now time.Time, site *Site, mov *Movement) time.Time {
	if site != nil {
		return now.Add(s.cfg.SiteAck)
	}
	start, _ := time.Parse(time.RFC3339, mov.Window.Start)
	dl := start.Add(-s.cfg.MovementLead)
	if dl.Before(now.Add(s.cfg.MinNotice)) {
		dl = now.Add(s.cfg.MinNotice)
		if dl.After(start) {
			dl = start
		}
	}
	return dl
}

// Get returns notice id if by may see it, else fault.ErrNotFound.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Notice, error) {
	n, err := s.store.Notice(ctx, nil, id)
	if err != nil {
		return nil, fmt.Errorf("notify: %s: %w", id, err)
	}
	if !by.CanSee(n.Release) {
		return nil, fmt.Errorf("notify: %s: %w", id, fault.ErrNotFound)
	}
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, err
	}
	if s.joint != nil {
		if n, err = s.jointNotice(ctx, by, n); err != nil {
			return nil, err
		}
	}
	n.markOverdue(s.now(), gone)
	if err := s.judgeAcks(ctx, n); err != nil {
		return nil, err
	}
	return n, nil
}

// List returns the notices matching f that by may see, newest first. A
// PendingFor naming a party that has left the centre matches nothing.
func (s *Service) List(ctx context.Context, by access.Principal, f Filter) ([]Notice, error) {
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, err
	}
	if gone[f.PendingFor] {
		return []Notice{}, nil // nothing waits for a party that has left
	}
	ns, err := s.store.Notices(ctx, f, by.Party)
	if err != nil {
		return nil, fmt.Errorf("notify: list: %w", err)
	}
	out := access.Visible(by, ns, func(n *Notice) access.Releasability { return n.Release })
	if err := s.mark(ctx, out, gone); err != nil {
		return nil, err
	}
	return out, nil
}

// Overdue returns every acknowledgement overdue now, for the background
// ticker that raises alerts; none of a party that has left the centre
// (its receipts read AckWithdrawn). It decides no visibility: callers are
// the node's own machinery.
func (s *Service) Overdue(ctx context.Context) ([]OverdueAck, error) {
	os, err := s.store.Overdue(ctx, s.now())
	if err != nil {
		return nil, fmt.Errorf("notify: overdue: %w", err)
	}
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, err
	}
	return withoutWithdrawn(os, gone), nil
}

// Active returns every active notice of type t, for the alert rules (no
// visibility decided: node machinery only).
func (s *Service) Active(ctx context.Context, t Type) ([]Notice, error) {
	return s.store.Active(ctx, t)
}

// typeOf returns the type an id names by its prefix.
func typeOf(id string) (Type, bool) {
	switch {
	case strings.HasPrefix(id, "site_"):
		return TypeSite, true
	case strings.HasPrefix(id, "mov_"):
		return TypeMovement, true
	}
	return "", false
}

// load reads notice id inside q and checks that by may see it and that it
// is of type t.
func (s *Service) load(ctx context.Context, q ledger.Querier, by access.Principal, t Type, id string) (*Notice, error) {
	if tt, ok := typeOf(id); !ok || tt != t {
		return nil, fmt.Errorf("%s %s: %w", t, id, fault.ErrNotFound)
	}
	n, err := s.store.Notice(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if !by.CanSee(n.Release) {
		return nil, fmt.Errorf("%s %s: %w", t, id, fault.ErrNotFound)
	}
	return n, nil
}

// wrapErr wraps err with the operation, leaving typed errors detectable.
func wrapErr(op, id string, err error) error {
	if err == nil {
		return nil
	}
	var inv *fault.InvalidError
	if errors.As(err, &inv) {
		return err
	}
	return fmt.Errorf("notify: %s %s: %w", op, id, err)
}

func draft(by access.Principal, t Type, event, id string, rel access.Releasability, payload any) ledger.Draft {
	return ledger.Draft{Party: by.Party, Author: by.Username, Kind: Kind(t, event), Subject: Subject(t, id),
		Release: rel, Payload: payload}
}

package cases

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/listing"
)

// MonitorKind is the party kind of the UN monitoring cell, which may
// request, record and close on any case it may see.
const MonitorKind = "un"

// Appender appends changes to the log (the sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Store reads the projections of this domain. It decides no visibility
// (viewer only pre-filters; "" is the public); the service checks each
// record with package access.
type Store interface {
	// Case returns case id, or fault.ErrNotFound (wrapped); q may be nil.
	Case(ctx context.Context, q ledger.Querier, id string) (*Case, error)
	// CaseByKey returns the case opened under key, or fault.ErrNotFound.
	CaseByKey(ctx context.Context, q ledger.Querier, key string) (*Case, error)
	// CasesBefore returns up to limit cases matching f, pre-filtered for
	// viewer, newest first by FirstSeq then ID (both descending), strictly
	// after the position after (nil for the start).
	CasesBefore(ctx context.Context, f Filter, viewer string, after *listing.Cursor, limit int) ([]Case, error)
	// Cases returns every case with status (every case for ""), oldest
	// first. It decides no visibility.
	Cases(ctx context.Context, status string) ([]Case, error)
	// KnownSite returns known site id, or fault.ErrNotFound.
	KnownSite(ctx context.Context, id string) (*KnownSite, error)
	// KnownSites returns every known site, in id order. It decides no
	// visibility.
	KnownSites(ctx context.Context) ([]KnownSite, error)
	// KnownSitesBefore returns up to limit known sites pre-filtered for
	// viewer, newest import first, by Seq then ID descending, strictly
	// after the position after.
	KnownSitesBefore(ctx context.Context, viewer string, after *listing.Cursor, limit int) ([]KnownSite, error)
}

// Filter selects cases; zero fields select everything.
type Filter struct {
	Status string
	// Party keeps the cases with a request to this party.
	Party string
}

// Config tunes the cases.
type Config struct {
	// RequestWithin is how long a party has to answer a request for
	// information (default 72 h).
	RequestWithin time.Duration
	// KnownRadiusM is the radius around a known site within which an
	// incident opens a case, when the import gives none (default 100 m).
	KnownRadiusM float64
}

// Deps are what the service is built from. Store, Log, Parties and Alerts
// are required; Evidence (whether an uploaded file exists) may be nil to
// accept no evidence; Now defaults to time.Now, Logger to slog.Default.
type Deps struct {
	Store    Store
	Log      Appender
	Parties  func(ctx context.Context) ([]accounts.Party, error)
	Alerts   *alerts.Service
	Evidence func(sha256 string) bool
	Config   Config
	Now      func() time.Time
	Logger   *slog.Logger
	// Judge, optional, judges answers by their witnesses' cosignatures
	// (answered_late, Answer.OnTime, the public counts); nil leaves them
	// to the answer's own time.
	Judge Judge
}

// Service opens cases and records their requests, answers, measures and
// outcome. Its dependencies never change after NewService.
type Service struct {
	deps Deps
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Config.RequestWithin <= 0 {
		d.Config.RequestWithin = DefaultRequestFor
	}
	if d.Config.KnownRadiusM <= 0 {
		d.Config.KnownRadiusM = DefaultKnownRadiusM
	}
	return &Service{deps: d}
}

// centre is the parties of the centre, by id.
type centre map[string]accounts.Party

func (s *Service) centre(ctx context.Context) (centre, error) {
	ps, err := s.deps.Parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("cases: parties: %w", err)
	}
	c := centre{}
	for _, p := range ps {
		c[p.ID] = p
	}
	return c, nil
}

func (c centre) gone() map[string]bool {
	out := map[string]bool{}
	for id, p := range c {
		if p.Retired != "" {
			out[id] = true
		}
	}
	return out
}

func (c centre) active(id string) bool { p, ok := c[id]; return ok && p.Retired == "" }

func (c centre) monitor(id string) bool { return c.active(id) && c[id].Kind == MonitorKind }

// Get returns case id as by may see it, with request statuses as of now;
// fault.ErrNotFound if it does not exist or by may not see it.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Case, error) {
	c, err := s.deps.Store.Case(ctx, nil, id)
	if err != nil {
		return nil, fmt.Errorf("cases: %s: %w", id, err)
	}
	if !by.CanSee(c.Release) {
		return nil, fmt.Errorf("cases: %s: %w", id, fault.ErrNotFound)
	}
	cen, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	Mark(c, s.deps.Now(), cen.gone())
	if err := s.judgeAnswers(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// Listing is the paging rule of GET /api/v1/cases.
var Listing = listing.Listing{Tag: "k1.", Default: 50, Max: 200}

// List returns a page of the cases matching f that by may see, newest
// first. Returns *fault.InvalidError for an unknown status.
func (s *Service) List(ctx context.Context, by access.Principal, f Filter, limit int, after *listing.Cursor) (*listing.Page[Case], error) {
	if f.Status != "" && f.Status != StatusOpen && f.Status != StatusClosed {
		return nil, fault.Invalid("status", "%q is not a case status; use open or closed", f.Status)
	}
	cen, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	gone, now := cen.gone(), s.deps.Now()
	return listing.Fill(ctx, Listing, limit, after,
		func(ctx context.Context, after *listing.Cursor, n int) ([]Case, error) {
			return s.deps.Store.CasesBefore(ctx, f, by.Party, after, n)
		},
		func(c *Case) listing.Cursor { return listing.Cursor{Seq: c.FirstSeq, ID: c.ID} },
		func(c *Case) (Case, bool) {
			if !by.CanSee(c.Release) {
				return Case{}, false
			}
			Mark(c, now, gone)
			if err := s.judgeAnswers(ctx, c); err != nil {
				s.deps.Logger.WarnContext(ctx, "cases: judging answers", "case", c.ID, "err", err)
			}
			return *c, true
		})
}

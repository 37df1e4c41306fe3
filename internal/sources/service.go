package sources

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/sources/extract"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Store is what the service needs from storage. It decides no visibility:
// every method returns records whatever their releasability, and the
// service checks it with package access.
type Store interface {
	// Source returns source id with its drafts; fault.ErrNotFound
	// (wrapped) if none.
	Source(ctx context.Context, q ledger.Querier, id string) (*Source, error)
	// SourceByContent returns the id of a source of party with the given
	// URL (when url is not empty) or content hash; fault.ErrNotFound
	// (wrapped) if none.
	SourceByContent(ctx context.Context, q ledger.Querier, party, url, sha string) (string, error)
	// Draft returns draft id with its decided duplicates; fault.ErrNotFound
	// (wrapped) if none.
	Draft(ctx context.Context, q ledger.Querier, id string) (*Draft, error)
	// DraftsAfter returns up to limit drafts matching f (f.Limit ignored),
	// pre-filtered for viewer's party, newest first by N then ID (both
	// descending), strictly after the position after (nil for the start).
	DraftsAfter(ctx context.Context, f DraftFilter, viewer string, after *Cursor, limit int) ([]Draft, error)
	// Feed returns feed id; fault.ErrNotFound (wrapped) if none.
	Feed(ctx context.Context, q ledger.Querier, id string) (*Feed, error)
	// Feeds returns every feed, by id.
	Feeds(ctx context.Context) ([]Feed, error)
}

// Deps are what the sources service is built from. Store, Log, Incidents,
// Extractor and Pages are required; Known checks audience parties (nil accepts
// any); Client is the HTTP client of feed polls (default: one with
// FeedTimeout that refuses non-public addresses unless AllowNonPublic,
// see ErrNonPublicAddress); Now defaults to time.Now and Logger to slog.Default.
type Deps struct {
	Store     Store
	Log       Appender
	Incidents *incidents.Service
	Extractor *extract.Extractor
	// Pages keeps the web pages sources were submitted as.
	Pages  *Pages
	Known  func(ctx context.Context, party string) bool
	Client *http.Client
	// FeedTimeout bounds one feed poll (default 30 s); FeedMaxBytes its
	// body (default extract.MaxHTMLBytes); FeedPolls is how many feeds are
	// polled at a time (default 4).
	FeedTimeout  time.Duration
	FeedMaxBytes int64
	FeedPolls    int
	// AllowNonPublic lets feed polls reach loopback, private and
	// link-local addresses (ErrNonPublicAddress); off by default.
	AllowNonPublic bool
	Now            func() time.Time
	Logger         *slog.Logger
}

// Service stores sources, proposes their drafts and serves the review
// queue and the feeds. It is safe for concurrent use.
type Service struct {
	d Deps
}

// NewService returns a Service over d; its dependencies never change.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.FeedTimeout <= 0 {
		d.FeedTimeout = 30 * time.Second
	}
	if d.FeedPolls <= 0 {
		d.FeedPolls = 4
	}
	if d.FeedMaxBytes <= 0 {
		d.FeedMaxBytes = extract.MaxHTMLBytes
	}
	if d.Client == nil {
		d.Client = feedClient(d.FeedTimeout, d.AllowNonPublic)
	}
	return &Service{d: d}
}

// MaySubmit returns nil if p may submit sources and register feeds: an
// analyst or a reporter (the monitors' role) of any party;
// fault.ErrForbidden (or ErrUnauthenticated) otherwise.
func MaySubmit(p access.Principal) error {
	return p.Require(access.RoleAnalyst, access.RoleReporter)
}

// MayReview returns nil if p may decide on drafts (accept, merge, discard,
// link or dismiss duplicates): an analyst or a reporter of any party, who
// must also see the draft.
func MayReview(p access.Principal) error {
	return p.Require(access.RoleAnalyst, access.RoleReporter)
}

// Get returns source id with its text and drafts if by may see it, else
// fault.ErrNotFound.
func (s *Service) Get(ctx context.Context, by access.Principal, id string) (*Source, error) {
	src, err := s.d.Store.Source(ctx, nil, id)
	if err != nil {
		return nil, fmt.Errorf("sources: %s: %w", id, err)
	}
	if !by.CanSee(src.Release) {
		return nil, fmt.Errorf("sources: %s: %w", id, fault.ErrNotFound)
	}
	text, err := s.d.Incidents.EvidenceStore().Open(src.TextSHA256)
	if err != nil {
		return nil, fmt.Errorf("sources: text of %s: %w", id, err)
	}
	src.Text = string(text)
	return src, nil
}

// GetDraft returns draft id, with the duplicates suggested among the
// incidents by may see, if by may see the draft; else fault.ErrNotFound.
func (s *Service) GetDraft(ctx context.Context, by access.Principal, id string) (*Draft, error) {
	d, err := s.visibleDraft(ctx, nil, by, id)
	if err != nil {
		return nil, err
	}
	if d.Status == StatusPending {
		if err := s.suggest(ctx, by, d); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func (s *Service) visibleDraft(ctx context.Context, q ledger.Querier, by access.Principal, id string) (*Draft, error) {
	d, err := s.d.Store.Draft(ctx, q, id)
	if err != nil {
		return nil, fmt.Errorf("sources: draft %s: %w", id, err)
	}
	if !by.CanSee(d.Release) {
		return nil, fmt.Errorf("sources: draft %s: %w", id, fault.ErrNotFound)
	}
	return d, nil
}

// known returns the party check of releasabilities for ctx.
func (s *Service) known(ctx context.Context) func(string) bool {
	if s.d.Known == nil {
		return nil
	}
	return func(party string) bool { return s.d.Known(ctx, party) }
}

// extractErr maps an error of package extract to a client error naming
// field; every such error is the caller's input.
func extractErr(field string, err error) error {
	switch {
	case errors.Is(err, extract.ErrUnknownLanguage):
		return fault.Invalid("lang", "%s; truce reads en, ru and ar", err.Error())
	case errors.Is(err, extract.ErrNoDate):
		return fault.Invalid("published", "no publication date was given and the text has none; give published (RFC 3339 or YYYY-MM-DD)")
	case errors.Is(err, extract.ErrTooLarge), errors.Is(err, extract.ErrInvalid):
		return fault.Invalid(field, "%s", err.Error())
	}
	return fmt.Errorf("sources: extract: %w", err)
}

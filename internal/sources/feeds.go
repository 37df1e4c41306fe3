package sources

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/sources/extract"
)

// errFeedStopped aborts the write of a poll of a feed paused or removed
// while it was being read: nothing of that poll is ingested.
var errFeedStopped = errors.New("sources: the feed was paused or removed during its poll")

// Feed intervals: a feed is polled at most this often and at least this
// rarely.
const (
	MinFeedInterval = time.Second
	MaxFeedInterval = 7 * 24 * time.Hour
)

// NewFeed is the input of RegisterFeed.
type NewFeed struct {
	URL string `json:"url"`
	// IntervalSeconds is how often the node polls the feed.
	IntervalSeconds int    `json:"interval_seconds"`
	Publisher       string `json:"publisher,omitempty"`
	// Lang is the language of the feed's items (en, ru or ar); empty
	// means detect it per item.
	Lang string `json:"lang,omitempty"`
	// Releasability is given to every item ingested; AMBER by default.
	Releasability *access.Releasability `json:"releasability,omitempty"`
}

// RegisterFeed registers a feed that the node polls as by: every new item
// (by URL and content hash) becomes a source of by's party with the feed's
// releasability. Errors: fault.ErrForbidden unless MaySubmit(by),
// *fault.InvalidError for a bad URL, interval, language or releasability.
func (s *Service) RegisterFeed(ctx context.Context, by access.Principal, in NewFeed) (*Feed, error) {
	if err := MaySubmit(by); err != nil {
		return nil, fmt.Errorf("sources: register feed: %w", err)
	}
	u, err := url.Parse(in.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(in.URL) > 2000 {
		return nil, fault.Invalid("url", "an absolute http or https URL of at most 2000 bytes")
	}
	iv := time.Duration(in.IntervalSeconds) * time.Second
	if iv < MinFeedInterval || iv > MaxFeedInterval {
		return nil, fault.Invalid("interval_seconds", "from %d to %d", int(MinFeedInterval.Seconds()), int(MaxFeedInterval.Seconds()))
	}
	switch in.Lang {
	case "", extract.English, extract.Russian, extract.Arabic:
	default:
		return nil, fault.Invalid("lang", "%q is not a language truce reads; use en, ru or ar", in.Lang)
	}
	if len(in.Publisher) > 300 {
		return nil, fault.Invalid("publisher", "at most 300 bytes")
	}
	rel := access.Releasability{TLP: access.TLPAmber}
	if in.Releasability != nil {
		rel = *in.Releasability
	}
	rel = rel.Normalize(by.Party)
	if err := rel.Validate(s.known(ctx)); err != nil {
		return nil, err
	}
	id := access.NewID("feed")
	p := &FeedRegistered{ID: id, URL: in.URL, IntervalSeconds: in.IntervalSeconds, Publisher: in.Publisher, Lang: in.Lang}
	if _, err := s.d.Log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username,
		Kind: KindFeedRegistered, Subject: FeedSubject(id), Release: rel, Payload: p}}); err != nil {
		return nil, fmt.Errorf("sources: register feed: %w", err)
	}
	return s.GetFeed(ctx, by, id)
}

// GetFeed returns feed id if by may see it, else fault.ErrNotFound.
func (s *Service) GetFeed(ctx context.Context, by access.Principal, id string) (*Feed, error) {
	f, err := s.d.Store.Feed(ctx, nil, id)
	if err != nil {
		return nil, fmt.Errorf("sources: feed %s: %w", id, err)
	}
	if !by.CanSee(f.Release) {
		return nil, fmt.Errorf("sources: feed %s: %w", id, fault.ErrNotFound)
	}
	return f, nil
}

// ListFeeds returns the feeds by may see, by id.
func (s *Service) ListFeeds(ctx context.Context, by access.Principal) ([]Feed, error) {
	if !by.Authenticated() {
		return nil, fault.ErrUnauthenticated
	}
	all, err := s.d.Store.Feeds(ctx)
	if err != nil {
		return nil, fmt.Errorf("sources: feeds: %w", err)
	}
	out := []Feed{}
	for _, f := range all {
		if by.CanSee(f.Release) {
			out = append(out, f)
		}
	}
	return out, nil
}

// Run polls every feed when it is due, checking each tick, until ctx ends.
func (s *Service) Run(ctx context.Context, tick time.Duration) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		if err := s.PollDue(ctx); err != nil && ctx.Err() == nil {
			s.d.Logger.ErrorContext(ctx, "feeds not polled", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PollDue polls every feed whose interval has passed since its last poll
// (or that was never polled), up to FeedPolls of them at a time, and
// returns when all are done.
func (s *Service) PollDue(ctx context.Context) error {
	feeds, err := s.d.Store.Feeds(ctx)
	if err != nil {
		return fmt.Errorf("sources: feeds: %w", err)
	}
	now := s.d.Now()
	var g errgroup.Group
	g.SetLimit(s.d.FeedPolls)
	for i := range feeds {
		f := &feeds[i]
		if f.Status != FeedActive {
			continue
		}
		if last, err := time.Parse(time.RFC3339Nano, f.LastPolled); err == nil &&
			now.Sub(last) < time.Duration(f.IntervalSeconds)*time.Second {
			continue
		}
		g.Go(func() error {
			s.Poll(ctx, f)
			return nil
		})
	}
	_ = g.Wait() // Poll logs its own failures
	return ctx.Err()
}

// Poll reads feed f once, bounded in time (FeedTimeout) and size
// (FeedMaxBytes), and logs each item not ingested before as a source of the
// feed's party, with feed.polled (the count of new items and the error
// that cut the poll, if any), in one write: a poll is recorded with all
// its new items or not at all. A poll that gives nothing new and the same
// error as the last one logs nothing.
func (s *Service) Poll(ctx context.Context, f *Feed) {
	by := access.Principal{UserID: "feed:" + f.ID, Username: f.Author, Party: f.Party, Role: access.RoleAnalyst}
	items, err := s.poll(ctx, f, by)
	msg := ""
	if err != nil {
		msg = err.Error()
		s.d.Logger.WarnContext(ctx, "feed poll failed", "feed", f.ID, "url", f.URL, "err", err)
	}
	if len(items) == 0 && msg == f.LastError && f.LastPolled != "" {
		return
	}
	p := &FeedPolled{ID: f.ID, Polled: s.d.Now().UTC().Format(time.RFC3339Nano), New: len(items), Error: msg}
	polled := ledger.Change{Draft: ledger.Draft{Party: f.Party, Author: f.Author,
		Kind: KindFeedPolled, Subject: FeedSubject(f.ID), Release: f.Release, Payload: p}}
	polled.Check = func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.d.Store.Feed(ctx, q, f.ID)
		if err != nil {
			return err
		}
		if cur.Status != FeedActive {
			return errFeedStopped
		}
		return nil
	}
	changes := make([]ledger.Change, 0, len(items)+1)
	for _, it := range items {
		changes = append(changes, it.change)
	}
	_, err = s.d.Log.Append(ctx, append(changes, polled)...)
	if errors.Is(err, errExists) {
		// An item was submitted by hand meanwhile: log the others one by one.
		p.New = 0
		for _, it := range items {
			if _, err := s.d.Log.Append(ctx, it.change); err == nil {
				p.New++
			} else if !errors.Is(err, errExists) && ctx.Err() == nil {
				s.d.Logger.ErrorContext(ctx, "feed item not logged", "feed", f.ID, "source", it.id, "err", err)
			}
		}
		_, err = s.d.Log.Append(ctx, polled)
	}
	if errors.Is(err, errFeedStopped) {
		s.d.Logger.InfoContext(ctx, "feed paused or removed during its poll; its items are not ingested", "feed", f.ID)
		return
	}
	if err != nil && ctx.Err() == nil {
		s.d.Logger.ErrorContext(ctx, "feed poll not logged", "feed", f.ID, "err", err)
		return
	}
	if p.New > 0 {
		s.d.Logger.InfoContext(ctx, "feed polled", "feed", f.ID, "new", p.New)
	}
}

// poll reads f and prepares its items not ingested before, once each;
// the error says what cut the poll or which items were refused.
func (s *Service) poll(ctx context.Context, f *Feed, by access.Principal) ([]*preparedSource, error) {
	ctx, cancel := context.WithTimeout(ctx, s.d.FeedTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return nil, fmt.Errorf("feed URL: %w", err)
	}
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1")
	resp, err := s.d.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch: HTTP %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, s.d.FeedMaxBytes+1))
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, fmt.Errorf("the feed did not finish within %s; cut", s.d.FeedTimeout)
	case err != nil:
		return nil, fmt.Errorf("read: %w", err)
	case int64(len(body)) > s.d.FeedMaxBytes:
		return nil, fmt.Errorf("the feed is larger than %d bytes; cut", s.d.FeedMaxBytes)
	}
	title, items, err := ParseFeed(body)
	if err != nil {
		return nil, err
	}
	publisher := f.Publisher
	if publisher == "" {
		publisher = title
	}
	var out []*preparedSource
	seen := map[string]bool{}
	var errs []string
	for _, it := range items {
		in := NewSource{URL: it.Link, Publisher: publisher, Lang: f.Lang, Releasability: &f.Release, feedID: f.ID}
		// The body comes first, so that a dateline opens the text; the
		// title is kept in the page's head, which extraction skips.
		switch {
		case strings.Contains(it.Body, "<"):
			in.HTML = "<html><head><title>" + html.EscapeString(it.Title) + "</title></head><body>" + it.Body + "</body></html>"
		case strings.TrimSpace(it.Body) != "":
			in.Text = it.Body
		default:
			in.Text = it.Title
		}
		if !it.Published.IsZero() {
			in.Published = it.Published.Format(time.RFC3339)
		}
		p, existing, err := s.prepare(ctx, by, in)
		switch {
		case err != nil:
			var inv *fault.InvalidError
			if !errors.As(err, &inv) {
				s.d.Logger.ErrorContext(ctx, "feed item not stored", "feed", f.ID, "item", it.Link, "err", err)
			}
			errs = append(errs, fmt.Sprintf("item %q: %s", it.Link, itemError(err)))
		case existing != "" || slices.ContainsFunc(p.keys, func(k string) bool { return seen[k] }):
			// ingested before, or twice in this feed
		default:
			for _, k := range p.keys {
				seen[k] = true
			}
			out = append(out, p)
		}
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("%d of %d items refused: %s", len(errs), len(items), strings.Join(errs, "; "))
	}
	return out, nil
}

// itemError is what a feed's record says of an item refused: the reason
// of a client error, a fixed text for an internal one (logged).
func itemError(err error) string {
	var inv *fault.InvalidError
	if errors.As(err, &inv) {
		return inv.Error()
	}
	return "not stored (see the node's log)"
}

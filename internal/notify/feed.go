package notify

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// Feed is the machine feed of one party: the notifications it received
// that are in force now, for its own systems to pull (GET
// /api/v1/notify/feed).
type Feed struct {
	// Party is the party whose feed this is.
	Party string
	// Version is the log position the feed reflects: the newest entry
	// that changed any notice notifying Party (cancelled ones included,
	// so that a cancellation raises it), or that reported the latest
	// position of a movement in the feed. A pull at Version has seen every
	// notice whose Seq is at most Version. 0 if Party was never notified.
	Version int64
	// Notices are the sites in force and the movements whose window has
	// not ended, oldest first: active, not lapsed, notifying Party and
	// visible to the caller.
	Notices []Notice
	// Withdrawn are the notices notifying Party that their notifier
	// withdrew less than WithdrawnShown ago, oldest first, visible to the
	// caller: the CAP form serves each as a Cancel, so that a system that
	// pulls at least that often learns of every withdrawal. The GeoJSON
	// form leaves them out.
	Withdrawn []Notice
	// Positions holds the latest reported position of each movement of
	// Notices that has one, by movement id.
	Positions map[string]Position
}

// WithdrawnShown is how long after its withdrawal a notice stays in a
// feed's Withdrawn.
const WithdrawnShown = 7 * 24 * time.Hour

// Feed returns the feed of by's own party and records the pull (its time
// and the feed's version) as the party's last (StaleFeeds). It refuses a caller without a
// party (fault.ErrForbidden): a feed is never served for another party,
// and a party's feed holds only what notified it and by may see.
//
// It holds at most 1,000 notices of each type (the store's cap).
func (s *Service) Feed(ctx context.Context, by access.Principal) (*Feed, error) {
	if by.Party == "" {
		return nil, fmt.Errorf("notify: feed: no party: %w", fault.ErrForbidden)
	}
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: feed of %s: %w", by.Party, err)
	}
	now := s.now()
	f := &Feed{Party: by.Party, Notices: []Notice{}, Withdrawn: []Notice{}}
	for _, t := range []Type{TypeSite, TypeMovement} {
		ns, err := s.store.Notices(ctx, Filter{Type: t, Notified: by.Party}, by.Party)
		if err != nil {
			return nil, fmt.Errorf("notify: feed of %s: %w", by.Party, err)
		}
		for _, n := range access.Visible(by, ns, func(n *Notice) access.Releasability { return n.Release }) {
			if n.Seq > f.Version {
				f.Version = n.Seq
			}
			n.markOverdue(now, gone)
			switch {
			case inForce(&n, now):
				f.Notices = append(f.Notices, n)
			case recentlyWithdrawn(&n, now):
				f.Withdrawn = append(f.Withdrawn, n)
			}
		}
	}
	// Oldest first, by first entry: a stable order for a stable body.
	if f.Positions, err = s.latestPositions(ctx, by, f.Notices); err != nil {
		return nil, fmt.Errorf("notify: feed of %s: %w", by.Party, err)
	}
	for _, p := range f.Positions {
		f.Version = max(f.Version, p.Seq) // a new position changes the feed
	}
	oldest := func(a, b Notice) int { return cmp.Compare(a.FirstSeq, b.FirstSeq) }
	slices.SortStableFunc(f.Notices, oldest)
	slices.SortStableFunc(f.Withdrawn, oldest)
	if err := s.store.RecordFeedPull(ctx, FeedPull{Party: by.Party, At: now, Version: f.Version}); err != nil {
		return nil, fmt.Errorf("notify: feed of %s: %w", by.Party, err)
	}
	return f, nil
}

// inForce reports whether n belongs in a feed at now: active, not lapsed,
// not withheld and, for a movement, its window not ended.
func inForce(n *Notice, now time.Time) bool {
	if n.Status != StatusActive || n.Lapsed {
		return false
	}
	if n.Site != nil && n.Site.Withheld {
		return false
	}
	if n.Movement != nil {
		end, err := time.Parse(time.RFC3339Nano, n.Movement.Window.End)
		if err != nil || !now.Before(end) {
			return false
		}
	}
	return true
}

// recentlyWithdrawn reports whether n was withdrawn less than
// WithdrawnShown before now (a withheld site never was notified, so never).
func recentlyWithdrawn(n *Notice, now time.Time) bool {
	if n.Status != StatusCancelled || (n.Site != nil && n.Site.Withheld) {
		return false
	}
	at, err := time.Parse(time.RFC3339Nano, n.Cancelled)
	return err == nil && now.Sub(at) < WithdrawnShown
}

package sources

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// FeedAction is a change of a feed's status asked by a user.
type FeedAction string

// The feed actions, each logged as its own entry kind.
const (
	PauseFeed  FeedAction = "pause"
	ResumeFeed FeedAction = "resume"
	RemoveFeed FeedAction = "remove"
)

// feedTransitions gives, per action, the statuses it may start from, the
// status it leads to and the kind of its entry.
var feedTransitions = map[FeedAction]struct {
	from []string
	to   string
	kind string
}{
	PauseFeed:  {from: []string{FeedActive}, to: FeedPaused, kind: KindFeedPaused},
	ResumeFeed: {from: []string{FeedPaused}, to: FeedActive, kind: KindFeedResumed},
	RemoveFeed: {from: []string{FeedActive, FeedPaused}, to: FeedRemoved, kind: KindFeedRemoved},
}

// maxStatusReason bounds the reason given for a change of status.
const maxStatusReason = 2000

// ChangeFeedStatus pauses, resumes or removes feed id as by, with an
// optional reason, and returns the feed as by then sees it. Only the
// analysts and reporters of the feed's own party may change it (it polls
// in that party's name). A paused feed is not polled until resumed; a
// removed one is never polled again, and keeps its record and the sources
// it gave. The status is checked again inside the write, so that two
// concurrent changes cannot both pass.
//
// Errors: fault.ErrNotFound if by may not see the feed;
// fault.ErrForbidden if by may not change it; *fault.InvalidError for a
// reason over 2000 bytes; a conflict (409) if the feed's status does not
// allow the action (pausing a paused feed, resuming an active one,
// anything on a removed one).
func (s *Service) ChangeFeedStatus(ctx context.Context, by access.Principal, id string, action FeedAction, reason string) (*Feed, error) {
	t, ok := feedTransitions[action]
	if !ok {
		return nil, fmt.Errorf("sources: feed %s: unknown action %q", id, action)
	}
	f, err := s.GetFeed(ctx, by, id)
	if err != nil {
		return nil, err
	}
	if err := MaySubmit(by); err != nil {
		return nil, fmt.Errorf("sources: %s feed %s: %w", action, id, err)
	}
	if by.Party != f.Party {
		return nil, &fault.RefusalError{Kind: fault.ErrForbidden,
			Msg: fmt.Sprintf("feed %s polls in %s's name: only %s's analysts and reporters may %s it", id, f.Party, f.Party, action)}
	}
	if len(reason) > maxStatusReason {
		return nil, fault.Invalid("reason", "at most %d bytes", maxStatusReason)
	}
	allowed := func(f *Feed) error {
		for _, from := range t.from {
			if f.Status == from {
				return nil
			}
		}
		return fault.Conflictf("feed %s is %s: it cannot be %s", id, f.Status, actionPast(action))
	}
	if err := allowed(f); err != nil {
		return nil, err
	}
	ch := ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: t.kind,
		Subject: FeedSubject(id), Release: f.Release, Payload: &FeedStatusChanged{ID: id, Reason: reason}}}
	ch.Check = func(ctx context.Context, q ledger.Querier) error {
		cur, err := s.d.Store.Feed(ctx, q, id)
		if err != nil {
			return err
		}
		return allowed(cur)
	}
	if _, err := s.d.Log.Append(ctx, ch); err != nil {
		return nil, fmt.Errorf("sources: %s feed %s: %w", action, id, err)
	}
	return s.GetFeed(ctx, by, id)
}

// actionPast is how an error names what was refused.
func actionPast(a FeedAction) string {
	switch a {
	case PauseFeed:
		return "paused"
	case ResumeFeed:
		return "resumed"
	default:
		return "removed"
	}
}

package notify

import (
	"context"
	"fmt"
	"time"
)

// FeedPull is a party's last pull of its feed: when, and the feed version
// it was served (Feed.Version). Node-local, not in the log.
type FeedPull struct {
	Party   string
	At      time.Time
	Version int64
}

// StaleFeed is a movement under way whose notified party's last pull of
// its feed predates the version of the movement it was notified of: its
// systems may not know the movement as it now stands.
type StaleFeed struct {
	// Movement is the movement, with its acknowledgements.
	Movement Notice
	// Party is the notified party; Notified when it was notified of the
	// movement's current version.
	Party    string
	Notified time.Time
	// Pull is the party's last pull; nil if it never pulled its feed.
	Pull *FeedPull
}

// StaleFeeds returns, for every active movement whose window has started
// and not ended, each notified party (its current version's receipt row;
// not a withdrawal's) whose last pull of its feed is older than when it
// was notified of that version, or that never pulled. For the background
// ticker that raises alerts: it decides no visibility. A party that left
// the centre is never listed: nothing waits for it.
func (s *Service) StaleFeeds(ctx context.Context) ([]StaleFeed, error) {
	movs, err := s.store.Active(ctx, TypeMovement)
	if err != nil {
		return nil, fmt.Errorf("notify: stale feeds: %w", err)
	}
	pulls, err := s.store.FeedPulls(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: stale feeds: %w", err)
	}
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: stale feeds: %w", err)
	}
	now := s.now()
	var out []StaleFeed
	for _, m := range movs {
		if m.Movement == nil || !underWay(m.Movement.Window, now) {
			continue
		}
		for _, a := range m.Acks {
			if a.Withdrawal || a.Version != m.Version || gone[a.Party] {
				continue // nothing waits for a party that left the centre
			}
			notified, err := time.Parse(time.RFC3339Nano, a.Notified)
			if err != nil {
				return nil, fmt.Errorf("notify: stale feeds: %s: notified %q: %w", m.ID, a.Notified, err)
			}
			st := StaleFeed{Movement: m, Party: a.Party, Notified: notified}
			if p, ok := pulls[a.Party]; ok {
				if !p.At.Before(notified) {
					continue
				}
				st.Pull = &p
			}
			out = append(out, st)
		}
	}
	return out, nil
}

// underWay reports whether now is within w (start inclusive, end
// exclusive); a window that does not parse is not under way.
func underWay(w Window, now time.Time) bool {
	start, err1 := time.Parse(time.RFC3339Nano, w.Start)
	end, err2 := time.Parse(time.RFC3339Nano, w.End)
	return err1 == nil && err2 == nil && !now.Before(start) && now.Before(end)
}

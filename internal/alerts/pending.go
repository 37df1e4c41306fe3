package alerts

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
)

// PendingBucket is a number of open alerts sharing a releasability that
// wait for one party's acknowledgement, and how many of them are past
// their deadline.
type PendingBucket struct {
	Party   string
	Release access.Releasability
	Open    int
	Overdue int
}

// PendingCount is the number of open alerts awaiting one party's
// acknowledgement, and of those past their deadline.
type PendingCount struct {
	Open    int
	Overdue int
}

// PendingByParty counts, for each party, the open alerts by may see that
// wait for that party's acknowledgement, and those of them whose deadline
// is before now; hidden alerts are not counted. It costs one grouped query
// (the node's metrics call it on every scrape).
func (s *Service) PendingByParty(ctx context.Context, by access.Principal, now time.Time) (map[string]PendingCount, error) {
	bs, err := s.store.PendingByParty(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("alerts: pending by party: %w", err)
	}
	out := map[string]PendingCount{}
	for _, b := range bs {
		if !by.CanSee(b.Release) {
			continue
		}
		c := out[b.Party]
		c.Open += b.Open
		c.Overdue += b.Overdue
		out[b.Party] = c
	}
	return out, nil
}

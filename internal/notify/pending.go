package notify

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
)

// PendingAckBucket is a number of pending acknowledgements (of active
// notices, or of a notice's withdrawal) owed by one party for notices
// sharing a releasability, and how many of them are past their deadline.
type PendingAckBucket struct {
	Party   string
	Release access.Releasability
	Open    int
	Overdue int
}

// PendingAcks is the number of acknowledgements a party owes, and of
// those overdue.
type PendingAcks struct {
	Open    int
	Overdue int
}

// PendingAcksByParty counts, for each party, the acknowledgements it owes
// for notices by may see, and those of them whose deadline is before now;
// acknowledgements of hidden notices are not counted. It costs one grouped
// query (the node's metrics call it on every scrape).
func (s *Service) PendingAcksByParty(ctx context.Context, by access.Principal, now time.Time) (map[string]PendingAcks, error) {
	bs, err := s.store.PendingAcksByParty(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("notify: pending acknowledgements by party: %w", err)
	}
	out := map[string]PendingAcks{}
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

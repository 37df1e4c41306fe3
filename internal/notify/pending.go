package notify

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
)

// PendingAcksByParty counts, for each party, the acknowledgements it owes
// (of active notices, or of a notice's withdrawal) for notices by may see,
// and those of them whose deadline is before now; acknowledgements of
// hidden notices are not counted. It costs one grouped query (the node's
// metrics call it on every scrape).
func (s *Service) PendingAcksByParty(ctx context.Context, by access.Principal, now time.Time) (map[string]access.PendingCount, error) {
	bs, err := s.store.PendingAcksByParty(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("notify: pending acknowledgements by party: %w", err)
	}
	return access.CountVisible(by, bs), nil
}

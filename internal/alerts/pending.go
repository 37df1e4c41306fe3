package alerts

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
)

// PendingByParty counts, for each party, the open alerts by may see that
// wait for that party's acknowledgement, and those of them whose deadline
// is before now; hidden alerts are not counted. It costs one grouped query
// (the node's metrics call it on every scrape).
func (s *Service) PendingByParty(ctx context.Context, by access.Principal, now time.Time) (map[string]access.PendingCount, error) {
	bs, err := s.store.PendingByParty(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("alerts: pending by party: %w", err)
	}
	return access.CountVisible(by, bs), nil
}

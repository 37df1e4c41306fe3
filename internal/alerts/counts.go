package alerts

import (
	"context"
	"fmt"

	"truce/internal/access"
)

// Counts are the numbers of alerts a caller may see, by status and by
// severity.
type Counts struct {
	Total      int              `json:"total"`
	ByStatus   map[string]int   `json:"by_status"`
	BySeverity map[Severity]int `json:"by_severity"`
	// Pending counts open alerts the caller's party has yet to acknowledge.
	Pending int `json:"pending"`
}

// CountBucket is a number of alerts sharing a releasability, status and
// severity, and whether the party counting has yet to acknowledge them.
type CountBucket struct {
	Release  access.Releasability
	Status   string
	Severity Severity
	// Pending is true for open alerts the counting party has yet to
	// acknowledge.
	Pending bool
	N       int
}

// Count counts every alert by may see, by status and severity, and those
// pending by's party's acknowledgement; hidden alerts are not counted. The
// store groups the alerts by releasability; whether by may see each group
// is decided here with package access.
func (s *Service) Count(ctx context.Context, by access.Principal) (*Counts, error) {
	bs, err := s.store.AlertCounts(ctx, by.Party)
	if err != nil {
		return nil, fmt.Errorf("alerts: count: %w", err)
	}
	c := &Counts{ByStatus: map[string]int{}, BySeverity: map[Severity]int{}}
	for _, b := range bs {
		if !by.CanSee(b.Release) {
			continue
		}
		c.Total += b.N
		c.ByStatus[b.Status] += b.N
		c.BySeverity[b.Severity] += b.N
		if b.Pending && b.Status == StatusOpen && by.Party != "" {
			c.Pending += b.N
		}
	}
	return c, nil
}

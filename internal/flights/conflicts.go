package flights

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/access"
)

// ConflictFilter selects conflicts; zero fields select everything.
type ConflictFilter struct {
	Kind   string
	Status string
	Party  string
}

// ListConflicts returns the open conflicts and those cleared within the
// configured recent period that by may see, newest first.
func (s *Service) ListConflicts(ctx context.Context, by access.Principal, f ConflictFilter) ([]Conflict, error) {
	cs, err := s.Store.Conflicts(ctx, s.Now().Add(-s.cfg.Recent))
	if err != nil {
		return nil, fmt.Errorf("flights: list conflicts: %w", err)
	}
	cs = access.Visible(by, cs, func(c *Conflict) access.Releasability { return c.Release })
	out := cs[:0]
	for _, c := range cs {
		if (f.Kind == "" || c.Kind == f.Kind) && (f.Status == "" || c.Status == f.Status) && (f.Party == "" || slices.Contains(c.Parties, f.Party)) {
			out = append(out, c)
		}
	}
	return out, nil
}

// GetConflict returns conflict id if by may see it, else access.ErrNotFound.
func (s *Service) GetConflict(ctx context.Context, by access.Principal, id string) (*Conflict, error) {
	c, err := s.Store.Conflict(ctx, nil, id)
	if err != nil {
		return nil, wrap("get", id, err)
	}
	if !by.CanSee(c.Release) {
		return nil, wrap("get", id, access.ErrNotFound)
	}
	return c, nil
}

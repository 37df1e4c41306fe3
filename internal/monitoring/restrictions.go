package monitoring

import (
	"context"
	"fmt"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// Restrictions returns the restrictions by may see whose time lies in
// [from, to), oldest first (by time, then by log entry): those naming no
// patrol, and those naming a patrol whose window overlaps the period.
// Every releasability decision is access's. Errors: *fault.InvalidError
// for a period not ending after it starts or longer than MaxPeriod.
func (s *Service) Restrictions(ctx context.Context, by access.Principal, from, to time.Time) ([]Restriction, error) {
	switch {
	case !to.After(from):
		return nil, fault.Invalid("to", "must be after from")
	case to.Sub(from) > MaxPeriod:
		return nil, fault.Invalid("to", "restrictions are listed over at most %s", MaxPeriod)
	}
	ps, err := s.deps.Store.PatrolsIn(ctx, by.Party, from, to)
	if err != nil {
		return nil, fmt.Errorf("monitoring: patrols: %w", err)
	}
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	rs, err := s.deps.Store.RestrictionsFor(ctx, by.Party, ids, from, to)
	if err != nil {
		return nil, fmt.Errorf("monitoring: restrictions: %w", err)
	}
	rs = access.Visible(by, rs, func(r *Restriction) access.Releasability { return r.Release })
	out := rs[:0]
	at := make(map[int64]time.Time, len(rs))
	for _, r := range rs {
		t, err := time.Parse(time.RFC3339Nano, r.Time)
		if err != nil || t.Before(from) || !t.Before(to) {
			continue
		}
		at[r.Seq] = t
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Restriction) int {
		if c := at[a.Seq].Compare(at[b.Seq]); c != 0 {
			return c
		}
		return int(a.Seq - b.Seq)
	})
	return out, nil
}

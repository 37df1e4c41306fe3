package flights

import (
	"context"
	"fmt"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/listing"
)

// ConflictFilter selects conflicts; zero fields select everything.
type ConflictFilter struct {
	Kind   string
	Status string
	Party  string
	// Limit is the size of a page of ListConflictsPage (1 to MaxLimit; 0
	// for MaxLimit); ListConflicts ignores it.
	Limit int
}

// matches reports whether c matches f.
func (f *ConflictFilter) matches(c *Conflict) bool {
	return (f.Kind == "" || c.Kind == f.Kind) && (f.Status == "" || c.Status == f.Status) && (f.Party == "" || slices.Contains(c.Parties, f.Party))
}

// ListConflicts returns the open conflicts and those cleared within the
// configured recent period that by may see, newest first, each as by may
// see it (Disclosure.View); f.Party matches the parties by is shown.
func (s *Service) ListConflicts(ctx context.Context, by access.Principal, f ConflictFilter) ([]Conflict, error) {
	d, err := s.readDisclosure(ctx)
	if err != nil {
		return nil, err
	}
	cs, err := s.deps.Store.Conflicts(ctx, s.deps.Now().Add(-s.cfg.Recent))
	if err != nil {
		return nil, fmt.Errorf("flights: list conflicts: %w", err)
	}
	cs = access.Visible(by, cs, func(c *Conflict) access.Releasability { return c.Release })
	out := cs[:0]
	for _, c := range cs {
		if v := d.View(by, &c); f.matches(&v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// GetConflict returns conflict id as by may see it (Disclosure.View) if by
// may see it at all, else fault.ErrNotFound.
func (s *Service) GetConflict(ctx context.Context, by access.Principal, id string) (*Conflict, error) {
	d, err := s.readDisclosure(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.deps.Store.Conflict(ctx, nil, id)
	if err != nil {
		return nil, wrap("get", id, err)
	}
	if !by.CanSee(c.Release) {
		return nil, wrap("get", id, fault.ErrNotFound)
	}
	v := d.View(by, c)
	return &v, nil
}

// ConflictPager is the keyset listing a Store may offer (the SQL store
// does) so that callers can walk the conflicts a page at a time.
type ConflictPager interface {
	// ConflictsByID returns up to limit conflicts that are open or were
	// cleared at or after since, of f.Kind and f.Status when set (f.Party
	// and f.Limit ignored), in id order, with an id after after ("" for the
	// start).
	ConflictsByID(ctx context.Context, since time.Time, f ConflictFilter, after string, limit int) ([]Conflict, error)
}

// ListConflictsPage returns a page of the conflicts ListConflicts would
// return (open, or cleared within the configured recent period, matching
// f, that by may see, as by may see them) in id order, starting after the position after (nil
// for the first page). A page holds f.Limit conflicts (1 to MaxLimit; 0
// for MaxLimit) unless it is the last; Next is set exactly when at least
// one more conflict by may see follows. Returns ErrNoPaging over a store
// that is not a ConflictPager.
func (s *Service) ListConflictsPage(ctx context.Context, by access.Principal, f ConflictFilter, after *Cursor) (*Page[Conflict], error) {
	pg, ok := s.deps.Store.(ConflictPager)
	if !ok {
		return nil, ErrNoPaging
	}
	d, err := s.readDisclosure(ctx)
	if err != nil {
		return nil, err
	}
	since := s.deps.Now().Add(-s.cfg.Recent)
	fetch := func(ctx context.Context, after *Cursor, n int) ([]Conflict, error) {
		from := ""
		if after != nil {
			from = after.ID
		}
		return pg.ConflictsByID(ctx, since, f, from, n)
	}
	page, err := listing.Fill(ctx, ConflictListing, f.Limit, after, fetch,
		func(c *Conflict) Cursor { return Cursor{ID: c.ID} },
		func(c *Conflict) (Conflict, bool) {
			if !by.CanSee(c.Release) {
				return Conflict{}, false
			}
			v := d.View(by, c)
			return v, f.matches(&v)
		})
	if err != nil {
		return nil, fmt.Errorf("flights: list conflicts: %w", err)
	}
	return page, nil
}

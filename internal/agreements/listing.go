package agreements

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/listing"
)

// Listing is the API's listing of agreements (package listing), in id order.
var Listing = listing.Listing{Tag: "ag1.", Default: 100, Max: 1000}

// PassageListing is the API's listing of passages, in id order.
var PassageListing = listing.Listing{Tag: "ps1.", Default: 100, Max: 1000}

// ListPage returns a page of Listing: the agreements by may see, as of
// now, with the guarantee of package listing. A non-empty status keeps
// only agreements with that status. Releasability is checked here, per
// agreement and per link, with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, status Status, limit int, after *listing.Cursor) (*listing.Page[Agreement], error) {
	chairs, gone, err := s.coChairs(ctx)
	if err != nil {
		return nil, fmt.Errorf("agreements: list: %w", err)
	}
	now := s.now()
	p, err := listing.Fill(ctx, Listing, limit, after, listing.ByID(s.store.Agreements, func(a *Agreement) string { return a.ID }),
		func(a *Agreement) listing.Cursor { return listing.Cursor{ID: a.ID} },
		func(a *Agreement) (Agreement, bool) {
			if !by.CanSee(a.Release) {
				return Agreement{}, false
			}
			decorate(a, now, chairs, gone)
			a.Links = access.Visible(by, a.Links, func(l *Link) access.Releasability { return l.Release })
			a.Breaches = nil // served in compliance, each to those who may see its incident
			return *a, status == "" || a.Status == status
		})
	if err != nil {
		return nil, fmt.Errorf("agreements: list: %w", err)
	}
	return p, nil
}

// PassagesPage returns a page of PassageListing: the passages by may see,
// as of now. A non-empty status keeps only passages with that status.
func (s *Service) PassagesPage(ctx context.Context, by access.Principal, status PassageStatus, limit int, after *listing.Cursor) (*listing.Page[Passage], error) {
	now := s.now()
	p, err := listing.Fill(ctx, PassageListing, limit, after, listing.ByID(s.store.Passages, func(p *Passage) string { return p.ID }),
		func(p *Passage) listing.Cursor { return listing.Cursor{ID: p.ID} },
		func(p *Passage) (Passage, bool) {
			if !by.CanSee(p.Release) {
				return Passage{}, false
			}
			decoratePassage(p, now)
			return *p, status == "" || p.Status == status
		})
	if err != nil {
		return nil, fmt.Errorf("agreements: list passages: %w", err)
	}
	return p, nil
}

package zones

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/listing"
)

// Listing is the API's listing of zones (package listing), in id order.
var Listing = listing.Listing{Tag: "z1.", Default: 1000, Max: 1000}

// ListPage returns a page of Listing: the zones by may see, with their
// status as of now, of up to limit zones (see Listing), starting after the
// position after (nil for the first page), with the guarantee of package
// listing. A non-empty status keeps only zones with that status.
// Releasability is checked here, per zone, with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, status Status, limit int, after *listing.Cursor) (*listing.Page[Zone], error) {
	now := s.now()
	p, err := listing.Fill(ctx, Listing, limit, after, listing.ByID(s.store.Zones, func(z *Zone) string { return z.ID }),
		func(z *Zone) listing.Cursor { return listing.Cursor{ID: z.ID} },
		func(z *Zone) (Zone, bool) {
			if !by.CanSee(z.Release) {
				return Zone{}, false
			}
			s.decorate(z, now)
			return *z, status == "" || z.Status == status
		})
	if err != nil {
		return nil, fmt.Errorf("zones: list page: %w", err)
	}
	return p, nil
}

package notify

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/access"
	"truce/internal/listing"
)

// MaxLimit is the largest page of the listings of notices, and their
// default.
const MaxLimit = 1000

// Cursor is a position in a listing of notices (see package listing): in
// the newest-first listings, the notice's FirstSeq and ID; in id order,
// its ID alone.
type Cursor = listing.Cursor

// Page is one page of a listing of notices.
type Page = listing.Page[Notice]

// The listings of notices, one per type, so that a cursor of the sites is
// none of the movements.
var (
	siteListing       = listing.Listing{Tag: "s1.", Default: MaxLimit, Max: MaxLimit}
	movementListing   = listing.Listing{Tag: "v1.", Default: MaxLimit, Max: MaxLimit}
	siteIDListing     = listing.Listing{Tag: "si1.", Default: MaxLimit, Max: MaxLimit}
	movementIDListing = listing.Listing{Tag: "vi1.", Default: MaxLimit, Max: MaxLimit}
)

// Listing returns the API's listing of the notices of type t: newest
// first, by the entry that first notified each, then by id.
func Listing(t Type) listing.Listing {
	if t == TypeMovement {
		return movementListing
	}
	return siteListing
}

// IDListing returns the listing of the notices of type t in id order (the
// OGC collections).
func IDListing(t Type) listing.Listing {
	if t == TypeMovement {
		return movementIDListing
	}
	return siteIDListing
}

// ListPage returns a page of Listing(f.Type): the notices matching f
// (every field applies; f.Limit is the page size) that by may see,
// starting after the position after (nil for the first page), with the
// guarantee of package listing. Releasability is checked here, per
// notice, with package access. A PendingFor naming a party that has left
// the centre matches nothing: nothing waits for it.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, err
	}
	if gone[f.PendingFor] {
		return &Page{Items: []Notice{}}, nil // nothing waits for a party that has left
	}
	p, err := listing.Fill(ctx, Listing(f.Type), f.Limit, after,
		func(ctx context.Context, cur *Cursor, n int) ([]Notice, error) {
			return s.store.NoticesBefore(ctx, f, by.Party, cur, n)
		},
		func(x *Notice) Cursor { return Cursor{Seq: x.FirstSeq, ID: x.ID} }, keep(by))
	if err != nil {
		return nil, fmt.Errorf("notify: list page: %w", err)
	}
	if err := s.mark(ctx, p.Items, gone); err != nil {
		return nil, err
	}
	return p, nil
}

// Pager is the keyset listing in id order a Store may offer (the SQL
// store does).
type Pager interface {
	// NoticesByID returns up to f.Limit notices matching f (PendingFor and
	// Notified ignored) whose id is after after ("" for the first), in id
	// order, pre-filtered for viewer's party.
	NoticesByID(ctx context.Context, f Filter, viewer, after string) ([]Notice, error)
}

// ErrNoPaging is returned by PageByID over a store that is not a Pager.
var ErrNoPaging = errors.New("notify: the store cannot list notices a page at a time")

// PageByID returns a page of IDListing(f.Type): the notices matching f
// (f.Notified and f.PendingFor are not applied; f.Limit is the page size)
// that by may see, starting after the position after (nil for the first
// page), with the guarantee of package listing. Returns ErrNoPaging over a
// store that is not a Pager.
func (s *Service) PageByID(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	pg, ok := s.store.(Pager)
	if !ok {
		return nil, ErrNoPaging
	}
	f.Notified, f.PendingFor = "", ""
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, err
	}
	p, err := listing.Fill(ctx, IDListing(f.Type), f.Limit, after,
		func(ctx context.Context, cur *Cursor, n int) ([]Notice, error) {
			g, from := f, ""
			if g.Limit = n; cur != nil {
				from = cur.ID
			}
			return pg.NoticesByID(ctx, g, by.Party, from)
		},
		func(x *Notice) Cursor { return Cursor{ID: x.ID} }, keep(by))
	if err != nil {
		return nil, fmt.Errorf("notify: page by id: %w", err)
	}
	if err := s.mark(ctx, p.Items, gone); err != nil {
		return nil, err
	}
	return p, nil
}

// keep is the releasability check of the listings of notices: by sees a
// notice whole or not at all.
func keep(by access.Principal) func(*Notice) (Notice, bool) {
	return func(x *Notice) (Notice, bool) { return *x, by.CanSee(x.Release) }
}

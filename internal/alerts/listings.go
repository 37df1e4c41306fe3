package alerts

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/access"
	"truce/internal/listing"
)

// MaxLimit is the largest page of the alert listings, and their default.
const MaxLimit = 1000

// Cursor is a position in a listing of alerts (see package listing). In
// Listing, the newest-first listing, it is the alert's RaisedSeq and ID;
// in IDListing, its ID alone.
type Cursor = listing.Cursor

// Page is one page of a listing of alerts.
type Page = listing.Page[Alert]

// Listing is the API's listing of alerts: newest first, by the
// alert.raised entry, then by id.
var Listing = listing.Listing{Tag: "a1.", Default: MaxLimit, Max: MaxLimit}

// IDListing is the listing of alerts in id order (the OGC collection).
var IDListing = listing.Listing{Tag: "ai1.", Default: MaxLimit, Max: MaxLimit}

// ListPage returns a page of Listing: the alerts matching f (every field
// applies; f.Limit is the page size) that by may see, starting after the
// position after (nil for the first page), with the guarantee of package
// listing. Releasability is checked here, per alert, with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	p, err := listing.Fill(ctx, Listing, f.Limit, after,
		func(ctx context.Context, cur *Cursor, n int) ([]Alert, error) {
			return s.store.AlertsBefore(ctx, f, by.Party, cur, n)
		},
		func(x *Alert) Cursor { return Cursor{Seq: x.RaisedSeq, ID: x.ID} }, s.keep(ctx, by))
	if err != nil {
		return nil, fmt.Errorf("alerts: list page: %w", err)
	}
	return p, nil
}

// Pager is the keyset listing in id order a Store may offer (the SQL
// store does).
type Pager interface {
	// AlertsByID returns up to f.Limit alerts matching f (PendingFor
	// ignored) whose id is after after ("" for the first), in id order,
	// pre-filtered for viewer's party.
	AlertsByID(ctx context.Context, f Filter, viewer, after string) ([]Alert, error)
}

// ErrNoPaging is returned by PageByID over a store that is not a Pager.
var ErrNoPaging = errors.New("alerts: the store cannot list alerts a page at a time")

// PageByID returns a page of IDListing: the alerts matching f
// (f.PendingFor is not applied; f.Limit is the page size) that by may see,
// starting after the position after (nil for the first page), with the
// guarantee of package listing. Returns ErrNoPaging over a store that is
// not a Pager.
func (s *Service) PageByID(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	pg, ok := s.store.(Pager)
	if !ok {
		return nil, ErrNoPaging
	}
	f.PendingFor = ""
	p, err := listing.Fill(ctx, IDListing, f.Limit, after,
		func(ctx context.Context, cur *Cursor, n int) ([]Alert, error) {
			g, from := f, ""
			if g.Limit = n; cur != nil {
				from = cur.ID
			}
			return pg.AlertsByID(ctx, g, by.Party, from)
		},
		func(x *Alert) Cursor { return Cursor{ID: x.ID} }, s.keep(ctx, by))
	if err != nil {
		return nil, fmt.Errorf("alerts: page by id: %w", err)
	}
	return p, nil
}

// keep is the releasability check of the alert listings: by sees an alert
// whole or not at all; the pending acknowledgements of withdrawn parties
// read AckWithdrawn (the parties are read once per page).
func (s *Service) keep(ctx context.Context, by access.Principal) func(*Alert) (Alert, bool) {
	var w map[string]bool
	read := false
	return func(x *Alert) (Alert, bool) {
		if !by.CanSee(x.Release) {
			return *x, false
		}
		if !read {
			read = true
			if got, err := s.withdrawn(ctx); err == nil {
				w = got
			} else {
				s.logger.ErrorContext(ctx, "alerts: withdrawn parties not read; acknowledgements shown as stored", "err", err)
			}
		}
		markWithdrawn(x, w)
		return *x, true
	}
}

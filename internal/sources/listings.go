package sources

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/listing"
)

// DraftFilter selects drafts; zero fields select every draft the caller
// may see.
type DraftFilter struct {
	// Status is one of Statuses; empty means pending (the review queue).
	Status string
	// SourceID keeps the drafts of one source.
	SourceID string
	// Limit is the page size (see DraftListing).
	Limit int
}

// Cursor is a position in the listing of drafts (see package listing):
// the draft a page ended with, its N and ID.
type Cursor = listing.Cursor

// DraftPage is one page of the listing of drafts.
type DraftPage = listing.Page[Draft]

// DraftListing is the API's listing of drafts: newest source first, then
// by draft id, both descending.
var DraftListing = listing.Listing{Tag: "d1.", Default: 100, Max: 1000}

// Check returns *fault.InvalidError for an unknown status, and sets the
// default one.
func (f *DraftFilter) Check() error {
	if f.Status == "" {
		f.Status = StatusPending
	}
	if !slices.Contains(Statuses, f.Status) {
		return fault.Invalid("status", "%q is not a draft status; use one of %v", f.Status, Statuses)
	}
	return nil
}

// ListDrafts returns a page of DraftListing: the drafts matching f that by
// may see, after the position after (nil for the first page), with the
// guarantee of package listing. Releasability is checked here, per draft,
// with package access.
func (s *Service) ListDrafts(ctx context.Context, by access.Principal, f DraftFilter, after *Cursor) (*DraftPage, error) {
	if !by.Authenticated() {
		return nil, fault.ErrUnauthenticated
	}
	if err := f.Check(); err != nil {
		return nil, err
	}
	p, err := listing.Fill(ctx, DraftListing, f.Limit, after,
		func(ctx context.Context, cur *Cursor, n int) ([]Draft, error) {
			return s.d.Store.DraftsAfter(ctx, f, by.Party, cur, n)
		},
		func(x *Draft) Cursor { return Cursor{Seq: x.N, ID: x.ID} },
		func(x *Draft) (Draft, bool) { return *x, by.CanSee(x.Release) })
	if err != nil {
		return nil, fmt.Errorf("sources: list drafts: %w", err)
	}
	return p, nil
}

package notify

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/listing"
)

// MaxLimit is the largest page ListPage serves, and its default.
const MaxLimit = 1000

// Cursor is a position in the newest-first listing of notices (see
// package listing): the notice a page ended with (FirstSeq as Seq, then ID,
// both descending).
type Cursor = listing.Cursor

// cursorTag starts every notice cursor.
const cursorTag = "n1."

// ParseCursor decodes a cursor of the listing of notices of type t (a
// cursor of the sites is none of the movements); it returns an
// *fault.InvalidError for anything else.
func ParseCursor(t Type, s string) (*Cursor, error) {
	c, err := listing.Parse(cursorTag, s)
	if err != nil {
		return nil, err
	}
	if tt, ok := typeOf(c.ID); !ok || tt != t {
		return nil, fault.Invalid("cursor", "is not a cursor of this listing")
	}
	return c, nil
}

// cursorOf returns the position of x in the listing.
func cursorOf(x *Notice) Cursor { return Cursor{Seq: x.FirstSeq, ID: x.ID} }

// Page is one page of a listing.
type Page = listing.Page[Notice]

// ListPage returns a page of the notices matching f (every field applies)
// that by may see, newest first (by the entry that first notified each,
// then by id), starting after the position after (nil for the first
// page). A page holds f.Limit notices (1 to MaxLimit; 0 or more for
// MaxLimit) unless it is the last; Next is set exactly when at least one
// more notice by may see follows, and names only the last notice of the
// page, so a cursor reveals nothing by was not shown. Releasability is
// checked here, per notice, with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	p, err := listing.Fill(ctx, f.Limit, MaxLimit, after, cursorTag,
		func(ctx context.Context, cur *Cursor, n int) ([]Notice, error) {
			return s.store.NoticesBefore(ctx, f, by.Party, cur, n)
		},
		cursorOf, func(x *Notice) (Notice, bool) { return *x, by.CanSee(x.Release) })
	if err != nil {
		return nil, fmt.Errorf("notify: list page: %w", err)
	}
	now := s.now()
	for i := range p.Items {
		p.Items[i].markOverdue(now)
	}
	return p, nil
}

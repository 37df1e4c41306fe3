package hotline

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/listing"
)

// MaxLimit is the largest page ListPage serves, and its default.
const MaxLimit = 1000

// Cursor is a position in the newest-first listing of messages (see
// package listing): the message a page ended with (SentSeq as Seq, then ID,
// both descending).
type Cursor = listing.Cursor

// cursorTag starts every message cursor.
const cursorTag = "m1."

// ParseCursor decodes a cursor of this listing; it returns an
// *fault.InvalidError for anything else.
func ParseCursor(s string) (*Cursor, error) { return listing.Parse(cursorTag, s) }

// cursorOf returns the position of x in the listing.
func cursorOf(x *Message) Cursor { return Cursor{Seq: x.SentSeq, ID: x.ID} }

// Page is one page of a listing.
type Page = listing.Page[Message]

// ListPage returns a page of the messages matching f (every field
// applies) that by may see, newest first (by the message.sent entry, then
// by id), starting after the position after (nil for the first page). A
// page holds f.Limit messages (1 to MaxLimit; 0 or more for MaxLimit)
// unless it is the last; Next is set exactly when at least one more
// message by may see follows, and names only the last message of the
// page, so a cursor reveals nothing by was not shown. Releasability is
// checked here, per message, with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	p, err := listing.Fill(ctx, f.Limit, MaxLimit, after, cursorTag,
		func(ctx context.Context, cur *Cursor, n int) ([]Message, error) {
			return s.store.MessagesBefore(ctx, f, by.Party, cur, n)
		},
		cursorOf, func(x *Message) (Message, bool) { return *x, by.CanSee(x.Release) })
	if err != nil {
		return nil, fmt.Errorf("hotline: list page: %w", err)
	}
	now := s.now()
	for i := range p.Items {
		p.Items[i].markOverdue(now)
	}
	return p, nil
}

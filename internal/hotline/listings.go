package hotline

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/listing"
)

// MaxLimit is the largest page of the listing of messages, and its
// default.
const MaxLimit = 1000

// Cursor is a position in the listing of messages (see package listing):
// the message a page ended with, its SentSeq and ID.
type Cursor = listing.Cursor

// Page is one page of the listing of messages.
type Page = listing.Page[Message]

// Listing is the API's listing of messages: newest first, by the
// message.sent entry, then by id.
var Listing = listing.Listing{Tag: "m1.", Default: MaxLimit, Max: MaxLimit}

// ListPage returns a page of Listing: the messages matching f (every
// field applies; f.Limit is the page size) that by may see, starting after
// the position after (nil for the first page), with the guarantee of
// package listing. Releasability is checked here, per message, with
// package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	p, err := listing.Fill(ctx, Listing, f.Limit, after,
		func(ctx context.Context, cur *Cursor, n int) ([]Message, error) {
			return s.store.MessagesBefore(ctx, f, by.Party, cur, n)
		},
		func(x *Message) Cursor { return Cursor{Seq: x.SentSeq, ID: x.ID} },
		func(x *Message) (Message, bool) { return *x, by.CanSee(x.Release) })
	if err != nil {
		return nil, fmt.Errorf("hotline: list page: %w", err)
	}
	gone, err := s.withdrawn(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	for i := range p.Items {
		p.Items[i].markOverdue(now, gone)
	}
	return p, nil
}

package alerts

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/listing"
)

// MaxLimit is the largest page ListPage serves, and its default.
const MaxLimit = 1000

// Cursor is a position in the newest-first listing of alerts (see
// package listing): the alert a page ended with (RaisedSeq as Seq, then ID,
// both descending).
type Cursor = listing.Cursor

// cursorTag starts every alert cursor.
const cursorTag = "a1."

// ParseCursor decodes a cursor of this listing; it returns an
// *fault.InvalidError for anything else.
func ParseCursor(s string) (*Cursor, error) { return listing.Parse(cursorTag, s) }

// cursorOf returns the position of x in the listing.
func cursorOf(x *Alert) Cursor { return Cursor{Seq: x.RaisedSeq, ID: x.ID} }

// Page is one page of a listing.
type Page = listing.Page[Alert]

// ListPage returns a page of the alerts matching f (every field applies)
// that by may see, newest first (by the alert.raised entry, then by id),
// starting after the position after (nil for the first page). A page
// holds f.Limit alerts (1 to MaxLimit; 0 or more for MaxLimit) unless it
// is the last; Next is set exactly when at least one more alert by may see
// follows, and names only the last alert of the page, so a cursor reveals
// nothing by was not shown. Releasability is checked here, per alert,
// with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	p, err := listing.Fill(ctx, f.Limit, MaxLimit, after, cursorTag,
		func(ctx context.Context, cur *Cursor, n int) ([]Alert, error) {
			return s.store.AlertsBefore(ctx, f, by.Party, cur, n)
		},
		cursorOf, func(x *Alert) (Alert, bool) { return *x, by.CanSee(x.Release) })
	if err != nil {
		return nil, fmt.Errorf("alerts: list page: %w", err)
	}
	return p, nil
}

// CountBucket is a number of alerts sharing a releasability, status and
// severity, and whether the party counting has yet to acknowledge them.
type CountBucket struct {
	Release  access.Releasability
	Status   string
	Severity Severity
	// Pending is true for open alerts the counting party has yet to
	// acknowledge.
	Pending bool
	N       int
}

// Count counts every alert by may see, by status and severity, and those
// pending by's party's acknowledgement; hidden alerts are not counted. The
// store groups the alerts by releasability; whether by may see each group
// is decided here with package access.
func (s *Service) Count(ctx context.Context, by access.Principal) (*Counts, error) {
	bs, err := s.store.AlertCounts(ctx, by.Party)
	if err != nil {
		return nil, fmt.Errorf("alerts: count: %w", err)
	}
	c := &Counts{ByStatus: map[string]int{}, BySeverity: map[Severity]int{}}
	for _, b := range bs {
		if !by.CanSee(b.Release) {
			continue
		}
		c.Total += b.N
		c.ByStatus[b.Status] += b.N
		c.BySeverity[b.Severity] += b.N
		if b.Pending && b.Status == StatusOpen && by.Party != "" {
			c.Pending += b.N
		}
	}
	return c, nil
}

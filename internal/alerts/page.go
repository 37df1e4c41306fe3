package alerts

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"truce/internal/access"
)

// MaxLimit is the largest page ListPage serves, and its default.
const MaxLimit = 1000

// Cursor is a position in the newest-first listing of alerts: the alert a
// page ended with (RaisedSeq, then ID, both descending).
type Cursor struct {
	RaisedSeq int64
	ID        string
}

// cursorTag starts every alert cursor, so that a cursor of another
// listing or version is refused rather than misread.
const cursorTag = "a1."

// String encodes c for a URL. It holds only what the caller was shown.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorTag + strconv.FormatInt(c.RaisedSeq, 10) + "." + c.ID))
}

// ParseCursor decodes a cursor made by Cursor.String; it returns an
// *access.InvalidError for anything else.
func ParseCursor(s string) (*Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(b), cursorTag); ok {
			seq, id, ok := strings.Cut(rest, ".")
			n, err := strconv.ParseInt(seq, 10, 64)
			if ok && err == nil && n >= 0 && id != "" {
				return &Cursor{RaisedSeq: n, ID: id}, nil
			}
		}
	}
	return nil, access.Invalid("cursor", "is not a cursor this API returned")
}

func cursorOf(a *Alert) Cursor { return Cursor{RaisedSeq: a.RaisedSeq, ID: a.ID} }

// Page is one page of a listing.
type Page struct {
	Items []Alert `json:"items"`
	// Next is the cursor of the next page; empty on the last.
	Next string `json:"next"`
}

// ListPage returns a page of the alerts matching f (every field applies)
// that by may see, newest first (by the alert.raised entry, then by id),
// starting after the position after (nil for the first page). A page
// holds f.Limit alerts (1 to MaxLimit; 0 or more for MaxLimit) unless it
// is the last; Next is set exactly when at least one more alert by may see
// follows, and names only the last alert of the page, so a cursor reveals
// nothing by was not shown. Releasability is checked here, per alert,
// with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = MaxLimit
	}
	want := f.Limit
	chunk := want + 1 // one more, to know whether a next page exists
	var out []Alert
	for cur := after; ; {
		as, err := s.store.AlertsBefore(ctx, f, by.Party, cur, chunk)
		if err != nil {
			return nil, fmt.Errorf("alerts: list page: %w", err)
		}
		out = append(out, access.Visible(by, as, func(a *Alert) access.Releasability { return a.Release })...)
		if len(out) > want || len(as) < chunk {
			break
		}
		c := cursorOf(&as[len(as)-1])
		cur = &c
	}
	p := &Page{Items: out}
	if len(out) > want {
		p.Items = out[:want:want]
		p.Next = cursorOf(&out[want-1]).String()
	}
	if p.Items == nil {
		p.Items = []Alert{}
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

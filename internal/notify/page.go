package notify

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

// Cursor is a position in the newest-first listing of notices: the notice
// a page ended with (FirstSeq, then ID, both descending).
type Cursor struct {
	FirstSeq int64
	ID       string
}

// cursorTag starts every notice cursor, so that a cursor of another
// listing or version is refused rather than misread.
const cursorTag = "n1."

// String encodes c for a URL. It holds only what the caller was shown.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorTag + strconv.FormatInt(c.FirstSeq, 10) + "." + c.ID))
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
				return &Cursor{FirstSeq: n, ID: id}, nil
			}
		}
	}
	return nil, access.Invalid("cursor", "is not a cursor this API returned")
}

// Lists reports whether c is a position in the listing of notices of
// type t (a cursor of the sites is none of the movements).
func (c *Cursor) Lists(t Type) bool {
	tt, ok := typeOf(c.ID)
	return ok && tt == t
}

// cursorOf returns the position of n in the listing.
func cursorOf(n *Notice) Cursor { return Cursor{FirstSeq: n.FirstSeq, ID: n.ID} }

// Page is one page of a listing.
type Page struct {
	Items []Notice `json:"items"`
	// Next is the cursor of the next page; empty on the last.
	Next string `json:"next"`
}

// ListPage returns a page of the notices matching f (every field applies)
// that by may see, newest first (by the entry that first notified each,
// then by id), starting after the position after (nil for the first
// page). A page holds f.Limit notices (1 to MaxLimit; 0 or more for
// MaxLimit) unless it is the last; Next is set exactly when at least one
// more notice by may see follows, and names only the last notice of the
// page, so a cursor reveals nothing by was not shown. Releasability is
// checked here, per notice, with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = MaxLimit
	}
	want := f.Limit
	chunk := want + 1 // one more, to know whether a next page exists
	var out []Notice
	for cur := after; ; {
		ns, err := s.store.NoticesBefore(ctx, f, by.Party, cur, chunk)
		if err != nil {
			return nil, fmt.Errorf("notify: list page: %w", err)
		}
		out = append(out, access.Visible(by, ns, func(n *Notice) access.Releasability { return n.Release })...)
		if len(out) > want || len(ns) < chunk {
			break
		}
		c := cursorOf(&ns[len(ns)-1])
		cur = &c
	}
	p := &Page{Items: out}
	if len(out) > want {
		p.Items = out[:want:want]
		p.Next = cursorOf(&out[want-1]).String()
	}
	if p.Items == nil {
		p.Items = []Notice{}
	}
	now := s.now()
	for i := range p.Items {
		p.Items[i].markOverdue(now)
	}
	return p, nil
}

package hotline

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

// Cursor is a position in the newest-first listing of messages: the
// message a page ended with (SentSeq, then ID, both descending).
type Cursor struct {
	SentSeq int64
	ID      string
}

// cursorTag starts every message cursor, so that a cursor of another
// listing or version is refused rather than misread.
const cursorTag = "m1."

// String encodes c for a URL. It holds only what the caller was shown.
func (c Cursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorTag + strconv.FormatInt(c.SentSeq, 10) + "." + c.ID))
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
				return &Cursor{SentSeq: n, ID: id}, nil
			}
		}
	}
	return nil, access.Invalid("cursor", "is not a cursor this API returned")
}

func cursorOf(m *Message) Cursor { return Cursor{SentSeq: m.SentSeq, ID: m.ID} }

// Page is one page of a listing.
type Page struct {
	Items []Message `json:"items"`
	// Next is the cursor of the next page; empty on the last.
	Next string `json:"next"`
}

// ListPage returns a page of the messages matching f (every field
// applies) that by may see, newest first (by the message.sent entry, then
// by id), starting after the position after (nil for the first page). A
// page holds f.Limit messages (1 to MaxLimit; 0 or more for MaxLimit)
// unless it is the last; Next is set exactly when at least one more
// message by may see follows, and names only the last message of the
// page, so a cursor reveals nothing by was not shown. Releasability is
// checked here, per message, with package access.
func (s *Service) ListPage(ctx context.Context, by access.Principal, f Filter, after *Cursor) (*Page, error) {
	if f.Limit <= 0 || f.Limit > MaxLimit {
		f.Limit = MaxLimit
	}
	want := f.Limit
	chunk := want + 1 // one more, to know whether a next page exists
	var out []Message
	for cur := after; ; {
		ms, err := s.store.MessagesBefore(ctx, f, by.Party, cur, chunk)
		if err != nil {
			return nil, fmt.Errorf("hotline: list page: %w", err)
		}
		out = append(out, access.Visible(by, ms, func(m *Message) access.Releasability { return m.Release })...)
		if len(out) > want || len(ms) < chunk {
			break
		}
		c := cursorOf(&ms[len(ms)-1])
		cur = &c
	}
	p := &Page{Items: out}
	if len(out) > want {
		p.Items = out[:want:want]
		p.Next = cursorOf(&out[want-1]).String()
	}
	if p.Items == nil {
		p.Items = []Message{}
	}
	now := s.now()
	for i := range p.Items {
		p.Items[i].markOverdue(now)
	}
	return p, nil
}

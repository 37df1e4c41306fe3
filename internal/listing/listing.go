// Package listing is the one paging model of truce: every listing, of the
// HTTP API and of the OGC API alike, is served in pages by Fill, with
// cursors made and read by a Listing.
//
// The guarantee, for every listing:
//   - A cursor is opaque and tagged with its listing, so a cursor of
//     another listing (or of an older format) is refused, never misread.
//   - A cursor names only the last record of the page the caller was
//     shown, so it reveals nothing the caller may not see.
//   - Releasability is decided per record (with package access) before the
//     page is cut, and the page is filled to its limit: a page is short
//     only when it is the last, and Next is set exactly when at least one
//     more record the caller may see follows.
//   - One limit rule: no limit means the listing's Default; a limit
//     outside 1..Max is refused (Limit), or clamped by Fill for callers
//     inside the process.
package listing

import (
	"encoding/base64"
	"strconv"
	"strings"

	"truce/internal/fault"
)

// Cursor is a position in a listing: the record a page ended with. Seq
// orders listings kept newest first (the log entry that created each
// record, or another integer key); listings in id order leave it 0. ID
// breaks ties: the record's id, or another key that is unique in the
// listing.
type Cursor struct {
	Seq int64
	ID  string
}

// Encode returns c as an opaque URL-safe string for the listing tag.
func (c Cursor) Encode(tag string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tag + strconv.FormatInt(c.Seq, 10) + "." + c.ID))
}

// Parse decodes a cursor Encode made for the listing tag. Anything else —
// another listing's cursor, a malformed or a hand-made one — is an
// *fault.InvalidError on the field "cursor".
func Parse(tag, s string) (*Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(b), tag); ok {
			seq, id, ok := strings.Cut(rest, ".")
			n, err := strconv.ParseInt(seq, 10, 64)
			if ok && err == nil && n >= 0 && id != "" {
				return &Cursor{Seq: n, ID: id}, nil
			}
		}
	}
	return nil, fault.Invalid("cursor", "is not a cursor of this listing; start again without a cursor")
}

// Listing is one listing's paging rule: the tag its cursors carry and its
// page sizes. Tags MUST be unique among listings, and no tag may be a
// prefix of another, so that no listing accepts another's cursor.
type Listing struct {
	// Tag starts every cursor of the listing (e.g. "a1." for alerts).
	Tag string
	// Default is the page size when the caller gives none; Max the
	// largest page served. 0 < Default <= Max.
	Default, Max int
	// MinFetch is the fewest stored records Fill asks the store for at a
	// time; 0 means 256, so that a small page over many records the
	// caller may not see takes few queries. A listing whose store already
	// leaves out most records the caller may not see sets 1: a page then
	// reads one record more than it shows.
	MinFetch int
}

// Parse decodes a cursor of l; see the package function Parse.
func (l Listing) Parse(s string) (*Cursor, error) { return Parse(l.Tag, s) }

// Encode returns c as a cursor of l.
func (l Listing) Encode(c Cursor) string { return c.Encode(l.Tag) }

// Limit reads a requested page size: "" is 0 (Fill then serves Default);
// anything but an integer from 1 to Max is an *fault.InvalidError on the
// field "limit".
func (l Listing) Limit(v string) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > l.Max {
		return 0, fault.Invalid("limit", "must be an integer from 1 to %d", l.Max)
	}
	return n, nil
}

// size returns the page size Fill serves for a requested limit: Default
// for 0 or less, Max above Max.
func (l Listing) size(limit int) int {
	if limit <= 0 {
		return l.Default
	}
	return min(limit, l.Max)
}

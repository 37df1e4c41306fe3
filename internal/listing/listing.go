// Package listing pages the API's listings: opaque keyset cursors and a
// page filler that reads stored records in listing order until it holds a
// page of what the caller may see.
//
// A cursor names only the last record of the page the caller was shown,
// so it reveals nothing the caller may not see; it is tagged with its
// listing, so a cursor of another listing (or of an older format) is
// refused rather than misread.
package listing

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"truce/internal/fault"
)

// Cursor is a position in a listing: the record a page ended with. Seq
// orders listings kept newest first (the log entry that created each
// record); listings in id order leave it 0.
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
	return nil, fault.Invalid("cursor", "is not a cursor this API returned")
}

// minChunk is the fewest stored records Fill asks for at a time.
const minChunk = 256

// Page is one page of a listing, as the API serves it.
type Page[T any] struct {
	Items []T `json:"items"`
	// Next is the cursor of the next page; empty on the last.
	Next string `json:"next"`
}

// Fill gathers a page of up to limit records (limit outside 1..maxLimit
// means maxLimit). fetch returns up to n stored records after a position (nil: from
// the start) in listing order, at gives a stored record's position, and
// keep returns what the caller may see of a record and whether it may see
// it at all (releasability is decided there, with package access). Fill
// reads until it holds one visible record more than limit or the store is
// exhausted, so Next is set exactly when at least one more record the
// caller may see follows; Next names the page's last record only. Items
// is never nil.
func Fill[S, T any](ctx context.Context, limit, maxLimit int, after *Cursor, tag string,
	fetch func(ctx context.Context, after *Cursor, n int) ([]S, error), at func(*S) Cursor, keep func(*S) (T, bool)) (*Page[T], error) {
	if limit <= 0 || limit > maxLimit {
		limit = maxLimit
	}
	// One more than the page, to know whether a next page exists; and at
	// least minChunk, so that a small page over many hidden records does
	// not take one query per record or two.
	chunk := max(limit+1, minChunk)
	type kept struct {
		v  T
		at Cursor
	}
	var out []kept
	for cur := after; ; {
		ss, err := fetch(ctx, cur, chunk)
		if err != nil {
			return nil, err
		}
		for i := range ss {
			if v, ok := keep(&ss[i]); ok {
				out = append(out, kept{v, at(&ss[i])})
			}
		}
		if len(out) > limit || len(ss) < chunk {
			break
		}
		c := at(&ss[len(ss)-1])
		cur = &c
	}
	n := min(len(out), limit)
	p := &Page[T]{Items: make([]T, n)}
	for i := range n {
		p.Items[i] = out[i].v
	}
	if len(out) > limit {
		p.Next = out[limit-1].at.Encode(tag)
	}
	return p, nil
}

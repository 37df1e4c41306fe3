package listing

import (
	"context"
	"slices"
	"strings"
)

// defaultMinFetch is the fewest stored records Fill asks for at a time
// when the listing does not say (Listing.MinFetch).
const defaultMinFetch = 256

// Page is one page of a listing, as the API serves it.
type Page[T any] struct {
	// Items are the page's records, in listing order; never nil.
	Items []T `json:"items"`
	// Next is the cursor of the next page; empty on the last.
	Next string `json:"next"`
}

// NextCursor is the cursor of the next page, empty on the last; the API
// puts it in a Link header as well as in the body.
func (p Page[T]) NextCursor() string { return p.Next }

// Fill gathers a page of l of up to limit records (see Listing for the
// limit rule) after the position after (nil: from the start). fetch
// returns up to n stored records after a position (nil: from the start)
// in listing order, at gives a stored record's position, and keep returns
// what the caller may see of a record and whether it may see it at all
// (releasability is decided there, with package access, and any filter
// the store does not apply). Fill reads until it holds one kept record
// more than the page or the store is exhausted, so every page but the
// last is full, Next is set exactly when at least one more record the
// caller may see follows, and Next names the page's last record only.
// Items is never nil. fetch's error is returned as it is.
func Fill[S, T any](ctx context.Context, l Listing, limit int, after *Cursor,
	fetch func(ctx context.Context, after *Cursor, n int) ([]S, error), at func(*S) Cursor, keep func(*S) (T, bool)) (*Page[T], error) {
	limit = l.size(limit)
	// One more than the page, to know whether a next page exists; and at
	// least MinFetch, so that a small page over many hidden records does
	// not take one query per record or two.
	floor := l.MinFetch
	if floor <= 0 {
		floor = defaultMinFetch
	}
	chunk := max(limit+1, floor)
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
		p.Next = out[limit-1].at.Encode(l.Tag)
	}
	return p, nil
}

// ByID returns a fetch for Fill over a listing in id order whose records
// load reads whole, sorted by id (a small table, such as the zones or a
// party's webhooks): each call loads them and returns up to n with an id
// after the position's (Cursor.ID; Seq is not used).
func ByID[S any](load func(ctx context.Context) ([]S, error), id func(*S) string) func(ctx context.Context, after *Cursor, n int) ([]S, error) {
	return func(ctx context.Context, after *Cursor, n int) ([]S, error) {
		all, err := load(ctx)
		if err != nil {
			return nil, err
		}
		i := 0
		if after != nil {
			i, _ = slices.BinarySearchFunc(all, after.ID, func(s S, target string) int { return strings.Compare(id(&s), target) })
			if i < len(all) && id(&all[i]) == after.ID {
				i++
			}
		}
		return all[i:min(len(all), i+n)], nil
	}
}

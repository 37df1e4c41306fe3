package api

import (
	"net/http"
	"net/url"

	"truce/internal/listing"
)

// pageParams parses the paging parameters of listing l: ?limit= (0 when
// absent: the service then serves l's default) and ?cursor= (nil when
// absent). A bad limit or a cursor l refuses, another listing's included,
// is a 400 problem that says what to do.
func pageParams(r *http.Request, l listing.Listing) (limit int, after *listing.Cursor, err error) {
	q := r.URL.Query()
	if limit, err = pageLimit(q, l); err != nil {
		return 0, nil, err
	}
	if c := q.Get("cursor"); c != "" {
		if after, err = l.Parse(c); err != nil {
			return 0, nil, badCursor()
		}
	}
	return limit, after, nil
}

// pageLimit parses ?limit= of listing l: 0 when absent, and a 400 problem
// unless an integer from 1 to l.Max.
func pageLimit(q url.Values, l listing.Listing) (int, error) {
	n, err := l.Limit(q.Get("limit"))
	if err != nil {
		return 0, badRequestf("limit must be an integer from 1 to %d", l.Max)
	}
	return n, nil
}

// badCursor is the 400 problem of a cursor the listing did not return.
func badCursor() error {
	return badRequestf("cursor is not one this listing returned; start again without a cursor")
}

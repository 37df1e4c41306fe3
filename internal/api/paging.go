package api

import (
	"net/http"
	"strconv"

	"truce/internal/listing"
)

// pageParams parses the paging parameters of a listing: ?limit= (1–max;
// 0 when absent, and the service then serves max) and ?cursor= (nil when
// absent) with parse, the listing's own cursor parser. A bad limit or a
// cursor parse refuses is a 400 problem that says what to do.
func pageParams(r *http.Request, max int, parse func(string) (*listing.Cursor, error)) (limit int, after *listing.Cursor, err error) {
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > max {
			return 0, nil, badRequestf("limit must be an integer from 1 to %d", max)
		}
		limit = n
	}
	if c := q.Get("cursor"); c != "" {
		if after, err = parse(c); err != nil {
			return 0, nil, badRequestf("cursor is not one this listing returned; start again without a cursor")
		}
	}
	return limit, after, nil
}

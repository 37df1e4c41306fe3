package api

import (
	"net/http"
	"net/url"
	"strings"
)

// Conditional reads and paging links, done once for every route by the
// response writer the middleware wraps each request in (statusRecorder):
//
//   - a GET or HEAD whose If-None-Match names the ETag the answer carries is
//     answered 304 Not Modified with the same ETag and no body (RFC 9110
//     §13.1.2: weak comparison, "*" matches any);
//   - a listing page with a next cursor carries Link: <…>; rel="next" (RFC
//     8288), the request's own URL with that cursor, as well as "next" in
//     its body.

// etagMatches reports whether the If-None-Match field value ifNoneMatch names
// etag, comparing weakly (a W/ prefix on either side is ignored).
func etagMatches(ifNoneMatch, etag string) bool {
	if ifNoneMatch == "" || etag == "" {
		return false
	}
	etag = strings.TrimPrefix(etag, "W/")
	for _, tag := range strings.Split(ifNoneMatch, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
			return true
		}
	}
	return false
}

// notModified reports whether the answer about to be written with status
// to r may be replaced by a 304: a successful GET or HEAD carrying an ETag
// the client already holds.
func notModified(r *http.Request, status int, h http.Header) bool {
	if r == nil || status != http.StatusOK || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	return etagMatches(r.Header.Get("If-None-Match"), h.Get("ETag"))
}

// cacheByCaller marks a successful read that carries an ETag as what it is:
// an answer for this caller (Vary: Authorization, Cookie; private), to be
// revalidated on every use (no-cache). A browser shared by two users thus
// never revalidates one user's copy for the other, whose view of the same
// record version may differ, and no shared cache keeps it. A handler's own
// Cache-Control (no-store on secrets) is kept.
func cacheByCaller(r *http.Request, status int, h http.Header) {
	if r == nil || status != http.StatusOK || h.Get("ETag") == "" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return
	}
	h.Add("Vary", "Authorization, Cookie")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "private, no-cache")
	}
}

// nextPager is a listing page (listing.Page) that knows its next cursor.
type nextPager interface{ NextCursor() string }

// setNextLink sets the Link header of a listing page v answered to r: the
// request's path and query with cursor= replaced by the page's next cursor.
// It does nothing on the last page, or for anything but a page.
func setNextLink(w http.ResponseWriter, r *http.Request, v any) {
	p, ok := v.(nextPager)
	if !ok || r == nil || p.NextCursor() == "" {
		return
	}
	q := r.URL.Query()
	q.Set("cursor", p.NextCursor())
	next := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	w.Header().Add("Link", "<"+next.String()+`>; rel="next"`)
}

// requestOf returns the request a response writer answers, when the writer
// is the middleware's.
func requestOf(w http.ResponseWriter) *http.Request {
	if rec, ok := w.(*statusRecorder); ok {
		return rec.req
	}
	return nil
}

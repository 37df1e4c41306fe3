package api

import (
	"net/http"
	"strconv"
	"strings"

	"truce/internal/fault"
)

// Optimistic concurrency for every record the API serves. A record's ETag
// is its log sequence number as a strong ETag ("42"); a state change must
// send it back in If-Match: without one the answer is 428
// (fault.ErrPreconditionRequired), with a stale one the domain refuses with
// fault.ErrPrecondition (412). Evidence files, which never change, carry a
// content ETag instead ("sha256:<hex>"). These helpers are the only place
// that formats or parses either.

// etag formats a record's sequence number as a strong ETag.
func etag(seq int64) string { return `"` + strconv.FormatInt(seq, 10) + `"` }

// setETag sets the ETag header of a response carrying the record at seq.
func setETag(w http.ResponseWriter, seq int64) {
	w.Header().Set("ETag", etag(seq))
}

// setDigestETag sets the content ETag of an immutable file whose SHA-256
// is sha256Hex.
func setDigestETag(w http.ResponseWriter, sha256Hex string) {
	w.Header().Set("ETag", `"sha256:`+sha256Hex+`"`)
}

// ifMatch returns the sequence number in the request's If-Match header:
// an error wrapping fault.ErrPreconditionRequired if there is none, a bad
// request if it is not an ETag this API issued (a weak "W/" prefix is
// accepted and ignored).
func ifMatch(r *http.Request) (int64, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" {
		return 0, fault.ErrPreconditionRequired
	}
	n, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(h, "W/"), `"`), 10, 64)
	if err != nil || n < 0 {
		return 0, badRequestf("If-Match %q is not an ETag this API issued", h)
	}
	return n, nil
}

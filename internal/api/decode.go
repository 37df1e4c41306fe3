package api

import (
	"io"
	"mime"
	"net/http"

	"truce/internal/strictjson"
)

// decodeJSON reads a JSON request body into v strictly: the media type must
// be JSON, the body at most limit bytes and exactly one value, decoded by
// strictjson (no duplicate or unknown member names, names spelled exactly,
// valid UTF-8, no lone surrogates). It returns a *badRequest naming the
// field as a JSON pointer, or a *tooLarge; v MUST NOT be used on error.
// Every body is parsed this way, even when all its fields are optional: an
// empty body is refused, send {} for "no fields".
func decodeJSON(r *http.Request, limit int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && mt != "application/merge-patch+json") {
			return badRequestf("Content-Type %q is not application/json", ct)
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return badRequestf("could not read the request body")
	}
	if int64(len(body)) > limit {
		return &tooLarge{limit}
	}
	if len(body) == 0 {
		return badRequestf("empty body: send a JSON object")
	}
	return jsonBadRequest(strictjson.Unmarshal(body, v))
}

// jsonBadRequest maps a strictjson error to a 400 problem that names the
// field; nil stays nil.
func jsonBadRequest(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := strictjson.AsError(err); ok {
		return &badRequest{msg: e.Error(), field: e.Where(), reason: e.Reason}
	}
	return badRequestf("malformed JSON")
}

package api

import (
	"bytes"
	"io"
	"mime"
	"net/http"

	"truce/internal/fault"
	"truce/internal/strictjson"
)

// decodeJSON reads a JSON request body into v strictly: the media type must
// be JSON, the body at most limit bytes and exactly one value, decoded by
// strictjson (no duplicate or unknown member names, names spelled exactly,
// valid UTF-8, no lone surrogates). It returns a *fault.BadRequestError naming the
// field as a JSON pointer, or a *tooLarge; v MUST NOT be used on error.
// Every body is parsed this way, even when all its fields are optional: an
// empty body is refused, send {} for "no fields".
func decodeJSON(r *http.Request, limit int64, v any) error {
	body, err := readJSONBody(r, limit)
	if err != nil {
		return err
	}
	if len(body) == 0 {
		return badRequestf("empty body: send a JSON object")
	}
	return jsonBadRequest(strictjson.Unmarshal(body, v))
}

// decodeOptionalJSON is decodeJSON for a route whose body may be left out:
// an empty body leaves v as it is; any other body is decoded as strictly
// as by decodeJSON, so that {"a": is refused even where every field is
// optional.
func decodeOptionalJSON(r *http.Request, limit int64, v any) error {
	body, err := readJSONBody(r, limit)
	if err != nil || len(body) == 0 {
		return err
	}
	return jsonBadRequest(strictjson.Unmarshal(body, v))
}

// noBody checks the body of a route that takes none: empty or {} is
// accepted, anything else is a *fault.BadRequestError (a truncated or unknown member
// is never ignored).
func noBody(r *http.Request, limit int64) error {
	return decodeOptionalJSON(r, limit, &struct{}{})
}

// readJSONBody checks the media type (JSON, when one is given) and returns
// the body, at most limit bytes, without leading and trailing white space.
func readJSONBody(r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, badRequestf("could not read the request body")
	}
	if int64(len(body)) > limit {
		return nil, &tooLarge{limit}
	}
	body = bytes.TrimSpace(body)
	if ct := r.Header.Get("Content-Type"); ct != "" && len(body) > 0 {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && mt != "application/merge-patch+json") {
			return nil, badRequestf("Content-Type %q is not application/json", ct)
		}
	}
	return body, nil
}

// jsonBadRequest maps a strictjson error to a 400 problem that names the
// field; nil stays nil.
func jsonBadRequest(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := strictjson.AsError(err); ok {
		return &fault.BadRequestError{Msg: e.Error(), Field: e.Where(), Reason: e.Reason}
	}
	return badRequestf("malformed JSON")
}

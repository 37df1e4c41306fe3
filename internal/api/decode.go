package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// decodeJSON reads a JSON request body into v strictly: the media type must
// be JSON, the body at most limit bytes, one value, no unknown fields. Errors
// say what was wrong and where.
func decodeJSON(r *http.Request, limit int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && mt != "application/merge-patch+json") {
			return badRequestf("Content-Type %q is not application/json", ct)
		}
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return badRequestf("reading body: %v", err)
	}
	if int64(len(body)) > limit {
		return &tooLarge{limit}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequestf("%s", describeJSONError(body, err))
	}
	if dec.More() {
		return badRequestf("body has data after the JSON value")
	}
	return nil
}

func describeJSONError(body []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return fmt.Sprintf("field %q must be %s, not JSON %s", field, typ.Type.String(), typ.Value)
	case errors.Is(err, io.EOF):
		return "empty body: send a JSON object"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON body"
	default:
		return err.Error() // e.g. json: unknown field "x"
	}
}

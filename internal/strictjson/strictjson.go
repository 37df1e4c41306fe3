// Package strictjson is the one decoder for JSON that truce receives from
// outside: request bodies, imports, STIX bundles and NDJSON lines.
//
// It decodes RFC 8259 JSON as an I-JSON message (RFC 7493) and refuses what
// encoding/json lets through silently:
//   - an object with the same member name twice (encoding/json keeps the
//     last, so {"tlp":"RED","tlp":"CLEAR"} would be read as CLEAR);
//   - member names that differ from a Go field's name only in case
//     ("NARRATIVE" for "narrative"), and any member the Go type does not
//     have;
//   - invalid UTF-8 and escaped lone UTF-16 surrogates ("\ud800"), which
//     encoding/json replaces with U+FFFD;
//   - anything after the one JSON value, and a truncated value.
//
// Every refusal is an *Error that names the place in the document as an
// RFC 6901 JSON pointer, so that a client can find and fix the field.
package strictjson

import (
	"errors"
	"fmt"

	"github.com/go-json-experiment/json"
)

// Error is a refused JSON document. Pointer is the RFC 6901 JSON pointer of
// the offending member or element ("" for the document itself), Offset the
// byte offset where the decoder stopped, and Reason says what is wrong in
// words a client can act on (no Go type names).
type Error struct {
	Pointer string
	Offset  int64
	Reason  string
}

// Error returns "JSON at <pointer>: <reason>".
func (e *Error) Error() string {
	return fmt.Sprintf("JSON at %s: %s", e.Where(), e.Reason)
}

// Where returns the pointer, or "(document)" when the error is about the
// whole document.
func (e *Error) Where() string {
	if e.Pointer == "" {
		return "(document)"
	}
	return e.Pointer
}

// Unmarshal decodes data, which MUST hold exactly one JSON value, into v
// (a non-nil pointer). Object members are matched to Go fields by their
// exact json tag name; a member with no field is refused, except where v
// holds a map or an interface. It returns an *Error for every document it
// refuses; v may then be partly filled and MUST NOT be used.
func Unmarshal(data []byte, v any) error {
	err := json.Unmarshal(data, v, json.RejectUnknownMembers(true))
	if err == nil {
		return nil
	}
	return describe(err)
}

// Valid reports, as an *Error, why data is not one strict JSON value (one
// value, no duplicate member names, valid UTF-8 and no lone surrogates), or
// returns nil. It checks syntax only, not any Go type.
func Valid(data []byte) error {
	var v any
	return Unmarshal(data, &v)
}

// AsError returns err as an *Error if it is (or wraps) one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// UnmarshalOpen is Unmarshal for formats whose objects may carry members
// that the Go type does not model (STIX custom properties and extensions):
// such members are skipped, but every other rule holds (names matched
// exactly, no duplicates, valid UTF-8, one value).
func UnmarshalOpen(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	return describe(err)
}

package geo

import (
	"errors"
	"fmt"
	"strconv"

	"truce/internal/fault"
)

// Code classifies a ValidationError so that callers (and API clients) can
// distinguish failures without parsing the human-readable reason.
type Code string

// The validation error codes. They are stable identifiers and may be shown to
// clients.
const (
	CodeSyntax         Code = "syntax"            // not JSON, or not a JSON object where one is required
	CodeType           Code = "type"              // missing, unknown or disallowed geometry type
	CodeNesting        Code = "nesting"           // an array or number where the other was expected
	CodeNumber         Code = "number"            // a non-number, or a number that is not finite
	CodePosition       Code = "position"          // a position with fewer than 2 or more than 3 numbers
	CodeRange          Code = "range"             // longitude outside [-180,180] or latitude outside [-90,90]
	CodeEmpty          Code = "empty"             // an empty geometry, ring or line
	CodeTooFew         Code = "too_few"           // a ring or line with too few (distinct) positions
	CodeUnclosed       Code = "unclosed"          // a ring whose first and last positions differ
	CodeLimit          Code = "limit"             // more vertices or rings than Limits allow
	CodeSpan           Code = "span"              // a bounding box wider or taller than Limits allow
	CodeAntimeridian   Code = "antimeridian"      // an edge spanning more than 180° of longitude
	CodeSelfIntersect  Code = "self_intersection" // a ring that crosses or touches itself
	CodeRingCross      Code = "ring_crossing"     // two rings of a polygon that cross or share an edge
	CodeHoleOutside    Code = "hole_outside"      // a hole not inside its exterior ring
	CodeNestedHole     Code = "nested_hole"       // a hole inside another hole
	CodeDisconnected   Code = "disconnected"      // rings touching so that the interior is split
	CodePolygonOverlap Code = "polygon_overlap"   // polygons of a MultiPolygon that overlap or cross
	CodeTooComplex     Code = "too_complex"       // validation would exceed its work budget
)

// ValidationError reports why untrusted geometry was rejected and where. It
// is the only error type returned by the decoding functions of this package.
//
// Path is a JSON-pointer-like location of the offending member relative to
// the geometry object, for example "/coordinates/0/17" for the 18th position
// of the first ring. Polygon, Ring and Vertex repeat the indices of that
// location (Polygon is the index within a MultiPolygon; Ring 0 is the
// exterior ring); each is -1 when it does not apply. Vertex indices always
// refer to positions as sent, before duplicate vertices are removed. Reason
// is a complete English sentence fragment suitable for showing to the sender.
type ValidationError struct {
	Code    Code
	Path    string
	Polygon int
	Ring    int
	Vertex  int
	Reason  string
}

// Error returns "geo: <path>: <reason>", or "geo: <reason>" when Path is empty.
func (e *ValidationError) Error() string {
	if e.Path == "" {
		return "geo: " + e.Reason
	}
	return "geo: " + e.Path + ": " + e.Reason
}

// loc identifies where in the coordinates tree an error occurred; -1 means
// not applicable.
type loc struct {
	poly, ring, vertex int
}

var noLoc = loc{-1, -1, -1}

// path renders l as "/coordinates/…" for a geometry of the given depth
// (1 position, 2 line or ring, 3 polygon, 4 multipolygon).
func (l loc) path(depth int) string {
	p := "/coordinates"
	parts := []int{}
	switch depth {
	case 2:
		parts = []int{l.vertex}
	case 3:
		parts = []int{l.ring, l.vertex}
	case 4:
		parts = []int{l.poly, l.ring, l.vertex}
	}
	for _, v := range parts {
		if v < 0 {
			break
		}
		p += "/" + strconv.Itoa(v)
	}
	return p
}

// newErr builds a ValidationError at l for a geometry of the given depth.
func newErr(code Code, depth int, l loc, format string, args ...any) *ValidationError {
	return &ValidationError{
		Code:    code,
		Path:    l.path(depth),
		Polygon: l.poly,
		Ring:    l.ring,
		Vertex:  l.vertex,
		Reason:  fmt.Sprintf(format, args...),
	}
}

// FieldError converts a geometry validation failure into the
// *fault.InvalidError every domain returns for bad input: its Field is
// field followed by the JSON pointer of the offending member (e.g.
// "geometry/coordinates/0/3") and its Reason is the ValidationError's, which
// names the ring and vertex. Any other error, and nil, is returned unchanged.
func FieldError(field string, err error) error {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return &fault.InvalidError{Field: field + ve.Path, Reason: ve.Reason}
	}
	return err
}

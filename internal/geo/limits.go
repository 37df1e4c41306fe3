package geo

import "strings"

// Kind is a set of GeoJSON geometry types, used to say which types a call
// site accepts.
type Kind uint8

// The geometry types this package decodes. Combine them with |.
const (
	KindPoint Kind = 1 << iota
	KindLineString
	KindPolygon
	KindMultiPolygon

	// KindPolygonal accepts a Polygon or a MultiPolygon.
	KindPolygonal = KindPolygon | KindMultiPolygon
	// KindAny accepts every type this package decodes.
	KindAny = KindPoint | KindLineString | KindPolygon | KindMultiPolygon
)

var kindNames = []struct {
	k    Kind
	name string
}{
	{KindPoint, "Point"},
	{KindLineString, "LineString"},
	{KindPolygon, "Polygon"},
	{KindMultiPolygon, "MultiPolygon"},
}

// String lists the type names in k, e.g. "Polygon or MultiPolygon".
func (k Kind) String() string {
	var names []string
	for _, kn := range kindNames {
		if k&kn.k != 0 {
			names = append(names, kn.name)
		}
	}
	switch len(names) {
	case 0:
		return "no geometry"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// kindOf maps a GeoJSON type member to its Kind and coordinates depth; ok is
// false for names that are not geometry types this package decodes.
func kindOf(name string) (k Kind, depth int, ok bool) {
	switch name {
	case "Point":
		return KindPoint, 1, true
	case "LineString":
		return KindLineString, 2, true
	case "Polygon":
		return KindPolygon, 3, true
	case "MultiPolygon":
		return KindMultiPolygon, 4, true
	}
	return 0, 0, false
}

// Limits bounds the size of geometry accepted from untrusted senders. A zero
// field means the corresponding DefaultLimits value; a negative field means
// no limit (use only for trusted input).
type Limits struct {
	// MaxVertices caps the number of positions in one geometry, counted as
	// sent (before duplicates are removed). Default 100,000.
	MaxVertices int
	// MaxRings caps the number of rings (exterior and holes, over all
	// polygons) in one geometry. Default 1,000.
	MaxRings int
	// MaxSpanDeg caps both the longitude and latitude extent of the
	// geometry's bounding box, in degrees. Default 30.
	MaxSpanDeg float64
}

// DefaultLimits returns the limits applied when a Limits field is zero:
// 100,000 vertices, 1,000 rings and a 30° bounding-box span.
func DefaultLimits() Limits {
	return Limits{MaxVertices: 100_000, MaxRings: 1_000, MaxSpanDeg: 30}
}

// resolved returns l with zero fields replaced by defaults and negative
// fields by effectively unlimited values.
func (l Limits) resolved() Limits {
	d := DefaultLimits()
	if l.MaxVertices == 0 {
		l.MaxVertices = d.MaxVertices
	} else if l.MaxVertices < 0 {
		l.MaxVertices = int(^uint(0) >> 1)
	}
	if l.MaxRings == 0 {
		l.MaxRings = d.MaxRings
	} else if l.MaxRings < 0 {
		l.MaxRings = int(^uint(0) >> 1)
	}
	if l.MaxSpanDeg == 0 {
		l.MaxSpanDeg = d.MaxSpanDeg
	} else if l.MaxSpanDeg < 0 {
		l.MaxSpanDeg = 360
	}
	return l
}

package features

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/ogc/cql2"
)

// Prop is one named property of a feature.
type Prop struct {
	Name string
	// Value is a string, int, float64, bool, []string or nil.
	Value any
}

// Feature is one record as a geographic feature.
type Feature struct {
	// ID is stable: the same record always has the same id.
	ID string
	// Geometry is the GeoJSON geometry (RFC 7946, longitude/latitude), nil
	// for a record without a location.
	Geometry json.RawMessage
	// Props are the properties, in the collection's order.
	Props []Prop
	// Start and End bound when the record applies; nil for an open end.
	// Both nil means the record has no time.
	Start, End *time.Time
	// Owner and Release are the record's party and releasability, for the
	// read audit.
	Owner   string
	Release access.Releasability
	// Cursor is the keyset position just after this feature.
	Cursor string

	geom    orb.Geometry
	geomErr error
	decoded bool
}

// Prop returns the value of property name and whether the feature has it.
func (f *Feature) Prop(name string) (any, bool) {
	for _, p := range f.Props {
		if p.Name == name {
			return p.Value, p.Value != nil
		}
	}
	return nil, false
}

// Geom returns the decoded geometry, nil if the feature has none.
func (f *Feature) Geom() (orb.Geometry, error) {
	if !f.decoded {
		f.decoded = true
		if len(f.Geometry) > 0 && string(f.Geometry) != "null" {
			f.geom, f.geomErr = decodeGeometry(f.Geometry)
		}
	}
	return f.geom, f.geomErr
}

// Bound returns the bounding box of the geometry and false if it has none.
func (f *Feature) Bound() (orb.Bound, bool) {
	g, err := f.Geom()
	if err != nil || g == nil {
		return orb.Bound{}, false
	}
	return g.Bound(), true
}

// Property implements cql2.Env: the feature's properties, "geometry" its
// geometry and "datetime" its time interval.
func (f *Feature) Property(name string) (any, bool) {
	switch name {
	case "geometry":
		g, err := f.Geom()
		return g, err == nil && g != nil
	case "datetime":
		if f.Start == nil && f.End == nil {
			return nil, false
		}
		return cql2.Interval{Start: f.Start, End: f.End}, true
	case "id":
		return f.ID, true
	}
	return f.Prop(name)
}

// ErrStop, returned by a yield function, ends an iteration early without
// error.
var ErrStop = errors.New("features: stop")

func timePtr(s string) *time.Time {
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	t = t.UTC()
	return &t
}

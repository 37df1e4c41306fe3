package flights

import (
	"encoding/json"
	"errors"

	"truce/internal/fault"
	"truce/internal/geo"

	"github.com/paulmach/orb"
)

// ReservationGeometryLimits bound a reservation's polygon: one ring of at
// most MaxRingVertices positions. Everything else (closed ring, no
// self-intersection, no repeated or out-of-range positions, span) is
// geo.Decode's, the validation every polygon input of truce goes through.
var ReservationGeometryLimits = geo.Limits{MaxVertices: MaxRingVertices, MaxRings: 1}

// reservationRing validates a reservation's geometry, a GeoJSON Polygon
// with one ring (no holes), and returns that ring as the engine takes it.
// It returns an *fault.InvalidError whose field is the JSON pointer of the
// offending member under "geometry" (e.g. "geometry/coordinates/0/3").
func reservationRing(raw json.RawMessage) ([][2]float64, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, fault.Invalid("geometry", "is required: a GeoJSON Polygon {\"type\":\"Polygon\",\"coordinates\":[[[lon,lat],…]]}")
	}
	g, err := geo.Decode(raw, geo.KindPolygon, ReservationGeometryLimits)
	var ve *geo.ValidationError
	if errors.As(err, &ve) {
		return nil, &fault.InvalidError{Field: "geometry" + ve.Path, Reason: ve.Reason}
	}
	if err != nil {
		return nil, fault.Invalid("geometry", "must be a GeoJSON Polygon")
	}
	pg, ok := g.(orb.Polygon)
	if !ok || len(pg) != 1 {
		return nil, fault.Invalid("geometry/coordinates", "give exactly one ring (the outer ring, no holes)")
	}
	ring := make([][2]float64, len(pg[0]))
	for i, p := range pg[0] {
		ring[i] = p
	}
	return ring, nil
}

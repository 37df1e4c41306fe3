package features

import (
	"encoding/json"
	"fmt"

	"github.com/paulmach/orb"
)

// decodeGeometry decodes a stored GeoJSON geometry (already validated when
// it was written) into an orb geometry. It accepts every RFC 7946 type.
func decodeGeometry(raw json.RawMessage) (orb.Geometry, error) {
	var g struct {
		Type        string            `json:"type"`
		Coordinates json.RawMessage   `json:"coordinates"`
		Geometries  []json.RawMessage `json:"geometries"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, fmt.Errorf("features: geometry: %w", err)
	}
	var err error
	switch g.Type {
	case "Point":
		var p orb.Point
		err = json.Unmarshal(g.Coordinates, &p)
		return p, err
	case "MultiPoint":
		var mp orb.MultiPoint
		err = json.Unmarshal(g.Coordinates, &mp)
		return mp, err
	case "LineString":
		var ls orb.LineString
		err = json.Unmarshal(g.Coordinates, &ls)
		return ls, err
	case "MultiLineString":
		var ml orb.MultiLineString
		err = json.Unmarshal(g.Coordinates, &ml)
		return ml, err
	case "Polygon":
		var pg orb.Polygon
		err = json.Unmarshal(g.Coordinates, &pg)
		return pg, err
	case "MultiPolygon":
		var mp orb.MultiPolygon
		err = json.Unmarshal(g.Coordinates, &mp)
		return mp, err
	case "GeometryCollection":
		var c orb.Collection
		for _, r := range g.Geometries {
			x, err := decodeGeometry(r)
			if err != nil {
				return nil, err
			}
			c = append(c, x)
		}
		return c, nil
	}
	return nil, fmt.Errorf("features: geometry: unknown type %q", g.Type)
}

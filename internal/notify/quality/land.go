package quality

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"truce/internal/geo"
)

// Land is the land of the centre's area: the polygons of a GeoJSON
// FeatureCollection of (Multi)Polygons, such as basemap.Countries (Natural
// Earth outlines simplified to about 200 m, so a point within that of a
// coast may be flagged: a flag asks, it does not refuse).
type Land struct {
	polys  []orb.Polygon
	ix     *geo.Index[int]
	covers string
}

// NewLand decodes fc, a GeoJSON FeatureCollection whose features are
// Polygons or MultiPolygons; names says what it covers, for messages
// ("SY, LB, JO"). It returns an error if fc is not such a collection.
func NewLand(fc []byte, names []string) (*Land, error) {
	var c struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(fc, &c); err != nil {
		return nil, fmt.Errorf("quality: land: %w", err)
	}
	l := &Land{covers: strings.Join(names, ", ")}
	for i, f := range c.Features {
		// Outlines are taken as drawn (Natural Earth's simplified rings may
		// touch themselves); the point-in-polygon test needs no validity.
		var mp []orb.Polygon
		var err error
		switch f.Geometry.Type {
		case "Polygon":
			var p orb.Polygon
			err = json.Unmarshal(f.Geometry.Coordinates, &p)
			mp = []orb.Polygon{p}
		case "MultiPolygon":
			var m orb.MultiPolygon
			err = json.Unmarshal(f.Geometry.Coordinates, &m)
			mp = m
		default:
			err = fmt.Errorf("a %q, not a (Multi)Polygon", f.Geometry.Type)
		}
		if err != nil {
			return nil, fmt.Errorf("quality: land: feature %d: %w", i, err)
		}
		l.polys = append(l.polys, mp...)
	}
	items := make([]geo.Item[int], len(l.polys))
	for i, p := range l.polys {
		items[i] = geo.Item[int]{ID: i, Geometry: p}
	}
	l.ix = geo.NewIndex(items)
	return l, nil
}

// Contains reports whether p is on land (in or on a polygon).
func (l *Land) Contains(p orb.Point) bool {
	for _, i := range l.ix.Candidates(orb.Bound{Min: p, Max: p}) {
		if geo.PointInPolygon(p, l.polys[i]) {
			return true
		}
	}
	return false
}

// Covers says what the land covers, as given to NewLand.
func (l *Land) Covers() string { return l.covers }

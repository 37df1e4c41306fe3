package pdf

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/paulmach/orb"

	"truce/internal/basemap"
)

// outline is one basemap area with its bound, for quick rejection outside the map's view.
type outline struct {
	geom  orb.MultiPolygon
	bound orb.Bound
}

// outlines are the embedded Natural Earth country and first-level division outlines, decoded once.
var outlines = sync.OnceValues(func() ([2][]outline, error) {
	var out [2][]outline
	for i, src := range [2]func() []byte{basemap.Countries, basemap.Admin1} {
		o, err := decodeOutlines(src())
		if err != nil {
			return out, fmt.Errorf("pdf: basemap outlines: %w", err)
		}
		out[i] = o
	}
	return out, nil
})

// decodeOutlines reads the Polygon and MultiPolygon features of the embedded GeoJSON
// FeatureCollection (trusted data: the basemap package's tests check it).
func decodeOutlines(b []byte) ([]outline, error) {
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	out := make([]outline, 0, len(fc.Features))
	for i, f := range fc.Features {
		var mp orb.MultiPolygon
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("feature %d: %w", i, err)
			}
			mp = orb.MultiPolygon{polygon(p)}
		case "MultiPolygon":
			var ps [][][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &ps); err != nil {
				return nil, fmt.Errorf("feature %d: %w", i, err)
			}
			for _, p := range ps {
				mp = append(mp, polygon(p))
			}
		default:
			continue
		}
		out = append(out, outline{geom: mp, bound: mp.Bound()})
	}
	return out, nil
}

// polygon converts GeoJSON polygon coordinates to an orb.Polygon.
func polygon(p [][][2]float64) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for i, ring := range p {
		out[i] = make(orb.Ring, len(ring))
		for j, c := range ring {
			out[i][j] = orb.Point(c)
		}
	}
	return out
}

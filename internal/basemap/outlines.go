package basemap

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/paulmach/orb"
)

// Outline is one basemap area (a country or a first-level division) as
// geometry, with its bound for quick rejection outside a map's view.
type Outline struct {
	Geometry orb.MultiPolygon
	Bound    orb.Bound
}

// Outlines are the decoded country and first-level division outlines.
type Outlines struct {
	Countries []Outline
	Admin1    []Outline
}

// decoded holds the outlines, decoded once for every renderer.
var decoded = sync.OnceValues(func() (*Outlines, error) {
	c, err := decodeOutlines(countries())
	if err != nil {
		return nil, fmt.Errorf("basemap: countries: %w", err)
	}
	a, err := decodeOutlines(admin1())
	if err != nil {
		return nil, fmt.Errorf("basemap: admin1: %w", err)
	}
	return &Outlines{Countries: c, Admin1: a}, nil
})

// Decoded returns the embedded outlines as geometry, decoded on the first
// call and shared by every caller afterwards: callers MUST NOT modify
// them. The package tests guarantee the embedded data decodes; an error
// here is a build defect.
func Decoded() (*Outlines, error) { return decoded() }

// InView returns the outlines of os whose bound meets view.
func InView(os []Outline, view orb.Bound) []Outline {
	var out []Outline
	for _, o := range os {
		if o.Bound.Intersects(view) {
			out = append(out, o)
		}
	}
	return out
}

// decodeOutlines reads the Polygon and MultiPolygon features of a GeoJSON
// FeatureCollection (trusted data: this package's tests check it).
func decodeOutlines(b []byte) ([]Outline, error) {
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
	out := make([]Outline, 0, len(fc.Features))
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
		out = append(out, Outline{Geometry: mp, Bound: mp.Bound()})
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

package monitoring

import (
	"slices"
	"strings"
)

// Map is the coverage map as GeoJSON (RFC 7946): a FeatureCollection with
// its period, grid and counts as foreign members.
type Map struct {
	Type     string    `json:"type"` // FeatureCollection
	From     string    `json:"from"`
	To       string    `json:"to"`
	CellDeg  float64   `json:"cell_deg"`
	Patrols  int       `json:"patrols"`
	Features []Feature `json:"features"`
}

// Feature is one feature of the map: a rectangle of cells in one row with
// the same coverage, or a restriction's point.
type Feature struct {
	Type       string         `json:"type"` // Feature
	Geometry   Geometry       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// Geometry is a GeoJSON Polygon or Point.
type Geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// Coverage values of a cell feature's "coverage" property.
const (
	CoverageSeen   = "seen"
	CoverageDenied = "denied"
)

// MapOf returns the GeoJSON map of cells (a grid of deg degrees): each run
// of adjacent cells in a row with the same coverage is one Polygon feature
// with "coverage" (seen or denied) and, when denied, "controlled_by" (the
// parties whose restrictions denied it). Features come row by row from the
// south-west, so the same cells always give the same document.
func MapOf(cells map[Cell]Seen, deg float64) []Feature {
	keys := make([]Cell, 0, len(cells))
	for c := range cells {
		keys = append(keys, c)
	}
	slices.SortFunc(keys, func(a, b Cell) int {
		if a.Y != b.Y {
			return a.Y - b.Y
		}
		return a.X - b.X
	})
	out := []Feature{}
	for i := 0; i < len(keys); {
		c := keys[i]
		s := cells[c]
		j := i + 1
		for j < len(keys) && keys[j].Y == c.Y && keys[j].X == keys[j-1].X+1 && same(cells[keys[j]], s) {
			j++
		}
		x0, x1 := float64(c.X)*deg, float64(keys[j-1].X+1)*deg
		y0, y1 := float64(c.Y)*deg, float64(c.Y+1)*deg
		props := map[string]any{"coverage": CoverageSeen}
		if !s.Seen {
			props = map[string]any{"coverage": CoverageDenied, "controlled_by": s.By}
		}
		out = append(out, Feature{Type: "Feature", Properties: props, Geometry: Geometry{Type: "Polygon",
			Coordinates: [][][2]float64{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}})
		i = j
	}
	return out
}

func same(a, b Seen) bool {
	return a.Seen == b.Seen && strings.Join(a.By, ",") == strings.Join(b.By, ",")
}

package main

import (
	"encoding/json"
	"fmt"
)

// topology is the part of a TopoJSON topology (topojson-specification 1.0)
// that gen reads.
type topology struct {
	Type      string                        `json:"type"`
	Transform *transform                    `json:"transform"`
	Arcs      [][][2]float64                `json:"arcs"`
	Objects   map[string]geometryCollection `json:"objects"`
}

type transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

type geometryCollection struct {
	Geometries []topoGeometry `json:"geometries"`
}

// topoGeometry is a Polygon or MultiPolygon referring to arcs by index; a
// negative index ~i means arc i reversed.
type topoGeometry struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Properties map[string]any  `json:"properties"`
	Arcs       json.RawMessage `json:"arcs"`
}

// ring is a sequence of [lon, lat] positions; polygon is an exterior ring
// followed by holes; a multipolygon is a list of polygons.
type (
	ring    [][2]float64
	polygon []ring
)

// decodeArcs returns the topology's arcs in absolute coordinates, undoing
// the delta encoding and quantisation when the topology has a transform.
func (t *topology) decodeArcs() [][][2]float64 {
	out := make([][][2]float64, len(t.Arcs))
	for i, arc := range t.Arcs {
		pts := make([][2]float64, len(arc))
		var x, y float64
		for j, p := range arc {
			if t.Transform == nil {
				pts[j] = p
				continue
			}
			x += p[0]
			y += p[1]
			pts[j] = [2]float64{
				x*t.Transform.Scale[0] + t.Transform.Translate[0],
				y*t.Transform.Scale[1] + t.Transform.Translate[1],
			}
		}
		out[i] = pts
	}
	return out
}

// polygons returns g's polygons built from the (possibly simplified) arcs.
// It returns an error for a geometry type other than Polygon or
// MultiPolygon or an arc index out of range.
func (g *topoGeometry) polygons(arcs [][][2]float64) ([]polygon, error) {
	var rings [][][]int
	switch g.Type {
	case "Polygon":
		var p [][]int
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, fmt.Errorf("polygon arcs: %w", err)
		}
		rings = [][][]int{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Arcs, &rings); err != nil {
			return nil, fmt.Errorf("multipolygon arcs: %w", err)
		}
	default:
		return nil, fmt.Errorf("unsupported geometry type %q", g.Type)
	}
	out := make([]polygon, 0, len(rings))
	for _, p := range rings {
		var poly polygon
		for _, r := range p {
			rg, err := stitch(r, arcs)
			if err != nil {
				return nil, err
			}
			poly = append(poly, rg)
		}
		out = append(out, poly)
	}
	return out, nil
}

// stitch joins the arcs of one ring; consecutive arcs share an end point,
// which is kept once.
func stitch(idx []int, arcs [][][2]float64) (ring, error) {
	var r ring
	for _, i := range idx {
		rev := i < 0
		if rev {
			i = ^i
		}
		if i >= len(arcs) {
			return nil, fmt.Errorf("arc %d out of range (%d arcs)", i, len(arcs))
		}
		a := arcs[i]
		n := len(a)
		for j := range a {
			p := a[j]
			if rev {
				p = a[n-1-j]
			}
			if len(r) > 0 && j == 0 {
				continue // shared with the previous arc's last point
			}
			r = append(r, p)
		}
	}
	return r, nil
}

package main

import (
	"encoding/json"
	"slices"
	"testing"
)

// A two-square topology sharing one arc, quantised with a transform, as
// the TopoJSON specification's example encodes it.
const twoSquares = `{"type":"Topology",
 "transform":{"scale":[1,1],"translate":[10,20]},
 "objects":{"x":{"type":"GeometryCollection","geometries":[
   {"type":"Polygon","arcs":[[0,1]]},
   {"type":"MultiPolygon","arcs":[[[-1,2]]]}]}},
 "arcs":[[[1,0],[0,1]],[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[1,0],[0,1],[-1,0]]]}`

func TestTopologyPolygons(t *testing.T) {
	var topo topology
	if err := json.Unmarshal([]byte(twoSquares), &topo); err != nil {
		t.Fatal(err)
	}
	arcs := topo.decodeArcs()
	if want := [][2]float64{{11, 20}, {11, 21}}; !slices.Equal(arcs[0], want) {
		t.Fatalf("arc 0 = %v, want %v", arcs[0], want)
	}
	geoms := topo.Objects["x"].Geometries
	left, err := geoms[0].polygons(arcs)
	if err != nil {
		t.Fatal(err)
	}
	wantLeft := ring{{11, 20}, {11, 21}, {10, 21}, {10, 20}, {11, 20}}
	if len(left) != 1 || !slices.Equal(left[0][0], wantLeft) {
		t.Fatalf("left = %v, want %v", left, wantLeft)
	}
	right, err := geoms[1].polygons(arcs)
	if err != nil {
		t.Fatal(err)
	}
	wantRight := ring{{11, 21}, {11, 20}, {12, 20}, {12, 21}, {11, 21}}
	if len(right) != 1 || !slices.Equal(right[0][0], wantRight) {
		t.Fatalf("right = %v, want %v", right, wantRight)
	}
	mp, ok := finish(left)
	if !ok || area(mp.Coordinates[0][0]) <= 0 {
		t.Fatalf("finish did not wind the exterior counter-clockwise: %v", mp)
	}
	bad := topoGeometry{Type: "Polygon", Arcs: json.RawMessage(`[[7]]`)}
	if _, err := bad.polygons(arcs); err == nil {
		t.Fatal("arc index out of range accepted")
	}
}

func area(r ring) float64 { return signedArea(r) }

func TestSimplify(t *testing.T) {
	tests := []struct {
		name string
		in   [][2]float64
		tol  float64
		want [][2]float64
	}{
		{"straight line", [][2]float64{{0, 0}, {1, 0.0001}, {2, 0}}, 0.01, [][2]float64{{0, 0}, {2, 0}}},
		{"kept corner", [][2]float64{{0, 0}, {1, 1}, {2, 0}}, 0.01, [][2]float64{{0, 0}, {1, 1}, {2, 0}}},
		{"closed arc keeps its far point", [][2]float64{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, 10, [][2]float64{{0, 0}, {1, 1}, {0, 0}}},
		{"two points", [][2]float64{{0, 0}, {1, 1}}, 1, [][2]float64{{0, 0}, {1, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := simplify(tt.in, tt.tol); !slices.Equal(got, tt.want) {
				t.Errorf("simplify = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRoundDropsDegenerateRings(t *testing.T) {
	if r := round(ring{{0, 0}, {0.00001, 0}, {0, 0.00001}, {0, 0}}, 4); r != nil {
		t.Errorf("round kept a collapsed ring: %v", r)
	}
	if r := round(ring{{0, 0}, {1, 0}, {0, 1}, {0, 0}}, 4); len(r) != 4 {
		t.Errorf("round dropped a triangle: %v", r)
	}
}

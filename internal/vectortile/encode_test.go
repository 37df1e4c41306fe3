package vectortile

import (
	"bytes"
	"testing"
)

// TestEncodeGeometry encodes the specification's examples (section 4.3.5)
// and refuses geometries and values a tile cannot hold.
func TestEncodeGeometry(t *testing.T) {
	cases := []struct {
		name  string
		typ   GeomType
		parts [][][2]int
		want  []uint64
	}{
		{"point", Point, [][][2]int{{{25, 17}}}, []uint64{9, 50, 34}},
		{"multipoint", Point, [][][2]int{{{5, 7}, {3, 2}}}, []uint64{17, 10, 14, 3, 9}},
		{"linestring", LineString, [][][2]int{{{2, 2}, {2, 10}, {10, 10}}}, []uint64{9, 4, 4, 18, 0, 16, 16, 0}},
		{"polygon", Polygon, [][][2]int{{{3, 6}, {8, 12}, {20, 34}}}, []uint64{9, 6, 12, 18, 10, 12, 24, 44, 15}},
	}
	for _, tc := range cases {
		got, err := encodeGeometry(tc.typ, tc.parts)
		if err != nil || !equal(got, tc.want) {
			t.Errorf("%s: %v %v, want %v", tc.name, got, err, tc.want)
		}
	}
	for _, bad := range []struct {
		typ   GeomType
		parts [][][2]int
	}{{Point, nil}, {LineString, [][][2]int{{{1, 1}}}}, {Polygon, [][][2]int{{{1, 1}, {2, 2}}}}, {9, [][][2]int{{{1, 1}}}}} {
		if _, err := encodeGeometry(bad.typ, bad.parts); err == nil {
			t.Errorf("type %d %v encoded", bad.typ, bad.parts)
		}
	}
	if _, err := Encode([]Layer{{Name: "x", Features: []Feature{{Type: Point, Geometry: [][][2]int{{{1, 1}}}, Props: map[string]any{"k": []int{1}}}}}}); err == nil {
		t.Error("a slice property encoded")
	}
	b, err := Encode([]Layer{{Name: "water", Features: []Feature{{Type: Point, Geometry: [][][2]int{{{25, 17}}}, Props: map[string]any{"name": "x"}}}}})
	if err != nil || !bytes.Contains(b, []byte("water")) || !bytes.Contains(b, []byte{0x22, 3, 9, 50, 34}) {
		t.Errorf("tile % x, %v", b, err)
	}
}

func equal(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

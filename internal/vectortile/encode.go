// Package vectortile writes Mapbox Vector Tiles (MVT 2.1,
// https://github.com/mapbox/vector-tile-spec/tree/master/2.1): the
// protocol-buffer encoding of layers of points, lines and polygons in
// tile coordinates with their properties. The node serves vector tiles as
// the operator's archive holds them and never decodes them (the UI draws
// them, internal/web/static/js/map/mvt); this encoder builds the small
// vector basemaps the tests serve, and is the oracle the UI's decoder is
// checked against.
package vectortile

import (
	"fmt"
	"math"
	"sort"
)

// GeomType is a feature's geometry type.
type GeomType int

// Geometry types, numbered as in the specification.
const (
	Point      GeomType = 1
	LineString GeomType = 2
	Polygon    GeomType = 3
)

// Feature is one feature of a layer. Geometry holds its parts in tile
// coordinates (0 to the layer's extent, y down): the points of a Point
// feature as one part; each line of a LineString; each ring of a
// Polygon, not closed (the first point is not repeated), exterior rings
// clockwise in tile coordinates and holes anticlockwise. Props values
// are string, float64, int64 or bool.
type Feature struct {
	ID       uint64
	Type     GeomType
	Geometry [][][2]int
	Props    map[string]any
}

// Layer is a named layer of features; Extent defaults to 4096.
type Layer struct {
	Name     string
	Extent   uint32
	Features []Feature
}

// Encode returns the tile holding layers. It returns an error for a
// property value of another type or a geometry its type cannot hold.
func Encode(layers []Layer) ([]byte, error) {
	var tile []byte
	for _, l := range layers {
		b, err := encodeLayer(l)
		if err != nil {
			return nil, fmt.Errorf("vectortile: layer %q: %w", l.Name, err)
		}
		tile = appendBytes(tile, 3, b)
	}
	return tile, nil
}

func encodeLayer(l Layer) ([]byte, error) {
	extent := l.Extent
	if extent == 0 {
		extent = 4096
	}
	var keys []string
	keyIdx := map[string]int{}
	var values [][]byte
	valIdx := map[string]int{}
	var out []byte
	out = appendVarintField(out, 15, 2)
	out = appendBytes(out, 1, []byte(l.Name))
	for _, f := range l.Features {
		names := make([]string, 0, len(f.Props))
		for k := range f.Props {
			names = append(names, k)
		}
		sort.Strings(names)
		var tags []uint64
		for _, k := range names {
			v, err := encodeValue(f.Props[k])
			if err != nil {
				return nil, fmt.Errorf("property %q: %w", k, err)
			}
			ki, ok := keyIdx[k]
			if !ok {
				ki = len(keys)
				keyIdx[k] = ki
				keys = append(keys, k)
			}
			vi, ok := valIdx[string(v)]
			if !ok {
				vi = len(values)
				valIdx[string(v)] = vi
				values = append(values, v)
			}
			tags = append(tags, uint64(ki), uint64(vi))
		}
		geom, err := encodeGeometry(f.Type, f.Geometry)
		if err != nil {
			return nil, err
		}
		var fb []byte
		if f.ID != 0 {
			fb = appendVarintField(fb, 1, f.ID)
		}
		fb = appendPacked(fb, 2, tags)
		fb = appendVarintField(fb, 3, uint64(f.Type))
		fb = appendPacked(fb, 4, geom)
		out = appendBytes(out, 2, fb)
	}
	for _, k := range keys {
		out = appendBytes(out, 3, []byte(k))
	}
	for _, v := range values {
		out = appendBytes(out, 4, v)
	}
	return appendVarintField(out, 5, uint64(extent)), nil
}

func encodeValue(v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return appendBytes(nil, 1, []byte(v)), nil
	case float64:
		b := appendKey(nil, 3, 1)
		u := math.Float64bits(v)
		for i := 0; i < 8; i++ {
			b = append(b, byte(u>>(8*i)))
		}
		return b, nil
	case int64:
		return appendVarintField(nil, 6, zigzag(v)), nil
	case bool:
		x := uint64(0)
		if v {
			x = 1
		}
		return appendVarintField(nil, 7, x), nil
	}
	return nil, fmt.Errorf("value of type %T", v)
}

// Geometry commands.
const (
	cmdMoveTo    = 1
	cmdLineTo    = 2
	cmdClosePath = 7
)

func encodeGeometry(t GeomType, parts [][][2]int) ([]uint64, error) {
	var out []uint64
	var cx, cy int
	step := func(p [2]int) {
		out = append(out, zigzag(int64(p[0]-cx)), zigzag(int64(p[1]-cy)))
		cx, cy = p[0], p[1]
	}
	cmd := func(id, count int) uint64 { return uint64(id&7 | count<<3) }
	switch t {
	case Point:
		if len(parts) != 1 || len(parts[0]) == 0 {
			return nil, fmt.Errorf("a point feature holds one part of points")
		}
		out = append(out, cmd(cmdMoveTo, len(parts[0])))
		for _, p := range parts[0] {
			step(p)
		}
	case LineString, Polygon:
		least := 2
		if t == Polygon {
			least = 3
		}
		for _, part := range parts {
			if len(part) < least {
				return nil, fmt.Errorf("a part of %d points (type %d needs %d)", len(part), t, least)
			}
			out = append(out, cmd(cmdMoveTo, 1))
			step(part[0])
			out = append(out, cmd(cmdLineTo, len(part)-1))
			for _, p := range part[1:] {
				step(p)
			}
			if t == Polygon {
				out = append(out, cmd(cmdClosePath, 1))
			}
		}
	default:
		return nil, fmt.Errorf("geometry type %d", t)
	}
	return out, nil
}

func zigzag(v int64) uint64 { return uint64((v << 1) ^ (v >> 63)) }

func appendVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func appendKey(b []byte, field, wire int) []byte { return appendVarint(b, uint64(field<<3|wire)) }

func appendVarintField(b []byte, field int, v uint64) []byte {
	return appendVarint(appendKey(b, field, 0), v)
}

func appendBytes(b []byte, field int, v []byte) []byte {
	return append(appendVarint(appendKey(b, field, 2), uint64(len(v))), v...)
}

func appendPacked(b []byte, field int, vs []uint64) []byte {
	var p []byte
	for _, v := range vs {
		p = appendVarint(p, v)
	}
	return appendBytes(b, field, p)
}

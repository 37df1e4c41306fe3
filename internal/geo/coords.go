package geo

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// coordParser reads the "coordinates" member of a geometry object. Its input
// has already been checked to be well-formed JSON by encoding/json, so it
// only has to enforce the GeoJSON shape: arrays nested exactly as deep as the
// geometry type requires, holding 2 or 3 finite numbers per position. It
// never recurses deeper than that depth and stops as soon as the vertex or
// ring limit is exceeded.
type coordParser struct {
	data     []byte
	pos      int
	depth    int    // coordinates depth of the geometry type (1..4)
	typ      string // geometry type name, for messages
	lim      Limits
	vertices int
	rings    int
}

func (p *coordParser) skipWS() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// found describes the JSON value starting at the current position.
func (p *coordParser) found() string {
	if p.pos >= len(p.data) {
		return "the end of input"
	}
	switch c := p.data[p.pos]; {
	case c == '[':
		return "an array"
	case c == '{':
		return "an object"
	case c == '"':
		return "a string"
	case c == 't' || c == 'f':
		return "a boolean"
	case c == 'n':
		return "null"
	default:
		return "a number"
	}
}

// open consumes '[' or reports what was found instead of the array that
// level (positions, rings, …) requires.
func (p *coordParser) open(l loc, what string) error {
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == '[' {
		p.pos++
		return nil
	}
	return newErr(CodeNesting, p.depth, l, "expected %s, found %s (%s coordinates are %d level(s) of nested arrays)",
		what, p.found(), p.typ, p.depth)
}

// next advances over the separator after an element; it reports whether
// another element follows. The input is valid JSON, so anything other than
// ',' here is the closing ']'.
func (p *coordParser) next() bool {
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == ',' {
		p.pos++
		return true
	}
	p.pos++ // ']'
	return false
}

// empty consumes ']' if the array just opened is empty.
func (p *coordParser) empty() bool {
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return true
	}
	return false
}

// position parses one [lon, lat] or [lon, lat, alt] array.
func (p *coordParser) position(l loc) (orb.Point, error) {
	p.vertices++
	if p.vertices > p.lim.MaxVertices {
		return orb.Point{}, newErr(CodeLimit, p.depth, l, "geometry has more than %d vertices", p.lim.MaxVertices)
	}
	if err := p.open(l, "a position array [longitude, latitude]"); err != nil {
		return orb.Point{}, err
	}
	var pt orb.Point
	n := 0
	if !p.empty() {
		for {
			p.skipWS()
			if n == 3 {
				return pt, newErr(CodePosition, p.depth, l, "position has more than 3 numbers")
			}
			if p.pos < len(p.data) && p.data[p.pos] == '[' {
				return pt, newErr(CodeNesting, p.depth, l,
					"expected a number, found an array (%s coordinates are %d level(s) of nested arrays)", p.typ, p.depth)
			}
			if f := p.found(); f != "a number" {
				return pt, newErr(CodeNumber, p.depth, l, "expected a number, found %s", f)
			}
			start := p.pos
			for p.pos < len(p.data) && isNumByte(p.data[p.pos]) {
				p.pos++
			}
			tok := string(p.data[start:p.pos])
			v, err := strconv.ParseFloat(tok, 64)
			if (err != nil && !isRangeErr(err)) || math.IsInf(v, 0) || math.IsNaN(v) {
				return pt, newErr(CodeNumber, p.depth, l, "number %.40s is not a finite float64", tok)
			}
			if n < 2 {
				pt[n] = v
			}
			n++
			if !p.next() {
				break
			}
		}
	}
	if n < 2 {
		return pt, newErr(CodePosition, p.depth, l, "position has %d number(s); it needs longitude and latitude", n)
	}
	return pt, nil
}

func isNumByte(c byte) bool {
	return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// positions parses an array of positions (a LineString or a ring).
func (p *coordParser) positions(l loc) ([]orb.Point, error) {
	what := "an array of positions"
	if l.ring >= 0 {
		p.rings++
		if p.rings > p.lim.MaxRings {
			return nil, newErr(CodeLimit, p.depth, l, "geometry has more than %d ring(s)", p.lim.MaxRings)
		}
		what = "a ring (an array of positions)"
	}
	if err := p.open(l, what); err != nil {
		return nil, err
	}
	var pts []orb.Point
	if p.empty() {
		return pts, nil
	}
	for i := 0; ; i++ {
		vl := l
		vl.vertex = i
		pt, err := p.position(vl)
		if err != nil {
			return nil, err
		}
		pts = append(pts, pt)
		if !p.next() {
			return pts, nil
		}
	}
}

// polygon parses an array of rings.
func (p *coordParser) polygon(l loc) ([][]orb.Point, error) {
	if err := p.open(l, "an array of rings"); err != nil {
		return nil, err
	}
	var rings [][]orb.Point
	if p.empty() {
		return rings, nil
	}
	for i := 0; ; i++ {
		rl := l
		rl.ring = i
		r, err := p.positions(rl)
		if err != nil {
			return nil, err
		}
		rings = append(rings, r)
		if !p.next() {
			return rings, nil
		}
	}
}

// multiPolygon parses an array of polygons.
func (p *coordParser) multiPolygon() ([][][]orb.Point, error) {
	if err := p.open(noLoc, "an array of polygons"); err != nil {
		return nil, err
	}
	var polys [][][]orb.Point
	if p.empty() {
		return polys, nil
	}
	for i := 0; ; i++ {
		poly, err := p.polygon(loc{i, -1, -1})
		if err != nil {
			return nil, err
		}
		polys = append(polys, poly)
		if !p.next() {
			return polys, nil
		}
	}
}

package cql2

import (
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

var wktTypes = map[string]bool{"POINT": true, "LINESTRING": true, "POLYGON": true, "MULTIPOINT": true,
	"MULTILINESTRING": true, "MULTIPOLYGON": true, "GEOMETRYCOLLECTION": true, "BBOX": true}

// maxCoords bounds the coordinates of one geometry literal.
const maxCoords = 100_000

// wkt parses a WKT geometry (OGC 06-103r4, 2D; a Z value is read and
// dropped) or a CQL2 BBOX literal, in CRS84 longitude/latitude.
func (p *parser) wkt() (orb.Geometry, error) {
	t := p.next()
	kind := strings.ToUpper(t.text)
	if kind == "BBOX" {
		return p.bbox(t)
	}
	if p.keyword("Z") {
		p.next()
	}
	switch kind {
	case "POINT":
		if _, err := p.expect(tLParen, "'(' after POINT"); err != nil {
			return nil, err
		}
		pt, err := p.coord()
		if err != nil {
			return nil, err
		}
		_, err = p.expect(tRParen, "')' closing POINT")
		return pt, err
	case "LINESTRING":
		ls, err := p.coordList(2)
		return orb.LineString(ls), err
	case "POLYGON":
		return p.polygon()
	case "MULTIPOINT":
		return p.multiPoint()
	case "MULTILINESTRING":
		var mls orb.MultiLineString
		err := p.list(func() error {
			ls, err := p.coordList(2)
			mls = append(mls, ls)
			return err
		})
		return mls, err
	case "MULTIPOLYGON":
		var mp orb.MultiPolygon
		err := p.list(func() error {
			pg, err := p.polygon()
			mp = append(mp, pg)
			return err
		})
		return mp, err
	default: // GEOMETRYCOLLECTION
		var c orb.Collection
		err := p.list(func() error {
			g := p.peek()
			if g.kind != tIdent || !wktTypes[strings.ToUpper(g.text)] || strings.EqualFold(g.text, "BBOX") {
				return p.errAt(g, "expected a WKT geometry in GEOMETRYCOLLECTION")
			}
			x, err := p.wkt()
			c = append(c, x)
			return err
		})
		return c, err
	}
}

// list parses "( item, item, … )".
func (p *parser) list(item func() error) error {
	if _, err := p.expect(tLParen, "'('"); err != nil {
		return err
	}
	for {
		if err := item(); err != nil {
			return err
		}
		t := p.next()
		if t.kind == tRParen {
			return nil
		}
		if t.kind != tComma {
			return p.errAt(t, "expected ',' or ')' in the geometry")
		}
	}
}

func (p *parser) coordList(minPoints int) ([]orb.Point, error) {
	start := p.peek()
	var pts []orb.Point
	err := p.list(func() error {
		if len(pts) >= maxCoords {
			return p.errAt(p.peek(), "a geometry literal may have at most %d coordinates", maxCoords)
		}
		pt, err := p.coord()
		pts = append(pts, pt)
		return err
	})
	if err == nil && len(pts) < minPoints {
		return nil, p.errAt(start, "this needs at least %d positions", minPoints)
	}
	return pts, err
}

func (p *parser) polygon() (orb.Polygon, error) {
	var pg orb.Polygon
	err := p.list(func() error {
		start := p.peek()
		ring, err := p.coordList(4)
		if err != nil {
			return err
		}
		if ring[0] != ring[len(ring)-1] {
			return p.errAt(start, "a polygon ring must end at its first position")
		}
		pg = append(pg, ring)
		return nil
	})
	return pg, err
}

func (p *parser) multiPoint() (orb.MultiPoint, error) {
	var mp orb.MultiPoint
	err := p.list(func() error {
		paren := p.peek().kind == tLParen
		if paren {
			p.next()
		}
		pt, err := p.coord()
		if err != nil {
			return err
		}
		if paren {
			if _, err := p.expect(tRParen, "')'"); err != nil {
				return err
			}
		}
		mp = append(mp, pt)
		return nil
	})
	return mp, err
}

// coord parses "lon lat [z]".
func (p *parser) coord() (orb.Point, error) {
	var v [2]float64
	for i := range 2 {
		t := p.next()
		f, err := strconv.ParseFloat(t.text, 64)
		if t.kind != tNumber || err != nil {
			return orb.Point{}, p.errAt(t, "expected a coordinate (longitude latitude), found %q", t.text)
		}
		v[i] = f
		if (i == 0 && (f < -180 || f > 180)) || (i == 1 && (f < -90 || f > 90)) {
			return orb.Point{}, p.errAt(t, "%s is outside the range of a %s", t.text, [2]string{"longitude (-180…180)", "latitude (-90…90)"}[i])
		}
	}
	if p.peek().kind == tNumber { // a Z value: dropped
		p.next()
	}
	return orb.Point{v[0], v[1]}, nil
}

// bbox parses (minLon, minLat, maxLon, maxLat) or the 6-number 3D form.
func (p *parser) bbox(kw token) (orb.Geometry, error) {
	var n []float64
	err := p.list(func() error {
		t := p.next()
		f, err := strconv.ParseFloat(t.text, 64)
		if t.kind != tNumber || err != nil {
			return p.errAt(t, "expected a number in BBOX, found %q", t.text)
		}
		n = append(n, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(n) == 6 {
		n = []float64{n[0], n[1], n[3], n[4]}
	}
	if len(n) != 4 || n[0] > n[2] || n[1] > n[3] || n[0] < -180 || n[2] > 180 || n[1] < -90 || n[3] > 90 {
		return nil, p.errAt(kw, "BBOX takes minLon, minLat, maxLon, maxLat with -180 ≤ minLon ≤ maxLon ≤ 180 and -90 ≤ minLat ≤ maxLat ≤ 90")
	}
	return orb.Bound{Min: orb.Point{n[0], n[1]}, Max: orb.Point{n[2], n[3]}}, nil
}

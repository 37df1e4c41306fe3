package pdf

import (
	"math"

	"github.com/paulmach/orb"

	"truce/internal/report/doc"
)

// feature draws one geometry in a layer's style: points as symbols, lines as strokes, areas
// filled translucent with a solid outline.
func (r *renderer) feature(p projection, st mapStyle, g orb.Geometry) {
	c := st.colour
	r.f.SetDrawColor(c[0], c[1], c[2])
	r.f.SetFillColor(c[0], c[1], c[2])
	switch g := g.(type) {
	case orb.Point:
		x, y := p.at(g)
		r.mark(st, x, y)
	case orb.MultiPoint:
		for _, pt := range g {
			x, y := p.at(pt)
			r.mark(st, x, y)
		}
	case orb.LineString, orb.MultiLineString:
		r.f.SetLineWidth(0.6)
		r.path(p, g, "D")
	case orb.Ring, orb.Polygon, orb.MultiPolygon, orb.Bound:
		if st.fill > 0 {
			r.f.SetAlpha(st.fill, "Normal")
			r.path(p, g, "F*")
			r.f.SetAlpha(1, "Normal")
		}
		r.f.SetLineWidth(0.4)
		r.path(p, g, "D")
	case orb.Collection:
		for _, m := range g {
			r.feature(p, st, m)
		}
	}
}

// mark draws a point symbol centred at (x, y).
func (r *renderer) mark(st mapStyle, x, y float64) {
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return
	}
	switch st.mark {
	case markSquare:
		const half = pointR * 1.3 // a site stands out from the incidents around it
		r.f.SetDrawColor(255, 255, 255)
		r.f.SetLineWidth(0.2)
		r.f.Rect(x-half, y-half, 2*half, 2*half, "FD")
	case markCross:
		r.f.SetLineWidth(0.5)
		r.f.Line(x-pointR, y-pointR, x+pointR, y+pointR)
		r.f.Line(x-pointR, y+pointR, x+pointR, y-pointR)
	default:
		r.f.SetDrawColor(255, 255, 255)
		r.f.SetLineWidth(0.2)
		r.f.Circle(x, y, pointR, "FD")
	}
	c := st.colour
	r.f.SetDrawColor(c[0], c[1], c[2])
}

// path adds the rings or lines of g to one path and paints it with op (fpdf's DrawPath styles;
// "F*" fills by the even-odd rule so that holes stay open).
func (r *renderer) path(p projection, g orb.Geometry, op string) {
	n := 0
	var add func(g orb.Geometry)
	line := func(ls []orb.Point, closed bool) {
		if len(ls) < 2 {
			return
		}
		for i, pt := range ls {
			x, y := p.at(pt)
			if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
				continue
			}
			if i == 0 {
				r.f.MoveTo(x, y)
			} else {
				r.f.LineTo(x, y)
			}
			n++
		}
		if closed {
			r.f.ClosePath()
		}
	}
	add = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.LineString:
			line(g, false)
		case orb.MultiLineString:
			for _, l := range g {
				line(l, false)
			}
		case orb.Ring:
			line(g, true)
		case orb.Polygon:
			for _, ring := range g {
				line(ring, true)
			}
		case orb.MultiPolygon:
			for _, poly := range g {
				add(poly)
			}
		case orb.Bound:
			add(g.ToPolygon())
		case orb.Collection:
			for _, m := range g {
				add(m)
			}
		}
	}
	add(g)
	if n > 0 {
		r.f.DrawPath(op)
	}
}

// geomKind is what a layer mostly holds, which its legend symbol shows.
type geomKind int

const (
	kindPoint geomKind = iota
	kindLine
	kindArea
)

// kindOf returns the kind of a layer's first feature (points for an empty layer).
func kindOf(l doc.MapLayer) geomKind {
	for _, f := range l.Features {
		switch f.Geometry.(type) {
		case nil:
			continue
		case orb.LineString, orb.MultiLineString:
			return kindLine
		case orb.Ring, orb.Polygon, orb.MultiPolygon, orb.Bound:
			return kindArea
		}
		return kindPoint
	}
	return kindPoint
}

// swatch draws a layer's legend symbol in the 3 × 3 mm box at (x, y): its point symbol, a
// stroke, or a filled square with an outline.
func (r *renderer) swatch(st mapStyle, k geomKind, x, y float64) {
	c := st.colour
	r.f.SetDrawColor(c[0], c[1], c[2])
	r.f.SetFillColor(c[0], c[1], c[2])
	switch k {
	case kindLine:
		r.f.SetLineWidth(0.6)
		r.f.Line(x, y+1.6, x+3, y+1.6)
	case kindArea:
		r.f.SetAlpha(max(st.fill, 0.15), "Normal")
		r.f.Rect(x, y+0.2, 3, 2.8, "F")
		r.f.SetAlpha(1, "Normal")
		r.f.SetLineWidth(0.3)
		r.f.Rect(x, y+0.2, 3, 2.8, "D")
	default:
		r.mark(st, x+1.5, y+1.6)
	}
}

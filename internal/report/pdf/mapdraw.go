package pdf

import (
	"math"

	"github.com/paulmach/orb"

	"truce/internal/basemap"
	"truce/internal/report/doc"
)

// Map geometry, in millimetres.
const (
	mapMaxH    = 125.0 // the tallest a map frame gets
	mapLabels  = 40    // a layer with more features than this is drawn without labels
	pointR     = 1.1   // radius of a point symbol
	attributeH = 2     // lines of attribution under a map with a basemap
)

// projection maps longitude/latitude into a frame on the page: equirectangular, with longitudes
// scaled by the cosine of the bound's middle latitude (true shape at that latitude), fitted to the
// frame and centred.
type projection struct {
	lon0, lat0, kx, s float64
	x0, y0            float64 // page position of (lon0, lat0)
}

// fit returns the projection that shows bound b whole in a frame of width w at (x, y), and the
// frame's height (at most maxH).
func fit(b orb.Bound, x, y, w, maxH float64) (projection, float64) {
	midLat := (b.Min[1] + b.Max[1]) / 2
	kx := math.Cos(midLat * math.Pi / 180)
	dx := (b.Max[0] - b.Min[0]) * kx
	dy := b.Max[1] - b.Min[1]
	s := min(w/dx, maxH/dy)
	h := min(maxH, dy*s)
	p := projection{lon0: b.Min[0], lat0: b.Max[1], kx: kx, s: s}
	p.x0 = x + (w-dx*s)/2
	p.y0 = y + (h-dy*s)/2
	return p, h
}

// at returns the page position of a longitude/latitude point.
func (p projection) at(pt orb.Point) (float64, float64) {
	return p.x0 + (pt[0]-p.lon0)*p.kx*p.s, p.y0 + (p.lat0-pt[1])*p.s
}

// viewBound returns a usable view of b: finite, inside the globe's range, and at least a tenth
// of a degree across; ok is false when b has no finite corner at all.
func viewBound(b orb.Bound) (orb.Bound, bool) {
	for _, v := range []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return b, false
		}
	}
	b.Min[0], b.Max[0] = max(-180, min(b.Min[0], b.Max[0])), min(180, max(b.Min[0], b.Max[0]))
	b.Min[1], b.Max[1] = max(-85, min(b.Min[1], b.Max[1])), min(85, max(b.Min[1], b.Max[1]))
	const least = 0.1
	if b.Max[0]-b.Min[0] < least {
		c := (b.Min[0] + b.Max[0]) / 2
		b.Min[0], b.Max[0] = c-least/2, c+least/2
	}
	if b.Max[1]-b.Min[1] < least {
		c := (b.Min[1] + b.Max[1]) / 2
		b.Min[1], b.Max[1] = c-least/2, c+least/2
	}
	return b, true
}

// drawMap draws a map: a frame, the basemap outlines when asked for, each layer in its style, the
// legend of the layers, and the basemap's attribution.
func (r *renderer) drawMap(m doc.Map) {
	view, ok := viewBound(m.Bound)
	frameH := mapMaxH
	var p projection
	if ok {
		_, frameH = fit(view, margin, 0, contentW, mapMaxH)
	}
	titleH := 0.0
	if m.Title != "" {
		titleH = lineHeight(fontBold) + 1
	}
	r.room(titleH + frameH + lineHeight(fontSmall)*(1+attributeH))
	if m.Title != "" {
		r.text(m.Title, fontBold, alignStart)
		r.y += 1
	}
	top := r.y
	r.f.SetFillColor(234, 242, 248) // water and beyond the outlines
	r.f.Rect(margin, top, contentW, frameH, "F")
	if ok {
		p, _ = fit(view, margin, top, contentW, mapMaxH)
		r.f.ClipRect(margin, top, contentW, frameH, false)
		if m.Basemap {
			r.drawBasemap(p, view)
		}
		for _, l := range m.Layers {
			r.drawLayer(p, l)
		}
		r.f.ClipEnd()
	}
	r.f.SetDrawColor(120, 120, 120)
	r.f.SetLineWidth(0.3)
	r.f.Rect(margin, top, contentW, frameH, "D")
	r.y = top + frameH + 1.5
	r.legend(len(m.Layers), func(k int) (string, func(x, y float64)) {
		l := m.Layers[k]
		return l.Name, func(x, y float64) { r.swatch(styleOf(l.Style), kindOf(l), x, y) }
	})
	if m.Basemap {
		r.f.SetTextColor(100, 100, 100)
		for _, l := range r.wrap(basemap.Attribution(), contentW, fontSmall)[:min(attributeH, 2)] {
			r.drawLine(margin, r.y, contentW, l, fontSmall, alignStart)
			r.y += lineHeight(fontSmall)
		}
		r.f.SetTextColor(0, 0, 0)
	}
}

// drawBasemap draws the country outlines filled as land and the first-level divisions as thin lines,
// only those that reach into the view.
func (r *renderer) drawBasemap(p projection, view orb.Bound) {
	o, err := basemap.Decoded()
	if err != nil {
		return // the basemap package's tests guarantee the embedded data decodes
	}
	r.f.SetFillColor(245, 243, 237)
	r.f.SetDrawColor(150, 150, 150)
	r.f.SetLineWidth(0.3)
	for _, c := range basemap.InView(o.Countries, view) {
		r.path(p, c.Geometry, "FD*")
	}
	r.f.SetDrawColor(200, 196, 188)
	r.f.SetLineWidth(0.15)
	for _, a := range basemap.InView(o.Admin1, view) {
		r.path(p, a.Geometry, "D")
	}
}

// drawLayer draws one layer's features in its style, with their labels when there are few.
func (r *renderer) drawLayer(p projection, l doc.MapLayer) {
	st := styleOf(l.Style)
	labels := len(l.Features) <= mapLabels
	for _, f := range l.Features {
		if f.Geometry == nil {
			continue
		}
		r.feature(p, st, f.Geometry)
		if labels && f.Label != "" {
			// A point is labelled beside it; an area inside its top corner (start side).
			b := f.Geometry.Bound()
			x, y := p.at(b.Center())
			if b.Max != b.Min {
				corner := orb.Point{b.Min[0], b.Max[1]}
				if r.rtl {
					corner = b.Max
				}
				x, y = p.at(corner)
				y += 3
			}
			line := r.wrap(f.Label, 40, fontSmall)[0]
			lx := x + 2
			if r.rtl {
				lx = x - 2 - r.width(line, fontSmall)
			}
			r.f.SetTextColor(40, 40, 40)
			r.drawLine(lx, y-1.5, r.width(line, fontSmall)+0.1, line, fontSmall, alignStart)
			r.f.SetTextColor(0, 0, 0)
		}
	}
}

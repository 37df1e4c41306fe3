package html

import (
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"truce/internal/basemap"
	"truce/internal/report/doc"
)

// palette colours a chart's series in order.
var palette = []string{"#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd"}

// barChartSVG draws c as grouped bars, one group per label, the first
// label at the start of the reading direction (on the right when rtl).
func barChartSVG(c *doc.BarChart, rtl bool) string {
	const w, h, pad, legend = 640.0, 220.0, 30.0, 18.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h+legend, html.EscapeString(c.Title))
	peak := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			peak = math.Max(peak, v)
		}
	}
	n := len(c.Labels)
	if n == 0 || len(c.Series) == 0 {
		b.WriteString(`</svg>`)
		return b.String()
	}
	if peak == 0 {
		peak = 1
	}
	group := (w - 2*pad) / float64(n)
	bar := group * 0.8 / float64(len(c.Series))
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#999"/>`, pad, h-pad, w-pad, h-pad)
	fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="10" fill="#555">%g</text>`, 2.0, pad, peak)
	for i, label := range c.Labels {
		slot := i
		if rtl {
			slot = n - 1 - i
		}
		x0 := pad + float64(slot)*group + group*0.1
		for j, s := range c.Series {
			if i >= len(s.Values) {
				continue
			}
			v := s.Values[i]
			bh := (h - 2*pad) * v / peak
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %g</title></rect>`,
				x0+float64(j)*bar, h-pad-bh, bar, bh, palette[j%len(palette)], html.EscapeString(label+" "+s.Name), v)
		}
		if n <= 12 || i%5 == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="9" text-anchor="middle" fill="#333">%s</text>`,
				x0+group*0.4, h-pad+12, html.EscapeString(label))
		}
	}
	for j, s := range c.Series {
		x := pad + float64(j)*140
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="10" height="10" fill="%s"/><text x="%g" y="%g" font-size="11">%s</text>`,
			x, h+2, palette[j%len(palette)], x+14, h+11, html.EscapeString(s.Name))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// styles are the map's fill and stroke per layer style.
var styles = map[string][2]string{
	"zone":               {"rgba(31,119,180,0.15)", "#1f77b4"},
	"incident.confirmed": {"#d62728", "#7f0000"},
	"incident.disputed":  {"#ff7f0e", "#7f3f00"},
	"incident.unfounded": {"#aaaaaa", "#555555"},
	"incident.review":    {"#ffd700", "#7f6b00"},
	"site":               {"#2ca02c", "#145214"},
	"movement":           {"none", "#9467bd"},
	"coverage":           {"rgba(53,151,143,0.25)", "#35978f"},
	"coverage.denied":    {"rgba(166,97,26,0.35)", "#a6611a"},
	"restriction":        {"#141414", "#141414"},
}

// mapSVG draws m in an equirectangular projection of its bound, scaled
// by the cosine of its middle latitude.
func mapSVG(m *doc.Map) string {
	const w = 640.0
	bd := m.Bound
	if bd.IsEmpty() || bd.Max.X() <= bd.Min.X() || bd.Max.Y() <= bd.Min.Y() {
		bd = orb.Bound{Min: orb.Point{bd.Min.X() - 0.5, bd.Min.Y() - 0.5}, Max: orb.Point{bd.Max.X() + 0.5, bd.Max.Y() + 0.5}}
	}
	k := math.Cos((bd.Min.Y() + bd.Max.Y()) / 2 * math.Pi / 180)
	scale := w / (bd.Max.X() - bd.Min.X())
	h := math.Max(120, (bd.Max.Y()-bd.Min.Y())*scale/k)
	xy := func(p orb.Point) (float64, float64) {
		return (p.X() - bd.Min.X()) * scale, h - (p.Y()-bd.Min.Y())*scale/k
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %.0f" role="img" aria-label="%s">`, w, h, html.EscapeString(m.Title))
	if m.Basemap {
		fmt.Fprintf(&b, `<rect width="%g" height="%.0f" fill="#eaf2f8"/>`, w, h)
		drawBasemap(&b, bd, xy)
	} else {
		fmt.Fprintf(&b, `<rect width="%g" height="%.0f" fill="#f4f1ea"/>`, w, h)
	}
	for _, l := range m.Layers {
		st, ok := styles[l.Style]
		if !ok {
			st = [2]string{"#888888", "#444444"}
		}
		fmt.Fprintf(&b, `<g class="%s"><title>%s</title>`, html.EscapeString(l.Style), html.EscapeString(l.Name))
		for _, f := range l.Features {
			drawGeometry(&b, f.Geometry, xy, st)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// drawGeometry writes g as SVG shapes.
func drawGeometry(b *strings.Builder, g orb.Geometry, xy func(orb.Point) (float64, float64), st [2]string) {
	ring := func(r []orb.Point) string {
		var s strings.Builder
		for i, p := range r {
			x, y := xy(p)
			if i == 0 {
				fmt.Fprintf(&s, "M%.1f %.1f", x, y)
			} else {
				fmt.Fprintf(&s, "L%.1f %.1f", x, y)
			}
		}
		return s.String()
	}
	switch g := g.(type) {
	case orb.Point:
		x, y := xy(g)
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s" stroke="%s"/>`, x, y, st[0], st[1])
	case orb.LineString:
		fmt.Fprintf(b, `<path d="%s" fill="none" stroke="%s" stroke-width="2"/>`, ring(g), st[1])
	case orb.Polygon:
		var d string
		for _, r := range g {
			d += ring(r) + "Z"
		}
		fmt.Fprintf(b, `<path d="%s" fill="%s" stroke="%s" fill-rule="evenodd"/>`, d, st[0], st[1])
	case orb.MultiPolygon:
		for _, p := range g {
			drawGeometry(b, p, xy, st)
		}
	case orb.MultiPoint:
		for _, p := range g {
			drawGeometry(b, p, xy, st)
		}
	}
}

// drawBasemap writes the embedded Natural Earth outlines that meet view
// (package basemap decodes them once for every renderer): countries
// filled as land, first-level divisions as thin lines.
func drawBasemap(b *strings.Builder, view orb.Bound, xy func(orb.Point) (float64, float64)) {
	o, err := basemap.Decoded()
	if err != nil {
		return // the basemap package's tests guarantee the embedded data decodes
	}
	b.WriteString(`<g class="basemap">`)
	for _, c := range basemap.InView(o.Countries, view) {
		drawGeometry(b, c.Geometry, xy, [2]string{"#f5f3ed", "#969696"})
	}
	for _, a := range basemap.InView(o.Admin1, view) {
		drawGeometry(b, a.Geometry, xy, [2]string{"none", "#c8c4bc"})
	}
	b.WriteString(`</g>`)
}

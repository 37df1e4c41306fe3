package pdf

import (
	"math"
	"strconv"

	"truce/internal/report/doc"
)

// seriesColours are the fills of a chart's series, in order (repeated past the last).
var seriesColours = [][3]int{{31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {148, 103, 189}, {140, 86, 75}, {23, 190, 207}}

// Chart geometry, in millimetres.
const (
	chartH      = 55.0 // plot area height
	chartAxisW  = 12.0 // room for the value labels
	chartLabelH = 5.0  // room for the category labels
)

// barChart draws a grouped bar chart as vector graphics: value axis with gridlines and labels,
// one group of bars per label, category labels (thinned out when they would overlap), and a legend
// of the series. In an RTL document the first label is at the right and the value axis on the right.
func (r *renderer) barChart(c doc.BarChart) {
	legendH := 0.0
	if len(c.Series) > 1 || (len(c.Series) == 1 && c.Series[0].Name != "") {
		legendH = lineHeight(fontSmall) + 1
	}
	titleH := 0.0
	if c.Title != "" {
		titleH = lineHeight(fontBold) + 1
	}
	r.room(titleH + chartH + chartLabelH + legendH + 2)
	if c.Title != "" {
		r.text(c.Title, fontBold, alignStart)
		r.y += 1
	}
	top := r.y + 2
	plotX, plotW := margin+chartAxisW, contentW-chartAxisW
	axisX := margin + chartAxisW
	if r.rtl {
		plotX, axisX = margin, pageW-margin-chartAxisW
	}
	maxV := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				maxV = max(maxV, v)
			}
		}
	}
	step, top10 := niceScale(maxV)
	scale := chartH / top10
	// Gridlines and value labels.
	r.f.SetLineWidth(0.15)
	for v := 0.0; v <= top10+step/2; v += step {
		y := top + chartH - v*scale
		r.f.SetDrawColor(215, 215, 215)
		r.f.Line(plotX, y, plotX+plotW, y)
		label := strconv.FormatFloat(v, 'f', -1, 64)
		lw := r.width(label, fontSmall)
		lx := axisX - lw - 1.5
		if r.rtl {
			lx = axisX + 1.5
		}
		r.setFont(sans, fontSmall)
		r.f.Text(lx, y+1, label)
	}
	r.f.SetDrawColor(90, 90, 90)
	r.f.SetLineWidth(0.3)
	r.f.Line(axisX, top, axisX, top+chartH)
	r.f.Line(plotX, top+chartH, plotX+plotW, top+chartH)
	n := len(c.Labels)
	for _, s := range c.Series {
		n = max(n, len(s.Values))
	}
	if n > 0 && len(c.Series) > 0 {
		groupW := plotW / float64(n)
		barW := groupW * 0.8 / float64(len(c.Series))
		labelEvery := max(1, int(math.Ceil(float64(n)*9/plotW)))
		for i := range n {
			gx := plotX + float64(i)*groupW
			if r.rtl {
				gx = plotX + plotW - float64(i+1)*groupW
			}
			for k, s := range c.Series {
				if i >= len(s.Values) || !(s.Values[i] > 0) || math.IsInf(s.Values[i], 0) {
					continue
				}
				h := min(s.Values[i], top10) * scale
				col := seriesColours[k%len(seriesColours)]
				r.f.SetFillColor(col[0], col[1], col[2])
				bx := gx + groupW*0.1 + float64(k)*barW
				if r.rtl {
					bx = gx + groupW*0.9 - float64(k+1)*barW
				}
				r.f.Rect(bx, top+chartH-h, barW, h, "F")
			}
			if i < len(c.Labels) && i%labelEvery == 0 {
				lines := r.wrap(c.Labels[i], groupW*float64(labelEvery), fontSmall)
				r.drawLine(gx+groupW/2-groupW*float64(labelEvery)/2, top+chartH+0.8, groupW*float64(labelEvery), lines[0], fontSmall, alignCenter)
			}
		}
	}
	r.y = top + chartH + chartLabelH
	if legendH > 0 {
		r.legend(len(c.Series), func(k int) (string, func(x, y float64)) {
			col := seriesColours[k%len(seriesColours)]
			return c.Series[k].Name, func(x, y float64) {
				r.f.SetFillColor(col[0], col[1], col[2])
				r.f.Rect(x, y+0.4, 3, 2.4, "F")
			}
		})
	}
}

// niceScale returns a step of 1, 2 or 5 times a power of ten and the top of the axis (a multiple
// of the step, at least max) so that the axis has about five gridlines.
func niceScale(maxV float64) (step, top float64) {
	if !(maxV > 0) {
		return 1, 5
	}
	raw := maxV / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step = 10 * mag
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	top = math.Ceil(maxV/step) * step
	if !(step > 0) || math.IsInf(top, 0) || math.IsNaN(top) {
		return 1, 5 // a value too small or too large to scale: an empty axis
	}
	return step, top
}

// legend draws n entries (a swatch and a name each) in reading order, wrapping onto more lines.
func (r *renderer) legend(n int, entry func(k int) (string, func(x, y float64))) {
	const swatch, gap = 4.0, 4.0
	lh := lineHeight(fontSmall) + 0.5
	r.room(lh)
	x := 0.0
	for k := range n {
		name, draw := entry(k)
		line := r.wrap(name, contentW/2, fontSmall)[0]
		w := swatch + r.width(line, fontSmall) + gap
		if x > 0 && x+w > contentW {
			r.y += lh
			r.room(lh)
			x = 0
		}
		sx, tx := margin+x, margin+x+swatch
		if r.rtl {
			sx = pageW - margin - x - 3
			tx = pageW - margin - x - w + gap
		}
		draw(sx, r.y)
		r.drawLine(tx, r.y, w-swatch-gap, line, fontSmall, alignStart)
		x += w
	}
	r.y += lh
}

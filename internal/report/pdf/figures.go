package pdf

import (
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"truce/internal/report/doc"
)

// figuresPerRow is how many headline figures share a row.
const figuresPerRow = 4

// figures draws headline figures in a grid of boxes, in reading order (from the right in an RTL
// document): the label, the value, the change against the previous value with the previous value
// in brackets ("+3 (12)", after an arrow drawn up or down), and the log entries counted (under
// the row, marked "[n]", when they need more than maxBoxRefLines lines).
func (r *renderer) figures(fs doc.Figures) {
	const gap, pad = 3.0, 2.0
	boxW := (contentW - gap*(figuresPerRow-1)) / figuresPerRow
	inner := boxW - 2*pad
	for start := 0; start < len(fs.Items); start += figuresPerRow {
		row := fs.Items[start:min(start+figuresPerRow, len(fs.Items))]
		type laid struct{ label, refs []string }
		lays := make([]laid, len(row))
		var notes []string // references too long for their box, listed under the row
		h := 0.0
		for i, it := range row {
			lays[i] = laid{r.wrap(it.Label, inner, fontSmallB), r.wrap(compactRefs(it.Refs), inner, fontSmall)}
			switch {
			case len(it.Refs) == 0:
				lays[i].refs = nil
			case len(lays[i].refs) > maxBoxRefLines:
				mark := "[" + strconv.Itoa(start+i+1) + "]"
				notes = append(notes, mark+" "+compactRefs(it.Refs))
				lays[i].refs = []string{mark}
			}
			bh := 2*pad + float64(len(lays[i].label))*lineHeight(fontSmallB) + lineHeight(fontFigure) +
				lineHeight(fontSmall) + float64(len(lays[i].refs))*lineHeight(fontSmall)
			h = max(h, bh)
		}
		r.room(h)
		for i, it := range row {
			x := margin + float64(i)*(boxW+gap)
			if r.rtl {
				x = pageW - margin - boxW - float64(i)*(boxW+gap)
			}
			r.f.SetDrawColor(190, 190, 190)
			r.f.SetFillColor(246, 246, 246)
			r.f.SetLineWidth(0.2)
			r.f.Rect(x, r.y, boxW, h, "FD")
			y := r.y + pad
			for _, l := range lays[i].label {
				r.drawLine(x+pad, y, inner, l, fontSmallB, alignStart)
				y += lineHeight(fontSmallB)
			}
			r.drawLine(x+pad, y, inner, r.prepare(strconv.FormatInt(it.Value, 10)), fontFigure, alignStart)
			y += lineHeight(fontFigure)
			if it.Previous != nil {
				const arrowW = 3.5
				ax, tx := x+pad, x+pad+arrowW
				if r.rtl {
					ax, tx = x+boxW-pad-arrowW+0.5, x+pad
				}
				r.arrow(ax, y+0.4, it.Value-*it.Previous)
				r.f.SetTextColor(70, 70, 70)
				r.drawLine(tx, y, inner-arrowW, change(it.Value, *it.Previous), fontSmall, alignStart)
				r.f.SetTextColor(0, 0, 0)
			}
			y += lineHeight(fontSmall)
			r.f.SetTextColor(100, 100, 100)
			for _, l := range lays[i].refs {
				r.drawLine(x+pad, y, inner, l, fontSmall, alignStart)
				y += lineHeight(fontSmall)
			}
			r.f.SetTextColor(0, 0, 0)
		}
		r.y += h + gap
		r.f.SetTextColor(100, 100, 100)
		for _, n := range notes {
			r.text(n, fontSmall, alignStart)
		}
		r.f.SetTextColor(0, 0, 0)
		if len(notes) > 0 {
			r.y += gap
		}
	}
}

// maxBoxRefLines is how many lines of references a figure's box holds; longer ones are listed
// under the row of boxes, across the page, and the box shows their mark ("[2]").
const maxBoxRefLines = 3

// change formats a value's change against the previous one, and the previous value in
// brackets: "+3 (12)", "-2 (9)", "0 (5)".
func change(value, previous int64) string {
	d := value - previous
	prev := " (" + strconv.FormatInt(previous, 10) + ")"
	switch {
	case d > 0:
		return "+" + strconv.FormatInt(d, 10) + prev
	case d < 0:
		return "-" + strconv.FormatUint(uint64(-(d+1))+1, 10) + prev
	default:
		return "0" + prev
	}
}

// arrow draws a small triangle with its top left at (x, y): pointing up for a rise, down for a
// fall, nothing when unchanged (the fonts have no arrow glyphs, so it is drawn).
func (r *renderer) arrow(x, y float64, d int64) {
	const w, h = 2.4, 2.1
	var pts []fpdf.PointType
	switch {
	case d > 0:
		pts = []fpdf.PointType{{X: x, Y: y + h}, {X: x + w, Y: y + h}, {X: x + w/2, Y: y}}
	case d < 0:
		pts = []fpdf.PointType{{X: x, Y: y}, {X: x + w, Y: y}, {X: x + w/2, Y: y + h}}
	default:
		return
	}
	r.f.SetFillColor(70, 70, 70)
	r.f.Polygon(pts, "F")
}

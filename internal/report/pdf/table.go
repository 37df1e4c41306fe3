package pdf

import (
	"truce/internal/report/doc"
)

// cellPad is the space inside a table cell, in millimetres.
const cellPad = 1.2

// refsHeader heads the column that lists each row's log entries; it is the same in every language.
const refsHeader = "#"

// grid is a table ready to draw: header and rows of prepared text, column widths, alignment.
type grid struct {
	header  []string
	rows    [][]string
	numeric [][]bool
	widths  []float64
}

// table draws a table with its caption; the header row is repeated at the top of every page the
// table continues on. Numeric cells align to the end of their column; in an RTL document the first
// column is the rightmost. When any cell names log entries, a last column lists each row's entries.
func (r *renderer) table(t doc.Table) {
	g := r.layoutTable(t)
	if len(g.widths) == 0 {
		return
	}
	if t.Caption != "" {
		r.room(lineHeight(fontBold) + 2*lineHeight(fontSmall) + 2*cellPad)
		r.text(t.Caption, fontBold, alignStart)
		r.y += 1
	}
	r.tableRow(g.header, nil, g.widths, fontSmallB, true)
	for i, row := range g.rows {
		if r.y+r.rowHeight(row, g.widths, fontSmall) > bottom {
			r.newPage()
			r.tableRow(g.header, nil, g.widths, fontSmallB, true)
		}
		r.tableRow(row, g.numeric[i], g.widths, fontSmall, false)
	}
}

// layoutTable prepares a table's text and chooses column widths that fill the content width, each
// in proportion to its widest line (capped, so one long text column cannot squeeze the others).
func (r *renderer) layoutTable(t doc.Table) grid {
	n := len(t.Columns)
	withRefs := false
	for _, row := range t.Rows {
		n = max(n, len(row))
		for _, c := range row {
			withRefs = withRefs || len(c.Refs) > 0
		}
	}
	if n == 0 {
		return grid{}
	}
	cols := n
	if withRefs {
		cols++
	}
	g := grid{header: make([]string, cols), widths: make([]float64, cols)}
	natural := make([]float64, cols)
	for i, c := range t.Columns {
		g.header[i] = c
		natural[i] = r.width(r.prepare(c), fontSmallB)
	}
	if withRefs {
		g.header[n] = refsHeader
		natural[n] = r.width(refsHeader, fontSmallB)
	}
	for _, row := range t.Rows {
		texts := make([]string, cols)
		nums := make([]bool, cols)
		var refs []doc.Ref
		for i, c := range row {
			texts[i], nums[i] = c.Text, c.Numeric
			natural[i] = max(natural[i], r.width(r.prepare(c.Text), fontSmall))
			refs = append(refs, c.Refs...)
		}
		if withRefs {
			texts[n] = compactRefs(refs)
			natural[n] = max(natural[n], r.width(texts[n], fontSmall))
		}
		g.rows = append(g.rows, texts)
		g.numeric = append(g.numeric, nums)
	}
	sum := 0.0
	for i := range natural {
		natural[i] = min(natural[i], contentW/2) + 2*cellPad + 0.5
		sum += natural[i]
	}
	for i := range natural {
		g.widths[i] = natural[i] * contentW / sum
	}
	return g
}

// rowHeight is the height of a row once its cells are wrapped to their columns.
func (r *renderer) rowHeight(row []string, widths []float64, ft font) float64 {
	lines := 1
	for i, c := range row {
		lines = max(lines, len(r.wrap(c, widths[i]-2*cellPad, ft)))
	}
	return float64(lines)*lineHeight(ft) + 2*cellPad
}

// tableRow draws one row at the cursor and moves the cursor below it.
func (r *renderer) tableRow(row []string, numeric []bool, widths []float64, ft font, header bool) {
	h := r.rowHeight(row, widths, ft)
	r.f.SetLineWidth(0.15)
	r.f.SetDrawColor(200, 200, 200)
	if header {
		r.f.SetFillColor(228, 232, 238)
		r.f.Rect(margin, r.y, contentW, h, "FD")
	} else {
		r.f.Line(margin, r.y+h, pageW-margin, r.y+h)
	}
	x := margin
	if r.rtl {
		x = pageW - margin
	}
	for i, c := range row {
		w := widths[i]
		if r.rtl {
			x -= w
		}
		a := alignStart
		if i < len(numeric) && numeric[i] {
			a = alignEnd
		}
		for j, l := range r.wrap(c, w-2*cellPad, ft) {
			r.drawLine(x+cellPad, r.y+cellPad+float64(j)*lineHeight(ft), w-2*cellPad, l, ft, a)
		}
		if !r.rtl {
			x += w
		}
	}
	r.y += h
}

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
	header := r.wrapRow(g.header, g.widths, fontSmallB)
	r.tableRow(header, nil, g.widths, fontSmallB, true, nil)
	for i, row := range g.rows {
		cells := r.wrapRow(row, g.widths, fontSmall)
		if r.y+rowHeight(cells, fontSmall) > bottom {
			r.newPage()
			r.tableRow(header, nil, g.widths, fontSmallB, true, nil)
		}
		r.tableRow(cells, g.numeric[i], g.widths, fontSmall, false, header)
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

// wrapRow wraps each cell of a row to its column.
func (r *renderer) wrapRow(row []string, widths []float64, ft font) [][]string {
	cells := make([][]string, len(row))
	for i, c := range row {
		cells[i] = r.wrap(c, widths[i]-2*cellPad, ft)
	}
	return cells
}

// rowHeight is the height of a row of wrapped cells.
func rowHeight(cells [][]string, ft font) float64 {
	lines := 1
	for _, c := range cells {
		lines = max(lines, len(c))
	}
	return float64(lines)*lineHeight(ft) + 2*cellPad
}

// tableRow draws one row of wrapped cells at the cursor and moves the cursor below it. A row
// taller than the rest of the page (only one taller than a page gets here) continues on the next
// page, under the header row again (when header is not nil); a row is never cut off.
func (r *renderer) tableRow(cells [][]string, numeric []bool, widths []float64, ft font, isHeader bool, header [][]string) {
	lh := lineHeight(ft)
	lines := int((rowHeight(cells, ft)-2*cellPad)/lh + 0.5)
	for from := 0; from < lines; {
		n := lines - from
		if avail := int((bottom - r.y - 2*cellPad) / lh); avail < n && avail >= 1 {
			n = avail
		}
		h := float64(n)*lh + 2*cellPad
		r.f.SetLineWidth(0.15)
		r.f.SetDrawColor(200, 200, 200)
		if isHeader {
			r.f.SetFillColor(228, 232, 238)
			r.f.Rect(margin, r.y, contentW, h, "FD")
		} else {
			r.f.Line(margin, r.y+h, pageW-margin, r.y+h)
		}
		x := margin
		if r.rtl {
			x = pageW - margin
		}
		for i, c := range cells {
			w := widths[i]
			if r.rtl {
				x -= w
			}
			a := alignStart
			if i < len(numeric) && numeric[i] {
				a = alignEnd
			}
			for j := from; j < min(len(c), from+n); j++ {
				r.drawLine(x+cellPad, r.y+cellPad+float64(j-from)*lh, w-2*cellPad, c[j], ft, a)
			}
			if !r.rtl {
				x += w
			}
		}
		r.y += h
		from += n
		if from < lines {
			r.newPage()
			if header != nil {
				r.tableRow(header, nil, widths, fontSmallB, true, nil)
			}
		}
	}
}

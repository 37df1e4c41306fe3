// Package pdf renders a report (internal/report/doc) as an A4 PDF inside the binary: no browser
// or external program at run time.
//
// Text is set in embedded subsets of Noto Sans (Latin, Cyrillic) and Noto Sans Arabic, embedded
// as subset TrueType fonts with a ToUnicode map so that readers extract and search the text.
// Arabic is shaped into presentation forms and every line is ordered for display by
// internal/textshape; the pages of a right-to-left document are laid out right to left (text at
// the right margin, table columns, charts and figure grids mirrored). Charts and the map are
// vector graphics; the map draws the embedded Natural Earth outlines (internal/basemap) in an
// equirectangular projection fitted to the map's bound. Every figure and table row prints the log
// entries it states, compactly ("un#1204,1207"), so each line can be checked against the log.
//
// The output is deterministic: the same Document gives the same bytes (the PDF's creation date is
// fixed, not the time of rendering), so the report's hash can be logged and checked.
package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"truce/internal/report/doc"
)

// Page geometry of A4 portrait, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 18.0
	footerH      = 12.0
	contentW     = pageW - 2*margin
	bottom       = pageH - margin - footerH // the lowest y body content may reach
)

// Fonts of the layout.
var (
	fontTitle    = font{size: 18, bold: true}
	fontSubtitle = font{size: 11}
	fontHeading  = font{size: 13, bold: true}
	fontBody     = font{size: 9.5}
	fontBold     = font{size: 9.5, bold: true}
	fontSmall    = font{size: 7.5}
	fontSmallB   = font{size: 7.5, bold: true}
	fontFigure   = font{size: 16, bold: true}
)

// langTag matches what the PDF's /Lang may carry: the letters, digits and hyphens of a BCP 47 tag.
var langTag = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// renderer lays out one Document; it is used once.
type renderer struct {
	f     *fpdf.Fpdf
	d     doc.Document
	rtl   bool
	faces [2]*metrics
	added [2][2]bool // [face][bold]: font added to the PDF
	y     float64    // the top of the next block on the current page
}

// Render lays out d as an A4 PDF and returns its bytes. It lays out every block kind of doc
// (paragraphs, figures, tables, bar charts, maps), puts the footer and "page / pages" on every
// page, and draws a right-to-left document (d.RTL) from the right margin. Text a font cannot draw
// is shown as U+FFFD; an unknown block kind is an error. Render does not filter anything: d must
// already hold only what its audience may see.
func Render(d doc.Document) ([]byte, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	r := &renderer{d: d, rtl: d.RTL, faces: fs}
	r.f = fpdf.New("P", "mm", "A4", "")
	r.setup()
	r.f.AddPage()
	r.y = margin
	r.header()
	for _, s := range d.Sections {
		r.section(s)
		if err := r.blocks(s); err != nil {
			return nil, err
		}
	}
	if err := r.f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: render %q: %w", d.Title, err)
	}
	var buf bytes.Buffer
	if err := r.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: write %q: %w", d.Title, err)
	}
	return buf.Bytes(), nil
}

// setup sets the page, the document's metadata and the footer; fonts are added when first used.
func (r *renderer) setup() {
	f := r.f
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(false, margin)
	f.SetCompression(true)
	f.SetCatalogSort(true)
	epoch := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	f.SetCreationDate(epoch)
	f.SetModificationDate(epoch)
	// fpdf panics on invalid UTF-8 in metadata and writes Lang unescaped: give it only valid text
	// and a well-formed language tag.
	f.SetTitle(strings.ToValidUTF8(r.d.Title, "\uFFFD"), true)
	f.SetCreator("truce", false)
	f.SetProducer("truce", false)
	if langTag.MatchString(r.d.Lang) {
		f.SetLang(r.d.Lang)
	}
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(r.footer)
}

// footer draws the document's footer line and the page number on the current page.
func (r *renderer) footer() {
	y := pageH - margin - footerH + 4
	r.f.SetDrawColor(160, 160, 160)
	r.f.SetLineWidth(0.2)
	r.f.Line(margin, y-1.5, pageW-margin, y-1.5)
	r.f.SetTextColor(90, 90, 90)
	num := fmt.Sprintf("%d / {nb}", r.f.PageNo())
	numW := r.width(num, fontSmall) + 4
	lines := r.wrap(r.d.Footer, contentW-numW-4, fontSmall)
	for i, l := range lines[:min(len(lines), 2)] {
		r.drawLine(margin, y+float64(i)*lineHeight(fontSmall), contentW, l, fontSmall, alignStart)
	}
	// The page number sits at the end of the line, drawn as is ("3 / 12") in either direction.
	r.setFont(sans, fontSmall)
	x := pageW - margin - numW + 4
	if r.rtl {
		x = margin
	}
	r.f.Text(x, y+fontSmall.size*mmPerPt*0.8, num)
	r.f.SetTextColor(0, 0, 0)
}

// newPage starts a page; the body continues at its top margin.
func (r *renderer) newPage() {
	r.f.AddPage()
	r.y = margin
}

// room makes sure h millimetres fit below the cursor, starting a page when they do not (unless
// the cursor is already at the top of a page).
func (r *renderer) room(h float64) {
	if r.y+h > bottom && r.y > margin+0.1 {
		r.newPage()
	}
}

// text draws s wrapped to the content width in font ft, starting a page as needed.
func (r *renderer) text(s string, ft font, a align) {
	lh := lineHeight(ft)
	for _, l := range r.wrap(s, contentW, ft) {
		r.room(lh)
		r.drawLine(margin, r.y, contentW, l, ft, a)
		r.y += lh
	}
}

// header draws the title, subtitle and the meta lines.
func (r *renderer) header() {
	r.text(r.d.Title, fontTitle, alignStart)
	if r.d.Subtitle != "" {
		r.f.SetTextColor(70, 70, 70)
		r.text(r.d.Subtitle, fontSubtitle, alignStart)
		r.f.SetTextColor(0, 0, 0)
	}
	r.y += 2
	r.meta()
	r.y += 3
}

// meta draws the label/value lines in two columns: labels in bold, values wrapped beside them.
func (r *renderer) meta() {
	if len(r.d.Meta) == 0 {
		return
	}
	labelW := 0.0
	for _, m := range r.d.Meta {
		labelW = max(labelW, r.width(r.prepare(m.Label), fontBold))
	}
	labelW = min(labelW+3, contentW/3)
	lh := lineHeight(fontBody)
	for _, m := range r.d.Meta {
		labels := r.wrap(m.Label, labelW-3, fontBold)
		values := r.wrap(m.Value, contentW-labelW, fontBody)
		n := max(len(labels), len(values))
		r.room(float64(n) * lh)
		lx, vx := margin, margin+labelW
		if r.rtl {
			lx, vx = pageW-margin-labelW+3, margin
		}
		for i, l := range labels {
			r.drawLine(lx, r.y+float64(i)*lh, labelW-3, l, fontBold, alignStart)
		}
		for i, v := range values {
			r.drawLine(vx, r.y+float64(i)*lh, contentW-labelW, v, fontBody, alignStart)
		}
		r.y += float64(n) * lh
	}
}

// section draws a section's heading with a rule under it, keeping it on the page of the block
// after it.
func (r *renderer) section(s doc.Section) {
	r.y += 3
	keep := 30.0 // room for the first lines of a paragraph, figures or table
	if len(s.Blocks) > 0 {
		keep = r.keepHeight(deref(s.Blocks[0]))
	}
	r.room(lineHeight(fontHeading) + 3 + keep)
	r.text(s.Heading, fontHeading, alignStart)
	r.f.SetDrawColor(120, 120, 120)
	r.f.SetLineWidth(0.3)
	r.f.Line(margin, r.y, pageW-margin, r.y)
	r.y += 2.5
}

// keepHeight is how much of block b must fit on the page of the heading before it: the whole of
// a chart or map (they are never split), the start of anything else.
func (r *renderer) keepHeight(b doc.Block) float64 {
	switch b := b.(type) {
	case doc.BarChart:
		return lineHeight(fontBold) + chartH + chartLabelH + 2*lineHeight(fontSmall) + 4
	case doc.Map:
		h := mapMaxH
		if view, ok := viewBound(b.Bound); ok {
			_, h = fit(view, margin, 0, contentW, mapMaxH)
		}
		return lineHeight(fontBold) + h + lineHeight(fontSmall)*(1+attributeH) + 3
	}
	return 30
}

// blocks draws the blocks of a section in order; a nil block is skipped.
func (r *renderer) blocks(s doc.Section) error {
	for i, b := range s.Blocks {
		switch b := deref(b).(type) {
		case nil:
			continue
		case doc.Paragraph:
			r.text(b.Text, fontBody, alignStart)
		case doc.Figures:
			r.figures(b)
		case doc.Table:
			r.table(b)
		case doc.BarChart:
			r.barChart(b)
		case doc.Map:
			r.drawMap(b)
		default:
			return fmt.Errorf("pdf: section %q block %d: unknown block kind %T", s.ID, i, b)
		}
		r.y += 3
	}
	return nil
}

// deref returns the block a pointer block points to, nil for a nil pointer.
func deref(b doc.Block) doc.Block {
	switch p := b.(type) {
	case *doc.Paragraph:
		if p != nil {
			return *p
		}
	case *doc.Figures:
		if p != nil {
			return *p
		}
	case *doc.Table:
		if p != nil {
			return *p
		}
	case *doc.BarChart:
		if p != nil {
			return *p
		}
	case *doc.Map:
		if p != nil {
			return *p
		}
	default:
		return b
	}
	return nil
}

// Package html renders a report (package doc) as one self-contained HTML
// page: inline CSS, the map and charts as inline SVG drawn from the
// document, no script, dir="rtl" for a right-to-left language, and each
// log entry a line cites as a link to the node's entry and its proof.
package html

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"strconv"

	"truce/internal/basemap"
	"truce/internal/report/doc"
)

//go:embed page.html.tmpl
var files embed.FS

// page is the page template; its functions are set by Render.
var page = template.Must(template.New("page.html.tmpl").Funcs(template.FuncMap{
	"figures": func(b doc.Block) *doc.Figures { return asPtr[doc.Figures](b) },
	"table":   func(b doc.Block) *doc.Table { return asPtr[doc.Table](b) },
	"para":    func(b doc.Block) *doc.Paragraph { return asPtr[doc.Paragraph](b) },
	"chart":   func(b doc.Block) *doc.BarChart { return asPtr[doc.BarChart](b) },
	"mapblk":  func(b doc.Block) *doc.Map { return asPtr[doc.Map](b) },
	"svgChart": func(c *doc.BarChart, rtl bool) template.HTML {
		return template.HTML(barChartSVG(c, rtl))
	},
	"svgMap":      func(m *doc.Map) template.HTML { return template.HTML(mapSVG(m)) },
	"attribution": basemap.Attribution,
	"delta": func(f doc.Figure) string {
		if f.Previous == nil {
			return ""
		}
		d := f.Value - *f.Previous
		if d > 0 {
			return "+" + strconv.FormatInt(d, 10)
		}
		return strconv.FormatInt(d, 10)
	},
	"dir": func(rtl bool) string {
		if rtl {
			return "rtl"
		}
		return "ltr"
	},
	"refs":  func(base string, r []doc.Ref) refList { return refList{Base: base, Refs: r} },
	"entry": func(r doc.Ref) string { return fmt.Sprintf("/api/v1/log/entries/%d", r.Index) },
	"proof": func(r doc.Ref) string { return fmt.Sprintf("/api/v1/log/entries/%d/proof", r.Index) },
}).ParseFS(files, "page.html.tmpl"))

// refList is the log entries one line cites, and the node's URL.
type refList struct {
	Base string
	Refs []doc.Ref
}

// asPtr returns b as a *T, or nil if it is not a T.
func asPtr[T any](b doc.Block) *T {
	if v, ok := b.(T); ok {
		return &v
	}
	return nil
}

// Options are how a page links to the node.
type Options struct {
	// Base is the node's URL the entry links are relative to ("" for
	// links relative to the page's own origin).
	Base string
}

// Render returns d as one HTML page. Every Ref of d becomes a link to
// opts.Base + "/api/v1/log/entries/{index}" (the entry with its inclusion
// proof) for the node's own origin; the page needs no script, style sheet
// or image from elsewhere. It fails only if the template cannot be
// executed.
func Render(d doc.Document, opts Options) ([]byte, error) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, struct {
		D    doc.Document
		Base string
	}{d, opts.Base}); err != nil {
		return nil, fmt.Errorf("report/html: render: %w", err)
	}
	return buf.Bytes(), nil
}

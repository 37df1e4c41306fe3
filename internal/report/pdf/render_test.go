package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"truce/internal/report/doc"
)

// TestRenderLanguages renders the rich fixture (every block kind, a table over several pages) in
// each language and checks with poppler that every page has its number, every heading and table
// text is extractable (Arabic as its logical letters), and the table's header is repeated.
func TestRenderLanguages(t *testing.T) {
	const rows = 150
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			w := fixtureWords[lang]
			b, err := Render(fixture(lang, rows, 30, 200))
			if err != nil {
				t.Fatal(err)
			}
			path := writePDF(t, b)
			n := pages(t, path)
			if n < 5 {
				t.Fatalf("%d pages, want at least 5 (a %d-row table spans pages)", n, rows)
			}
			var all strings.Builder
			headerPages := 0
			for p := 1; p <= n; p++ {
				text := pageText(t, path, p)
				// pdftotext drops the narrow spaces around the slash: "3/6".
				if !regexp.MustCompile(fmt.Sprintf(`(^|\s)%d\s*/\s*%d(\s|$)`, p, n)).MatchString(text) {
					t.Errorf("page %d: no page number \"%d / %d\"", p, p, n)
				}
				if !containsWords(text, w.footer) {
					t.Errorf("page %d: footer %q missing", p, w.footer)
				}
				if strings.Contains(text, w.colPlace) && strings.Contains(text, w.colCount) {
					headerPages++
				}
				all.WriteString(text)
			}
			if headerPages < 3 {
				t.Errorf("table header found on %d pages, want it repeated on every page of the table (>= 3)", headerPages)
			}
			text := all.String()
			for _, want := range []string{
				w.title, w.summary, w.incidents, w.charts, w.mapHead, w.caption,
				w.colPlace, w.colKind, w.colStatus, w.colCount, w.kind, w.status,
				w.fig1, w.fig3, w.chartTitle, w.mapTitle, w.layerZone, w.layerIncident, w.layerSite,
				fmt.Sprintf("%s %d", w.place, rows), fmt.Sprintf("un#%d", 2000+rows-1),
				"un#1204–1206", "us#17", "5–7",
			} {
				if !containsWords(text, want) {
					t.Errorf("extracted text lacks %q", want)
				}
			}
		})
	}
}

// containsWords reports whether every word of want occurs in text (pdftotext may order the words
// of a mixed-direction line differently from the logical order, never the letters of a word).
func containsWords(text, want string) bool {
	for _, w := range strings.Fields(want) {
		// Punctuation at a word's edge may land at the other edge in right-to-left extraction.
		if !strings.Contains(text, strings.TrimFunc(w, unicode.IsPunct)) {
			return false
		}
	}
	return true
}

// TestRenderDirection checks the layout direction on page 1: an Arabic title starts at the right
// margin and its first word is right of its last; table columns are mirrored; a reference and a
// number range inside Arabic keep their left-to-right order. English is the mirror image.
func TestRenderDirection(t *testing.T) {
	const right = (pageW - margin) / mmPerPt // the right margin in points
	const left = margin / mmPerPt
	for _, tt := range []struct {
		lang              string
		first, last       string // first and last word of the title, logical order
		rtl               bool
		ref, rangeOfWords string
	}{
		{"en", "Daily", "report", false, "us#1204", "5–7"},
		{"ar", "تقرير", "اليومي", true, "us#1204", "5–7"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			w := fixtureWords[tt.lang]
			b, err := Render(fixture(tt.lang, 10, 7, 10))
			if err != nil {
				t.Fatal(err)
			}
			ws := pdfWords(t, writePDF(t, b))
			find := func(text string) word {
				t.Helper()
				if x, ok := findWord(ws, 1, text); ok {
					return x
				}
				t.Fatalf("word %q not on page 1", text)
				return word{}
			}
			first, last := find(tt.first), find(tt.last)
			place, kind := find(w.colPlace), find(w.colKind)
			// A reference and a number range inside Arabic keep their left-to-right order.
			for _, want := range []string{tt.ref, tt.rangeOfWords} {
				if !slices.ContainsFunc(ws, func(x word) bool { return x.page == 1 && strings.Contains(x.text, want) }) {
					t.Errorf("no word on page 1 reads %q left to right", want)
				}
			}
			if tt.rtl {
				if first.xMin <= last.xMin {
					t.Errorf("title's first word at x=%.1f, last at %.1f: want the first at the right", first.xMin, last.xMin)
				}
				if right-first.xMax > 3 {
					t.Errorf("title ends at x=%.1f, want it at the right margin %.1f", first.xMax, right)
				}
				if place.xMin <= kind.xMin {
					t.Errorf("first column at x=%.1f, second at %.1f: want columns mirrored", place.xMin, kind.xMin)
				}
				return
			}
			if first.xMin >= last.xMin || first.xMin-left > 3 {
				t.Errorf("title's first word at x=%.1f, last at %.1f: want the first at the left margin", first.xMin, last.xMin)
			}
			if place.xMin >= kind.xMin {
				t.Errorf("first column at x=%.1f, second at %.1f: want it on the left", place.xMin, kind.xMin)
			}
		})
	}
}

// TestRenderDeterministic checks that a Document always gives the same bytes, so the report's
// hash can be logged and checked.
func TestRenderDeterministic(t *testing.T) {
	d := fixture("ar", 40, 10, 50)
	a, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of one Document differ")
	}
}

// TestRenderEdges renders documents a caller may well build: empty, nil blocks, empty tables and
// charts, a map with no area or a non-finite bound. Each renders as a valid PDF.
func TestRenderEdges(t *testing.T) {
	var nilTable *doc.Table
	tests := []struct {
		name string
		d    doc.Document
	}{
		{"empty", doc.Document{}},
		{"nil blocks", doc.Document{Sections: []doc.Section{{Heading: "x", Blocks: []doc.Block{nil, nilTable, &doc.Paragraph{Text: "p"}}}}}},
		{"empty table and chart", doc.Document{Sections: []doc.Section{{Blocks: []doc.Block{doc.Table{}, doc.BarChart{}, doc.Figures{}}}}}},
		{"ragged table", doc.Document{Sections: []doc.Section{{Blocks: []doc.Block{doc.Table{Columns: []string{"a"}, Rows: [][]doc.Cell{{{Text: "1"}, {Text: "2"}}, {}}}}}}}},
		{"point map", doc.Document{Sections: []doc.Section{{Blocks: []doc.Block{doc.Map{Basemap: true}}}}}},
		{"word wider than a page", doc.Document{Title: strings.Repeat("W", 400), RTL: true}},
		{"invalid metadata", doc.Document{Title: "\xe2 report", Lang: "ar) /Evil"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Render(tt.d)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-32:], []byte("%%EOF")) {
				t.Fatalf("not a PDF: %q…", b[:min(len(b), 16)])
			}
			if n := pages(t, writePDF(t, b)); n < 1 {
				t.Fatalf("%d pages", n)
			}
		})
	}
}

// TestRenderKeepsHeadingWithMap fills page 1 to every height near its end and checks that a
// section's heading is never left at the bottom of a page without the map that follows it.
func TestRenderKeepsHeadingWithMap(t *testing.T) {
	w := fixtureWords["en"]
	full := fixture("en", 0, 0, 10)
	for rows := 20; rows <= 32; rows += 2 {
		d := fixture("en", rows, 0, 10)
		d.Sections = []doc.Section{d.Sections[1], full.Sections[3]}
		b, err := Render(d)
		if err != nil {
			t.Fatal(err)
		}
		path := writePDF(t, b)
		for p := 1; p <= pages(t, path); p++ {
			text := pageText(t, path, p)
			if strings.Contains(text, w.mapHead+"\n") != strings.Contains(text, w.mapTitle) {
				t.Errorf("%d rows: page %d has the heading %q or the map %q without the other", rows, p, w.mapHead, w.mapTitle)
			}
		}
	}
}

// TestRenderTallRow renders a table row taller than a page: it continues on the next pages under
// the repeated header, and every word of it is on a page.
func TestRenderTallRow(t *testing.T) {
	var words []string
	for i := range 2500 {
		words = append(words, fmt.Sprintf("w%04d", i))
	}
	d := doc.Document{Title: "Tall", Sections: []doc.Section{{Heading: "Rows", Blocks: []doc.Block{doc.Table{
		Columns: []string{"Place", "Narrative"},
		Rows:    [][]doc.Cell{{{Text: "Aleppo"}, {Text: strings.Join(words, " ")}}, {{Text: "Idlib"}, {Text: "after"}}},
	}}}}}
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, b)
	n := pages(t, path)
	if n < 2 {
		t.Fatalf("%d pages, want the row to continue on a second", n)
	}
	var all strings.Builder
	for p := 1; p <= n; p++ {
		text := pageText(t, path, p)
		if !strings.Contains(text, "Narrative") {
			t.Errorf("page %d: no header row", p)
		}
		all.WriteString(text)
	}
	text := all.String()
	for _, w := range append(words, "Idlib", "after") {
		if !strings.Contains(text, w) {
			t.Fatalf("word %q of the tall row is on no page", w)
		}
	}
}

// TestRenderFigureManyRefs renders a figure counting 1,500 scattered log entries: its references
// do not fit its box, so they are listed under the boxes across as many pages as they need, and
// every one is on a page.
func TestRenderFigureManyRefs(t *testing.T) {
	var refs []doc.Ref
	for i := range 1500 {
		refs = append(refs, doc.Ref{Origin: "truce.un.example/un", Index: uint64(10000 + 3*i)})
	}
	d := doc.Document{Title: "Figures", Sections: []doc.Section{{Heading: "Summary", Blocks: []doc.Block{doc.Figures{Items: []doc.Figure{
		{Label: "Incidents", Value: 1500, Refs: refs},
		{Label: "Confirmed", Value: 1, Refs: refs[:1]},
	}}}}}}
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, b)
	var all strings.Builder
	for p := 1; p <= pages(t, path); p++ {
		all.WriteString(pageText(t, path, p))
	}
	text := all.String()
	for _, ref := range refs {
		if !strings.Contains(text, fmt.Sprint(ref.Index)) {
			t.Fatalf("reference %d is on no page", ref.Index)
		}
	}
	if strings.Count(text, "[1]") < 2 || !strings.Contains(text, "un#10000,") { // the mark in the box and before the list
		t.Errorf("the first figure's references are not listed under its mark [1]")
	}
}

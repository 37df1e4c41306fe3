package pdf

import (
	"strings"
	"testing"

	"truce/internal/report/doc"
)

// BenchmarkRender1000 renders the report of a day with 1,000 incidents: a 1,000-row table, three
// 30-day charts and a map of 1,000 points over the basemap, in Arabic (shaping and bidi on every
// line) and in English.
func BenchmarkRender1000(b *testing.B) {
	for _, lang := range []string{"en", "ar"} {
		d := fixture(lang, 1000, 30, 1000)
		b.Run(lang, func(b *testing.B) {
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				out, err := Render(d)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size)/1024, "KiB/pdf")
		})
	}
}

// BenchmarkRenderLongText renders text no report should hold but any caller may pass: a word of
// 100,000 letters (cut at every line's edge) and a paragraph of 20,000 words, in a paragraph and
// a table cell. Cutting a long word was quadratic in its length (13 s for this one).
func BenchmarkRenderLongText(b *testing.B) {
	for name, s := range map[string]string{"word": strings.Repeat("W", 100000), "words": strings.Repeat("word ", 20000)} {
		d := doc.Document{Title: s[:1000], Sections: []doc.Section{{Heading: s[:500], Blocks: []doc.Block{
			doc.Paragraph{Text: s}, doc.Table{Columns: []string{s[:3000]}, Rows: [][]doc.Cell{{{Text: s[:20000]}}}}}}}}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Render(d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

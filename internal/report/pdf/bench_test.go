package pdf

import "testing"

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

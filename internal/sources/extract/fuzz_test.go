package extract

import (
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzFromHTML: any page converts without panic, and the text and its map
// back to the page are consistent. Seeds are in testdata/fuzz/FuzzFromHTML.
func FuzzFromHTML(f *testing.F) {
	f.Add([]byte(`<html lang="ar"><meta name="date" content="2026-03-12"><p>قصف &amp; <b>إدلب</b></p>`))
	f.Add([]byte("<p>a<!-- x --><script>y</script>&#x41;&bogus;\xff</p><div"))
	f.Fuzz(func(t *testing.T, page []byte) {
		d, err := FromHTML(page)
		if err != nil {
			return
		}
		if !utf8.ValidString(d.Text) {
			t.Fatalf("text not UTF-8: %q", d.Text)
		}
		if len(d.starts) != len(d.Text) || len(d.ends) != len(d.Text) {
			t.Fatalf("map of %d/%d for %d bytes", len(d.starts), len(d.ends), len(d.Text))
		}
		prev := int32(0)
		for i := range d.starts {
			if d.starts[i] < prev || d.ends[i] <= d.starts[i] || int(d.ends[i]) > len(page) {
				t.Fatalf("byte %d: [%d, %d) of a %d-byte page", i, d.starts[i], d.ends[i], len(page))
			}
			prev = d.starts[i]
		}
		for _, s := range []Span{{0, len(d.Text)}, {len(d.Text) / 2, len(d.Text)}, {-1, 1 << 30}} {
			if got := d.SourceSpan(s); got.Start < 0 || got.End > len(page) || got.End < got.Start {
				t.Fatalf("SourceSpan(%v) = %v for a %d-byte page", s, got, len(page))
			}
		}
	})
}

// FuzzExtract: any text, in any of the languages, extracts without panic,
// and every span, location and interval of every draft is well formed.
// Seeds are in testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	f.Add("Russian jets struck 10 km east of Saraqib on Thursday, killing at least 12 civilians.", uint8(0))
	f.Add("Вчера под Манбиджем погибли не менее 12 человек.", uint8(1))
	f.Add("قصفت القوات الحكومية ريف إدلب الجنوبي أمس.", uint8(2))
	x := extractor(f)
	langs := []string{English, Russian, Arabic, ""}
	f.Fuzz(func(t *testing.T, text string, lang uint8) {
		res, err := x.Extract(Input{Text: text, Lang: langs[int(lang)%len(langs)], Published: pub})
		if err != nil {
			return
		}
		for _, d := range res.Drafts {
			spans := append([]Span(nil), d.Spans...)
			for _, l := range d.Locations {
				spans = append(spans, l.Span)
				if math.IsNaN(l.Lat) || math.IsNaN(l.Lon) || math.Abs(l.Lat) > 90 || math.Abs(l.Lon) > 180 || l.RadiusKM <= 0 {
					t.Fatalf("location %+v", l)
				}
			}
			for _, s := range spans {
				if s.Start < 0 || s.End > len(text) || s.Start >= s.End || !utf8.RuneStart(text[s.Start]) || s.End < len(text) && !utf8.RuneStart(text[s.End]) {
					t.Fatalf("span %v of a %d-byte text", s, len(text))
				}
			}
			if !d.Time.Start.Before(d.Time.End) || !d.Category.Valid() || len(d.Actors) == 0 {
				t.Fatalf("draft %+v", d)
			}
		}
	})
}

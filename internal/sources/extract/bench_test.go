package extract

import (
	"html"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusBodies returns the corpus articles of a language ("" for all), in
// file order.
func corpusBodies(b *testing.B, prefix string) []string {
	b.Helper()
	files, _ := filepath.Glob("testdata/corpus/" + prefix + "*.txt")
	var out []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(t))
	}
	return out
}

// wordsText concatenates corpus articles of a language into a text of at
// least n words, one article per paragraph.
func wordsText(b *testing.B, prefix string, n int) string {
	bodies := corpusBodies(b, prefix)
	var sb strings.Builder
	for words := 0; words < n; {
		for _, t := range bodies {
			sb.WriteString(t)
			sb.WriteString("\n")
			words += len(strings.Fields(t))
			if words >= n {
				break
			}
		}
	}
	return sb.String()
}

// BenchmarkExtract1000Words extracts from a text of 1,000 words (corpus
// articles end to end) per language. Target: 50 ms per text.
func BenchmarkExtract1000Words(b *testing.B) {
	x := extractor(b)
	for _, lang := range []string{English, Russian, Arabic} {
		text := wordsText(b, lang, 1000)
		b.Run(lang, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := x.Extract(Input{Text: text, Published: pub}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFeed1000Items extracts a feed of 1,000 items (the corpus
// articles in turn, each wrapped in a small HTML page and converted with
// FromHTML, as a feed's items are); one op is the whole feed.
func BenchmarkFeed1000Items(b *testing.B) {
	x := extractor(b)
	bodies := corpusBodies(b, "")
	pages := make([][]byte, 1000)
	for i := range pages {
		pages[i] = []byte(`<html><head><meta name="date" content="2026-03-12"></head><body><article><p>` +
			strings.ReplaceAll(html.EscapeString(bodies[i%len(bodies)]), "\n", "</p><p>") + `</p></article></body></html>`)
	}
	for b.Loop() {
		drafts := 0
		for _, p := range pages {
			d, err := FromHTML(p)
			if err != nil {
				b.Fatal(err)
			}
			res, err := x.ExtractDoc(d, Input{})
			if err != nil {
				b.Fatal(err)
			}
			drafts += len(res.Drafts)
		}
		if drafts == 0 {
			b.Fatal("no drafts")
		}
	}
}

// BenchmarkCorrelate proposes the duplicates of one draft among 100,000
// incidents held in an Index.
func BenchmarkCorrelate(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 22))
	cands, drafts := randomWorld(rng, 100000, 1000)
	ix := NewIndex(cands)
	i := 0
	for b.Loop() {
		ix.Correlate(&drafts[i%len(drafts)], CorrelateOptions{})
		i++
	}
}

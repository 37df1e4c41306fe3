package pdf

import (
	_ "embed"
	"fmt"
	"sync"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The fonts are subsets of Noto Sans and Noto Sans Arabic (SIL Open Font License 1.1, in
// fonts/OFL.txt); fonts/README.md says how they were made.
var (
	//go:embed fonts/NotoSans-Regular.ttf
	sansRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	sansBold []byte
	//go:embed fonts/NotoSansArabic-Regular.ttf
	arabicRegular []byte
	//go:embed fonts/NotoSansArabic-Bold.ttf
	arabicBold []byte
)

// face names one embedded font family; the renderer picks one per character.
type face int

const (
	sans   face = iota // Noto Sans: Latin, Cyrillic, punctuation, digits
	arabic             // Noto Sans Arabic: Arabic letters and presentation forms
)

// family is the name each face is registered under in the PDF.
var family = [...]string{sans: "NotoSans", arabic: "NotoSansArabic"}

// metrics are what layout needs of a face: which characters it has and their advance widths in
// thousandths of an em (the unit PDF widths use), for regular and bold.
type metrics struct {
	width [2]map[rune]float64 // [0] regular, [1] bold
}

// has reports whether the face has a glyph for r.
func (m *metrics) has(r rune) bool {
	_, ok := m.width[0][r]
	return ok
}

// faces holds the metrics of the embedded fonts, read once.
var faces = sync.OnceValues(func() ([2]*metrics, error) {
	var out [2]*metrics
	for i, files := range fontFiles {
		m := &metrics{}
		for b, data := range files {
			w, err := advances(data)
			if err != nil {
				return out, fmt.Errorf("pdf: embedded font %s: %w", family[i], err)
			}
			m.width[b] = w
		}
		out[i] = m
	}
	return out, nil
})

// advances reads the advance width of every character a font maps, in thousandths of an em.
func advances(data []byte) (map[rune]float64, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	var buf sfnt.Buffer
	upem := float64(f.UnitsPerEm())
	ppem := fixed.I(int(f.UnitsPerEm()))
	out := make(map[rune]float64, 1024)
	for r := rune(0x20); r <= 0xFFFF; r++ {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			continue
		}
		adv, err := f.GlyphAdvance(&buf, g, ppem, 0)
		if err != nil {
			return nil, fmt.Errorf("advance of %U: %w", r, err)
		}
		out[r] = float64(adv) / 64 * 1000 / upem
	}
	return out, nil
}

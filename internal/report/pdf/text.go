package pdf

import (
	"strings"
	"unicode"

	"truce/internal/textshape"
)

// mmPerPt converts a font size in points to millimetres.
const mmPerPt = 25.4 / 72

// font is a text style: size in points and weight.
type font struct {
	size float64
	bold bool
}

// segment is a stretch of a visual line drawn with one face.
type segment struct {
	face face
	text string
}

// prepare returns s as the renderer draws it, still in logical order: line breaks as U+2028
// (wrap breaks there), other control characters as spaces, bidi and zero-width controls removed (ordering is done by textshape), characters no
// embedded font has as U+FFFD, and Arabic shaped into presentation forms.
func (r *renderer) prepare(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == '\n' || c == '\u2028' || c == '\u2029':
			b.WriteRune('\u2028') // a line break, kept for wrap
		case unicode.IsControl(c):
			b.WriteByte(' ')
		case c == '\u200B' || c == '\u200E' || c == '\u200F' || c == '\uFEFF' ||
			(c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'):
		case c == '\u200C' || c == '\u200D':
			b.WriteRune(c) // joiner controls steer shaping, dropped below
		case r.faces[sans].has(c) || r.faces[arabic].has(c):
			b.WriteRune(c)
		default:
			b.WriteRune('\uFFFD')
		}
	}
	shaped := textshape.Shape(b.String())
	return strings.Map(func(c rune) rune {
		if c == '\u200C' || c == '\u200D' {
			return -1
		}
		return c
	}, shaped)
}

// faceOf returns the face that draws c, preferring prev for characters both have (spaces, digits).
func (r *renderer) faceOf(c rune, prev face) face {
	if textshape.IsArabic(c) {
		return arabic
	}
	if r.faces[prev].has(c) {
		return prev
	}
	if r.faces[sans].has(c) {
		return sans
	}
	return arabic
}

// segments splits a prepared line into runs of one face.
func (r *renderer) segments(s string) []segment {
	var out []segment
	cur, start := sans, 0
	first := true
	for i, c := range s {
		f := r.faceOf(c, cur)
		if first {
			cur, first = f, false
			continue
		}
		if f != cur {
			out = append(out, segment{cur, s[start:i]})
			cur, start = f, i
		}
	}
	if start < len(s) {
		out = append(out, segment{cur, s[start:]})
	}
	return out
}

// width returns the width in millimetres of a prepared line in font ft.
func (r *renderer) width(s string, ft font) float64 {
	b := 0
	if ft.bold {
		b = 1
	}
	var w float64
	var prev face
	for _, c := range s {
		prev = r.faceOf(c, prev)
		w += r.faces[prev].width[b][c]
	}
	return w / 1000 * ft.size * mmPerPt
}

// wrap prepares s and breaks it into lines no wider than w, at spaces where it can and inside a
// word only when the word alone is wider than w: after a comma (a list of log indexes) where one
// fits, else at the edge. It returns at least one line.
func (r *renderer) wrap(s string, w float64, ft font) []string {
	p := r.prepare(s)
	var lines []string
	for _, para := range strings.Split(p, "\u2028") {
		words := strings.Fields(para)
		line := ""
		for _, word := range words {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if r.width(cand, ft) <= w {
				line = cand
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			line = word
			for { // a word wider than the line is cut after its last comma that fits, else at the edge
				head := r.fit(line, w, ft)
				if len(head) == len(line) {
					break
				}
				if i := strings.LastIndexByte(head, ','); i > 0 {
					head = head[:i+1]
				}
				lines = append(lines, head)
				line = line[len(head):]
			}
		}
		lines = append(lines, line)
	}
	return lines
}

// fit returns the longest prefix of s (at least one character) no wider than w, in one pass.
func (r *renderer) fit(s string, w float64, ft font) string {
	b := 0
	if ft.bold {
		b = 1
	}
	limit := w * 1000 / (ft.size * mmPerPt) // w in thousandths of an em
	var sum float64
	var prev face
	for i, c := range s {
		prev = r.faceOf(c, prev)
		sum += r.faces[prev].width[b][c]
		if sum > limit && i > 0 {
			return s[:i]
		}
	}
	return s
}

// align says where a line sits in its box: at the start of the reading direction, its end, or
// the centre.
type align int

const (
	alignStart align = iota
	alignEnd
	alignCenter
)

// drawLine draws one prepared line in the box [x, x+w] with its top at y, ordered for display
// (right to left in an RTL document) and aligned; start and end follow the document's direction.
func (r *renderer) drawLine(x, y, w float64, line string, ft font, a align) {
	if line == "" {
		return
	}
	// A line with no Arabic in an RTL document (a date range, an English credit) keeps its own
	// left-to-right order; it is still aligned as the document is.
	vis := textshape.Visual(line, r.rtl && textshape.HasArabic(line))
	tw := r.width(vis, ft)
	left := x
	switch {
	case a == alignCenter:
		left = x + (w-tw)/2
	case (a == alignStart) == r.rtl:
		left = x + w - tw
	}
	base := y + ft.size*mmPerPt*0.8
	for _, seg := range r.segments(vis) {
		r.setFont(seg.face, ft)
		r.f.Text(left, base, seg.text)
		left += r.width(seg.text, ft)
	}
}

// lineHeight is the distance between baselines of text in font ft, in millimetres.
func lineHeight(ft font) float64 { return ft.size * mmPerPt * 1.35 }

// fontFiles are the embedded TrueType files of each face, regular and bold.
var fontFiles = [2][2][]byte{sans: {sansRegular, sansBold}, arabic: {arabicRegular, arabicBold}}

// setFont selects face in font ft, adding the font to the PDF on its first use (so a report
// without Arabic carries, and parses, no Arabic font).
func (r *renderer) setFont(fc face, ft font) {
	b, style := 0, ""
	if ft.bold {
		b, style = 1, "B"
	}
	if !r.added[fc][b] {
		r.f.AddUTF8FontFromBytes(family[fc], style, fontFiles[fc][b])
		r.added[fc][b] = true
	}
	r.f.SetFont(family[fc], style, ft.size)
}

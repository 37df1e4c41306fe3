package textshape

import (
	"unicode"

	"golang.org/x/text/unicode/bidi"
)

// run is a maximal stretch of one direction, in logical order, with its embedding level.
type run struct {
	text  []rune
	rtl   bool
	level int
}

// Visual returns one line of (shaped) text in display order, left to right, as a renderer that
// advances left to right must draw it. rtl sets the paragraph direction to right to left (an Arabic
// document); otherwise the direction is left to right unless the line starts with right-to-left text
// (UAX #9 rules P2–P3). With rtl false, a line with no right-to-left character is returned
// unchanged; with rtl true, neutral characters at its ends take the paragraph's direction.
//
// Runs of Latin letters and digits inside right-to-left text stay left to right ("us#1204", "12.5");
// so does a range of numbers joined by one punctuation mark ("5–7", "2016-07-14"), which UAX #9 alone
// would split. Brackets in right-to-left runs are mirrored. Explicit embeddings beyond one level of
// nesting are ordered as if they were not nested (truce's reports contain none).
func Visual(line string, rtl bool) string {
	if line == "" || (!rtl && !needsBidi(line)) {
		return line
	}
	var p bidi.Paragraph
	var opts []bidi.Option
	if rtl {
		opts = append(opts, bidi.DefaultDirection(bidi.RightToLeft))
	}
	if _, err := p.SetString(line, opts...); err != nil {
		return line
	}
	o, err := p.Order()
	if err != nil || o.NumRuns() == 0 {
		return line
	}
	runs := make([]run, 0, o.NumRuns())
	for i := range o.NumRuns() {
		r := o.Run(i)
		runs = append(runs, run{text: []rune(r.String()), rtl: r.Direction() == bidi.RightToLeft})
	}
	base := 0
	if rtl || (len(runs) > 0 && runs[0].rtl && firstStrongRTL(line)) {
		base = 1
	}
	runs = joinRanges(runs)
	assignLevels(runs, base)
	out := make([]rune, 0, len(line))
	for _, r := range reorder(runs) {
		if r.level%2 == 1 {
			for i := len(r.text) - 1; i >= 0; i-- {
				out = append(out, mirror(r.text[i]))
			}
			continue
		}
		out = append(out, r.text...)
	}
	return string(out)
}

// needsBidi reports whether s holds a character that can make a line right to left.
func needsBidi(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL, bidi.AN, bidi.RLE, bidi.RLO, bidi.RLI:
			return true
		}
	}
	return false
}

// firstStrongRTL reports whether the first strong character of s is right to left (rule P2).
func firstStrongRTL(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL:
			return true
		case bidi.L:
			return false
		}
	}
	return false
}

// joinRanges merges a number, one punctuation mark and a number ("5–7") that UAX #9 splits into
// three runs inside right-to-left text into one left-to-right run.
func joinRanges(runs []run) []run {
	for i := 1; i+1 < len(runs); i++ {
		a, m, b := runs[i-1], runs[i], runs[i+1]
		if a.rtl || !m.rtl || b.rtl || len(m.text) != 1 || !unicode.IsPunct(m.text[0]) {
			continue
		}
		if !unicode.IsDigit(a.text[len(a.text)-1]) || !unicode.IsDigit(b.text[0]) {
			continue
		}
		joined := append(append(append([]rune{}, a.text...), m.text...), b.text...)
		runs = append(runs[:i-1], append([]run{{text: joined}}, runs[i+2:]...)...)
		i--
	}
	return runs
}

// assignLevels gives each run its resolved embedding level (rules I1–I2) from its direction: in a
// right-to-left paragraph every left-to-right run is at level 2; in a left-to-right one it is at
// level 0, except a number without letters between two right-to-left runs (level 2).
func assignLevels(runs []run, base int) {
	for i := range runs {
		switch {
		case runs[i].rtl:
			runs[i].level = 1
		case base == 1:
			runs[i].level = 2
		case i > 0 && i+1 < len(runs) && runs[i-1].rtl && runs[i+1].rtl && !hasStrongL(runs[i].text):
			runs[i].level = 2
		default:
			runs[i].level = 0
		}
	}
}

// hasStrongL reports whether text holds a strong left-to-right character.
func hasStrongL(text []rune) bool {
	for _, r := range text {
		if p, _ := bidi.LookupRune(r); p.Class() == bidi.L {
			return true
		}
	}
	return false
}

// reorder applies rule L2: from the highest level down to the lowest odd one, it reverses every
// maximal sequence of runs at that level or higher.
func reorder(runs []run) []run {
	out := append([]run(nil), runs...)
	highest, lowestOdd := 0, 1<<30
	for _, r := range out {
		highest = max(highest, r.level)
		if r.level%2 == 1 {
			lowestOdd = min(lowestOdd, r.level)
		}
	}
	for lvl := highest; lvl >= lowestOdd; lvl-- {
		for i := 0; i < len(out); i++ {
			if out[i].level < lvl {
				continue
			}
			j := i
			for j < len(out) && out[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				out[a], out[b] = out[b], out[a]
			}
			i = j
		}
	}
	return out
}

// mirror returns the mirrored glyph of a bracket drawn right to left (rule L4), else r.
func mirror(r rune) rune {
	switch r {
	case '(':
		return ')'
	case ')':
		return '('
	case '[':
		return ']'
	case ']':
		return '['
	case '{':
		return '}'
	case '}':
		return '{'
	case '<':
		return '>'
	case '>':
		return '<'
	case '«':
		return '»'
	case '»':
		return '«'
	}
	return r
}

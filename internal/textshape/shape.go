// Package textshape prepares Unicode text for a renderer that draws one glyph per code point,
// left to right, with no shaping engine: a PDF page drawn with fonts that carry no layout tables.
//
// Shape turns Arabic letters into their contextual presentation forms (isolated, initial, medial,
// final, from the Arabic Presentation Forms-B block and a few of Forms-A) and lam-alef into its
// ligatures, skipping transparent combining marks when it looks for a letter's neighbours. Visual
// then orders a shaped line for display with the Unicode Bidirectional Algorithm (UAX #9, through
// golang.org/x/text/unicode/bidi), adding what that package leaves to its caller: the reordering
// of runs by level (rule L2), mirrored brackets in right-to-left runs (L4), and keeping a number
// range such as "5–7" in one left-to-right run.
//
// Text extracted from the result (by a PDF reader using the font's ToUnicode map and compatibility
// normalisation) gives back the logical letters: each presentation form decomposes (NFKC) to the
// letter it shows, each lam-alef ligature to lam followed by alef.
package textshape

// IsArabic reports whether r is in the Arabic script blocks (Arabic, Arabic Supplement, Arabic
// Presentation Forms-A and -B), which a renderer draws with an Arabic font.
func IsArabic(r rune) bool {
	return (r >= 0x0600 && r <= 0x06FF) || (r >= 0x0750 && r <= 0x077F) ||
		(r >= 0xFB50 && r <= 0xFDFF) || (r >= 0xFE70 && r <= 0xFEFF)
}

// HasArabic reports whether s contains a code point of the Arabic script blocks.
func HasArabic(s string) bool {
	for _, r := range s {
		if IsArabic(r) {
			return true
		}
	}
	return false
}

// Shape returns s, in logical order, with every Arabic letter replaced by its presentation form for
// its position in the word and every lam followed by an alef (marks between them allowed) replaced by
// the lam-alef ligature. Text without Arabic letters is returned unchanged. Marks stay after the
// letter they belong to; tatweel and ZWJ join their neighbours; ZWNJ and any other character break a
// join. Shape never fails: a letter it has no forms for is left as it is.
func Shape(s string) string {
	if !HasArabic(s) {
		return s
	}
	in := []rune(s)
	types := make([]joining, len(in))
	for i, r := range in {
		types[i] = joiningOf(r)
	}
	out := make([]rune, 0, len(in))
	for i := 0; i < len(in); i++ {
		r := in[i]
		f, ok := letters[r]
		if !ok {
			out = append(out, r)
			continue
		}
		p := neighbour(types, i, -1)
		n := neighbour(types, i, +1)
		joinPrev := p >= 0 && joinsLeft(types[p]) && joinsRight(types[i])
		if r == lam && n >= 0 {
			if lig, ok := lamAlef[in[n]]; ok {
				form := lig[0]
				if joinPrev {
					form = lig[1]
				}
				out = append(out, form)
				out = append(out, in[i+1:n]...) // the marks between lam and alef
				i = n
				continue
			}
		}
		joinNext := n >= 0 && joinsLeft(types[i]) && joinsRight(types[n])
		out = append(out, pick(f, joinPrev, joinNext))
	}
	return string(out)
}

// neighbour returns the index of the nearest character before (dir -1) or after (dir +1) i that is
// not transparent, or -1 at the end of the text.
func neighbour(types []joining, i, dir int) int {
	for j := i + dir; j >= 0 && j < len(types); j += dir {
		if types[j] != transparent {
			return j
		}
	}
	return -1
}

// pick returns the form of a letter that joins the letter before it (prev) and/or after it (next),
// falling back to a form the letter has.
func pick(f forms, prev, next bool) rune {
	var want int
	switch {
	case prev && next:
		want = medial
	case prev:
		want = final
	case next:
		want = initial
	default:
		want = isolated
	}
	if f[want] == 0 {
		// A right-joining letter asked to join on its left: it cannot, so it keeps its right side.
		if prev && f[final] != 0 {
			return f[final]
		}
		return f[isolated]
	}
	return f[want]
}

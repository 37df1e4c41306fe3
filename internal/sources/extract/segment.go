package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is one word or number of a sentence: byte offsets into the text,
// the word as written, and its folded form (lower case, ё→е, Arabic
// letter variants unified and, for Arabic, prefixes and the article
// stripped; see fold).
type token struct {
	start, end int
	raw        string
	low        string // lower case
	base       string // low with Arabic clitics and article removed
	upper      bool   // starts with an upper-case letter
	num        bool   // all digits
}

// sentence is one sentence of the text and its tokens.
type sentence struct {
	start, end int
	para       int // paragraph number
	toks       []token
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "dr": true, "gen": true, "col": true, "lt": true, "st": true,
	"u.s": true, "u.n": true, "no": true, "km": true, "г": true, "гг": true, "т": true, "ул": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true, "lt.-col": true, "maj": true, "sgt": true,
}

// splitSentences cuts text into sentences: at a newline, and after '.',
// '!', '?', '؟' or '…' followed by a space, unless the word before the
// full stop is an abbreviation or a single letter ("U.S.").
func splitSentences(text string) []sentence {
	var out []sentence
	para := 0
	start := 0
	flush := func(end int) {
		s, e := start, end
		for s < e && isSpaceByte(text[s]) {
			s++
		}
		for e > s && isSpaceByte(text[e-1]) {
			e--
		}
		if e > s {
			out = append(out, sentence{start: s, end: e, para: para, toks: tokenize(text, s, e)})
		}
		start = end
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			flush(i)
			para++
		case r == '.' || r == '!' || r == '?' || r == '؟' || r == '…':
			next := i + size
			for next < len(text) && strings.ContainsRune(".!?\"'”»)", rune(text[next])) {
				next++
			}
			if next < len(text) && text[next] != ' ' && text[next] != '\n' {
				break
			}
			if r == '.' && isAbbreviation(text[start:i]) {
				break
			}
			flush(next)
			i = next
			continue
		}
		i += size
	}
	flush(len(text))
	return out
}

// isAbbreviation reports whether the last word of s is an abbreviation or
// a single letter.
func isAbbreviation(s string) bool {
	k := strings.LastIndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
	w := strings.ToLower(s[k+1:])
	return abbreviations[w] || utf8.RuneCountInString(w) == 1 || strings.Count(w, ".") > 0 && len(w) <= 5
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' }

// isWordRune reports whether r belongs in a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize cuts text[s:e] into words: runs of letters and digits, joined
// across a hyphen or apostrophe between letters ("ez-Zor", "Ma'arat").
func tokenize(text string, s, e int) []token {
	var toks []token
	for i := s; i < e; {
		r, size := utf8.DecodeRuneInString(text[i:e])
		if !isWordRune(r) {
			i += size
			continue
		}
		j := i + size
		for j < e {
			r2, size2 := utf8.DecodeRuneInString(text[j:e])
			if isWordRune(r2) {
				j += size2
				continue
			}
			if r2 == '-' || r2 == '\'' || r2 == '’' || r2 == '‘' || r2 == '`' {
				r3, _ := utf8.DecodeRuneInString(text[j+size2 : e])
				if j+size2 < e && isWordRune(r3) {
					j += size2
					continue
				}
			}
			break
		}
		toks = append(toks, newToken(text[i:j], i, j))
		i = j
	}
	return toks
}

// newToken builds the token for word w at [start, end).
func newToken(w string, start, end int) token {
	first, _ := utf8.DecodeRuneInString(w)
	t := token{start: start, end: end, raw: w, upper: unicode.IsUpper(first)}
	if art, rest, ok := strings.Cut(w, "-"); ok && !t.upper && isArticle(strings.ToLower(art)) {
		r, _ := utf8.DecodeRuneInString(rest)
		t.upper = unicode.IsUpper(r) // "ash-Shughur", "ez-Zor"
	}
	t.low = foldWord(w)
	t.base = arabicBase(t.low)
	t.num = digitsValue(t.low) >= 0
	return t
}

// foldWord lower-cases w, maps ё to е, unifies Arabic alef and yeh forms
// and ta marbuta, converts Arabic-Indic digits to ASCII and drops tatweel
// and Arabic diacritics.
func foldWord(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case r == 'ё' || r == 'Ё':
			r = 'е'
		case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
			r = 'ا'
		case r == 'ى':
			r = 'ي'
		case r == 'ة':
			r = 'ه'
		case r >= '٠' && r <= '٩':
			r = '0' + (r - '٠')
		case r == 'ـ' || r >= 0x064B && r <= 0x0652:
			continue
		case r == '’' || r == '‘' || r == '`':
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// arabicBase strips from a folded Arabic word the clitics و ف ب ل ك and
// the article ال (and لل), leaving at least two letters; other words are
// returned unchanged.
func arabicBase(w string) string {
	if w == "" || w[0] < 0xd8 || w[0] > 0xdb {
		return w
	}
	r := []rune(w)
	i := 0
	if len(r)-i > 3 && (r[i] == 'و' || r[i] == 'ف') {
		i++
	}
	if len(r)-i > 3 && (r[i] == 'ب' || r[i] == 'ك') && !(r[i+1] == 'ا' && r[i+2] == 'ل') || len(r)-i > 3 && r[i] == 'ل' && r[i+1] != 'ل' && !(r[i+1] == 'ا' && r[i+2] == 'ل') {
		i++
	}
	if len(r)-i > 4 && (r[i] == 'ب' || r[i] == 'ك') && r[i+1] == 'ا' && r[i+2] == 'ل' {
		i++
	}
	if len(r)-i > 3 && r[i] == 'ا' && r[i+1] == 'ل' {
		i += 2
	} else if len(r)-i > 3 && r[i] == 'ل' && r[i+1] == 'ل' {
		i += 2
	}
	return string(r[i:])
}

// digitsValue returns the value of an all-ASCII-digit word, or -1.
func digitsValue(w string) int {
	if w == "" || len(w) > 7 {
		return -1
	}
	n := 0
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return -1
		}
		n = n*10 + int(w[i]-'0')
	}
	return n
}

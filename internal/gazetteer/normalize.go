package gazetteer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// articles are the forms of the Arabic definite article as Latin and
// Cyrillic transliterations write it when it stands as a word of its own
// ("Al Qamishli", "Deir ez-Zor", "Ар-Ракка"). A token in this set is dropped
// when another token follows it.
var articles = map[string]bool{
	"al": true, "el": true, "il": true, "ul": true,
	"ad": true, "ar": true, "as": true, "ash": true, "at": true, "az": true, "an": true,
	"adh": true, "ath": true,
	"ed": true, "er": true, "es": true, "esh": true, "et": true, "ez": true, "en": true,
	"edh": true, "eth": true,
	"ud": true, "ur": true, "us": true, "ush": true, "ut": true, "uz": true, "un": true,
	"аль": true, "ал": true, "эль": true, "эл": true, "ад": true, "ар": true, "ас": true,
	"аш": true, "ат": true, "аз": true, "ан": true, "эд": true, "эр": true, "эс": true,
	"эш": true, "эт": true, "эз": true, "эн": true,
}

// Normalize returns the strict search key of a place name or query: lower
// case, without diacritics, apostrophes, ʿayn or hamza marks, hyphens or
// spaces, without free-standing Arabic articles ("ash-Sham" and "Sham" give
// the same key), with Arabic letter variants unified (أ إ آ ٱ → ا, ة → ه,
// ى → ي, Persian ی ک → ي ك) and a leading ال dropped from Arabic words.
// Letters of other scripts are kept, lower-cased. It never fails; a string
// with no letters or digits gives "".
func Normalize(s string) string {
	strict, _ := keys(s)
	return strict
}

// keys returns the strict key (see Normalize) and the loose key, which
// further folds Latin-script vowel and consonant variants (see appendLoose).
func keys(s string) (strict, loose string) {
	folded := foldString(s)
	// Count tokens and find the last, so that an article standing last
	// (or alone) is kept.
	var sb, lb []byte
	var scratch [64]byte
	for rest := folded; rest != ""; {
		var tok string
		tok, rest, _ = strings.Cut(rest, " ")
		if tok == "" {
			continue
		}
		if rest != "" && articles[tok] {
			continue
		}
		tok = arabicArticle(tok)
		if sb == nil {
			sb = make([]byte, 0, len(folded))
			lb = make([]byte, 0, len(folded))
		}
		sb = append(sb, tok...)
		l := appendLoose(scratch[:0], tok)
		for i := 0; i < len(l); i++ {
			if n := len(lb); n > 0 && l[i] < 0x80 && lb[n-1] == l[i] {
				continue
			}
			lb = append(lb, l[i])
		}
	}
	return string(sb), string(lb)
}

// foldString returns s lower-cased, without diacritics, apostrophes, ʿayn
// or hamza marks, with letter variants unified (see fold) and every run of
// other non-letter, non-digit characters replaced by one space.
func foldString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	b := make([]byte, 0, len(s)+2)
	space := true
	if ascii {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case c >= 'A' && c <= 'Z':
				b, space = append(b, c+'a'-'A'), false
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				b, space = append(b, c), false
			case c == '\'' || c == '`':
			default:
				if !space {
					b, space = append(b, ' '), true
				}
			}
		}
		return string(b)
	}
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		switch r {
		case '\'', '’', '‘', '`', '´', 'ʿ', 'ʾ', 'ʼ', 'ʻ', '′', 'ʹ', 'ـ', 'ء', '\u200c', '\u200d':
			continue // apostrophes, ʿayn/hamza marks, tatweel, joiners: drop
		}
		if m, ok := fold[r]; ok {
			b, space = append(b, m...), false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b, space = utf8.AppendRune(b, unicode.ToLower(r)), false
			continue
		}
		if !space {
			b, space = append(b, ' '), true
		}
	}
	return string(b)
}

// fold maps letters that NFD does not decompose to their search form.
var fold = map[rune]string{
	'ı': "i", 'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'þ': "th", 'ħ': "h",
	'ٱ': "ا", 'ة': "ه", 'ى': "ي", 'ی': "ي", 'ک': "ك", 'ہ': "ه", 'ە': "ه",
}

// arabicArticle drops a leading ال from an Arabic word of more than two
// further letters.
func arabicArticle(t string) string {
	if rest, ok := strings.CutPrefix(t, "ال"); ok && utf8.RuneCountInString(rest) >= 2 {
		return rest
	}
	return t
}

// looseDigraphs are the Latin-script pairs appendLoose rewrites, in the
// order it tries them.
var looseDigraphs = [...]struct{ from, to string }{
	{"dj", "j"}, {"ph", "f"}, {"kh", "h"}, {"ck", "k"},
	{"ou", "u"}, {"oo", "u"}, {"ee", "i"}, {"aw", "u"}, {"au", "u"}, {"ow", "u"},
	{"ay", "i"}, {"ai", "i"}, {"ei", "i"}, {"ey", "i"},
}

// looseSingle maps the remaining single letters.
var looseSingle = [256]byte{'q': 'k', 'e': 'a', 'o': 'u', 'y': 'i', 'w': 'u'}

// appendLoose appends to dst the loose form of the token t, folding the
// variants that Latin transliterations of one Arabic or Turkish name
// commonly differ by: dj/j, ph/f, kh/h, ck/k, q/k, the diphthongs
// ay/ai/ei/ey → i and aw/au/ou/ow → u, e → a, o → u, y → i, w → u, doubled
// letters, and a final h after a vowel (Hamah → Hama, Raqqah → Raqa). A
// token holding anything but ASCII letters and digits is appended unchanged.
func appendLoose(dst []byte, t string) []byte {
	for i := 0; i < len(t); i++ {
		if c := t[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return append(dst, t...)
		}
	}
	start := len(dst)
	push := func(c byte) {
		if len(dst) > start && dst[len(dst)-1] == c {
			return
		}
		dst = append(dst, c)
	}
next:
	for i := 0; i < len(t); i++ {
		if i+1 < len(t) {
			for _, d := range looseDigraphs {
				if t[i] == d.from[0] && t[i+1] == d.from[1] {
					push(d.to[0])
					i++
					continue next
				}
			}
		}
		if m := looseSingle[t[i]]; m != 0 {
			push(m)
		} else {
			push(t[i])
		}
	}
	if n := len(dst) - start; n > 2 && dst[len(dst)-1] == 'h' && strings.IndexByte("aiu", dst[len(dst)-2]) >= 0 {
		dst = dst[:len(dst)-1]
	}
	return dst
}

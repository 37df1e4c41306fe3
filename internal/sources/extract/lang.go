package extract

import (
	"fmt"
	"strings"
	"unicode"
)

// englishMarkers are frequent English function words; a Latin-script text
// is English only if enough of its words are among them.
var englishMarkers = map[string]bool{
	"the": true, "of": true, "and": true, "in": true, "to": true, "a": true, "on": true,
	"was": true, "were": true, "said": true, "by": true, "with": true, "for": true, "at": true,
	"near": true, "from": true, "that": true, "is": true, "killed": true,
}

// DetectLanguage returns the language of text: ar when Arabic letters
// dominate, ru when Cyrillic letters do, en when Latin letters do and at
// least one word in twelve is a common English function word. Otherwise
// (another Latin-script language, another script, no letters at all) it
// returns an error wrapping ErrUnknownLanguage.
func DetectLanguage(text string) (string, error) {
	var arabic, cyrillic, latin int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	total := arabic + cyrillic + latin
	switch {
	case total == 0:
		return "", fmt.Errorf("%w: the text has no letters", ErrUnknownLanguage)
	case arabic*2 > total:
		return Arabic, nil
	case cyrillic*2 > total:
		return Russian, nil
	case latin*2 > total:
		words, marks := 0, 0
		for w := range strings.FieldsFuncSeq(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
			words++
			if englishMarkers[w] {
				marks++
			}
		}
		if marks*12 >= words && marks > 0 {
			return English, nil
		}
		return "", fmt.Errorf("%w: a Latin-script text that is not English", ErrUnknownLanguage)
	}
	return "", fmt.Errorf("%w: no script dominates the text", ErrUnknownLanguage)
}

// checkLanguage validates a language code given by the caller.
func checkLanguage(lang string) (string, error) {
	switch l := strings.ToLower(strings.TrimSpace(lang)); l {
	case English, Russian, Arabic:
		return l, nil
	default:
		return "", fmt.Errorf("%w: %q; use en, ru or ar", ErrUnknownLanguage, lang)
	}
}

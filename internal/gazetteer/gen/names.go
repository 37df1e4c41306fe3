package main

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// GeoNames cities500 lists alternate names without language tags, so the
// Arabic and Russian names are chosen by script with the heuristics below,
// and corrected by these overrides where the heuristic picks a form that is
// not the usual one in that language (checked by hand).
var (
	arabicOverride = map[int]string{
		281184: "القدس",   // Jerusalem; the list's first fit is a transliteration
		293397: "تل أبيب", // Tel Aviv
		250441: "عمان",    // Amman
		94824:  "كربلاء",  // Karbala
		294801: "حيفا",    // Haifa
		266826: "طرابلس",  // Tripoli (Lebanon)
		267008: "صور",     // Tyre
	}
	russianOverride = map[int]string{
		170063: "Алеппо",      // Aleppo; the list starts with the Bulgarian "Алеп"
		170794: "Дейр-эз-Зор", // Deir ez-Zor
		745044: "Стамбул",     // Istanbul
		250441: "Амман",       // Amman
		94824:  "Кербела",     // Karbala
		281184: "Иерусалим",   // Jerusalem
		293397: "Тель-Авив",   // Tel Aviv
		306571: "Конья",       // Konya
		323777: "Анталья",     // Antalya
		308464: "Кайсери",     // Kayseri
		316541: "Диярбакыр",   // Diyarbakır
		304922: "Малатья",     // Malatya
		315368: "Эрзурум",     // Erzurum
		315202: "Эскишехир",   // Eskişehir
		315808: "Элязыг",      // Elazığ
		268064: "Сайда",       // Sidon
		266045: "Захле",       // Zahlé
		146268: "Никосия",     // Nicosia; the list starts with the Turkish name
	}
)

// governorateNames are the Arabic and Russian names of Syria's fourteen
// governorates (first-level divisions), keyed by GeoNames id: the
// Natural Earth features they are read from carry none, and GeoNames'
// alternate-names file is not among the packages gen reads. They are the
// usual forms (the governorates' own Arabic names; Russian as the Russian
// press and encyclopaedias write them), written for truce and checked by
// hand.
var governorateNames = map[int][2]string{
	163342: {"طرطوس", "Тартус"},
	167541: {"دمشق", "Дамаск"},
	169387: {"إدلب", "Идлиб"},
	169575: {"حمص", "Хомс"},
	170015: {"حماة", "Хама"},
	170062: {"حلب", "Алеппо"},
	170652: {"ريف دمشق", "Риф-Дамаск"},
	170792: {"دير الزور", "Дейр-эз-Зор"},
	170903: {"درعا", "Дераа"},
	172410: {"السويداء", "Эс-Сувейда"},
	172957: {"الرقة", "Эр-Ракка"},
	173336: {"القنيطرة", "Эль-Кунейтра"},
	173578: {"اللاذقية", "Латакия"},
	173813: {"الحسكة", "Эль-Хасака"},
}

// notArabic holds letters used by Persian, Urdu, Kurdish and Pashto but not
// by Arabic; a name containing one is not taken as the Arabic name.
const notArabic = "پچژگکیےۀہھٹڈڑںەێۆڕڵڤېۋۈۇ\u200c"

// pickArabic returns the Arabic-script alternate most likely to be the
// Arabic name: no letters foreign to Arabic, no "city of"/"governorate of"
// prefix, fewest words, then first in GeoNames order.
func pickArabic(id int, alts []string) string {
	if s, ok := arabicOverride[id]; ok {
		return s
	}
	var best string
	bestWords := 1 << 30
	for _, a := range alts {
		if !isScript(a, unicode.Arabic) || strings.ContainsAny(a, notArabic) {
			continue
		}
		if strings.HasPrefix(a, "ئا") || midTaMarbuta(a) {
			continue
		}
		if strings.HasPrefix(a, "مدينة ") || strings.HasPrefix(a, "محافظة ") || strings.HasPrefix(a, "مدينه ") {
			continue
		}
		if w := len(strings.Fields(a)); w < bestWords {
			best, bestWords = a, w
		}
	}
	return best
}

// midTaMarbuta reports whether ة stands inside a word, as Kurdish writes
// the vowel e; Arabic writes it only at a word's end.
func midTaMarbuta(s string) bool {
	r := []rune(s)
	for i, c := range r {
		if c == 'ة' && i+1 < len(r) && unicode.IsLetter(r[i+1]) {
			return true
		}
	}
	return false
}

// notRussian holds Cyrillic letters of other languages (Ukrainian,
// Belarusian, Serbian, Macedonian, Kazakh, Chechen, Tatar, …) that Russian
// does not use.
const notRussian = "ІіЇїЄєҐґЎўЈјЉљЊњЋћЂђЏџЃѓЌќЅѕӘәҒғҚқҢңӨөҰұҮүҺһӀӏҲҳѴѵѠѡæ"

// pickRussian returns the first Cyrillic alternate, in GeoNames order, that
// is likely to be Russian: no letters foreign to Russian, no pre-reform final
// hard sign, no Caucasian digraph (къ, гъ, хъ, хь), and no lower-case second
// word ("Мосул хот") or "province of" prefix.
func pickRussian(id int, alts []string) string {
	if s, ok := russianOverride[id]; ok {
		return s
	}
	for _, a := range alts {
		if !isScript(a, unicode.Cyrillic) || strings.ContainsAny(a, notRussian) {
			continue
		}
		l := strings.ToLower(a)
		if strings.HasSuffix(l, "ъ") || strings.HasPrefix(l, "вилояти ") || containsAny(l, "къ", "гъ", "хъ", "хь") {
			continue
		}
		if w := strings.Fields(a); len(w) > 1 && unicode.IsLower([]rune(w[1])[0]) {
			continue
		}
		return a
	}
	return ""
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// isScript reports whether every letter of s is in the given script.
func isScript(s string, script *unicode.RangeTable) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.Is(script, r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

// keepAlternates returns the alternates worth searching: Latin, Arabic,
// Cyrillic, Hebrew and Greek names, without airport-style codes, without
// names already given as a main field, deduplicated and sorted.
func keepAlternates(alts []string, main ...string) []string {
	seen := make(map[string]bool)
	for _, m := range main {
		seen[m] = true
	}
	var out []string
	for _, a := range alts {
		a = strings.TrimSpace(a)
		if a == "" || seen[a] || strings.ContainsAny(a, ",\t\n|") || isCode(a) || !searchableScript(a) {
			continue
		}
		seen[a] = true
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// isCode reports whether s looks like an IATA/ICAO code rather than a name.
func isCode(s string) bool {
	if len(s) > 4 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func searchableScript(s string) bool {
	for _, t := range []*unicode.RangeTable{unicode.Latin, unicode.Arabic, unicode.Cyrillic, unicode.Hebrew, unicode.Greek} {
		if isScript(s, t) {
			return true
		}
	}
	return false
}

// asciiFold drops diacritics and any remaining non-ASCII letters.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'ı':
			b.WriteByte('i')
		case r < 0x80:
			b.WriteRune(r)
		case r == '’' || r == '‘' || r == 'ʿ' || r == 'ʾ':
			b.WriteByte('`')
		}
	}
	return b.String()
}

package textshape

// joining is how a letter connects to its neighbours (Unicode ArabicShaping.txt joining types).
type joining uint8

const (
	nonJoining  joining = iota // U: joins neither side (and breaks a join)
	rightJoin                  // R: joins only the letter before it (alef, dal, reh, waw, …)
	dualJoin                   // D: joins both sides (beh, seen, lam, …)
	joinCausing                // C: tatweel and ZWJ: makes its neighbours join, has no forms
	transparent                // T: combining marks: skipped when finding neighbours
)

// forms are a letter's presentation forms: isolated, final, initial, medial (zero when absent).
type forms [4]rune

const (
	isolated = iota
	final
	initial
	medial
)

// letters maps each Arabic letter that has presentation forms to them: Arabic Presentation Forms-B
// for the letters of Arabic proper, Forms-A for the Persian and Urdu letters truce's place names use.
// A letter with only isolated and final forms is right-joining; with four it is dual-joining.
var letters = map[rune]forms{
	0x0621: {0xFE80, 0, 0, 0},
	0x0622: {0xFE81, 0xFE82, 0, 0},
	0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0},
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0},
	0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0},
	// Alef maksura is dual-joining in Unicode, but Forms-B has only its isolated and final
	// forms; like every Forms-B shaper, truce joins it on the right only.
	0x0649: {0xFEEF, 0xFEF0, 0, 0},
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	0x0671: {0xFB50, 0xFB51, 0, 0},
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59},
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D},
	0x0698: {0xFB8A, 0xFB8B, 0, 0},
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91},
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95},
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF},
}

// lamAlef maps the alef that follows a lam to the ligature's isolated and final forms.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

const (
	lam     = 0x0644
	tatweel = 0x0640
	zwj     = 0x200D
)

// joiningOf returns the joining type of r.
func joiningOf(r rune) joining {
	if f, ok := letters[r]; ok {
		switch {
		case f[initial] != 0:
			return dualJoin
		case f[final] != 0:
			return rightJoin
		default:
			return nonJoining
		}
	}
	if r == tatweel || r == zwj {
		return joinCausing
	}
	if isMark(r) {
		return transparent
	}
	return nonJoining
}

// isMark reports whether r is an Arabic combining mark (harakat, Quranic annotation signs): transparent
// to joining and drawn over or under the letter before it.
func isMark(r rune) bool {
	switch {
	case r >= 0x0610 && r <= 0x061A, r >= 0x064B && r <= 0x065F, r == 0x0670,
		r >= 0x06D6 && r <= 0x06DC, r >= 0x06DF && r <= 0x06E4, r == 0x06E7, r == 0x06E8,
		r >= 0x06EA && r <= 0x06ED:
		return true
	}
	return false
}

// joinsLeft reports whether a letter of type j connects to the letter after it.
func joinsLeft(j joining) bool { return j == dualJoin || j == joinCausing }

// joinsRight reports whether a letter of type j connects to the letter before it.
func joinsRight(j joining) bool { return j == dualJoin || j == rightJoin || j == joinCausing }

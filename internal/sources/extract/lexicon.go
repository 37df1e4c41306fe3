package extract

import (
	"strings"
	"time"
	"unicode/utf8"

	"truce/internal/incidents"
)

// A phrase is a sequence of word stems, written space-separated in the
// tables: a word matches a stem it starts with, or equals when the stem
// ends in "="; "#" matches a number (digits or a number word). Arabic
// words are matched with and without their clitics and article.
type phrase []string

// p compiles a table phrase.
func p(s string) phrase { return strings.Fields(s) }

// ps compiles several table phrases.
func ps(ss ...string) []phrase {
	out := make([]phrase, len(ss))
	for i, s := range ss {
		out[i] = p(s)
	}
	return out
}

// eventWord names an event of a category.
type eventWord struct {
	p   phrase
	cat incidents.Category
}

// actorWord names an alleged perpetrator.
type actorWord struct {
	p     phrase
	actor Actor
}

// unitWord names what a count counts.
type unitWord struct {
	p    phrase
	unit string
}

// Time expression kinds a lexicon maps phrases to.
const (
	tYesterday = iota + 1
	tToday
	tLastNight
	tLastWeek
	tThisWeek
	tRecentWeeks
	tLastMonth
	tLastYear
	tPastCue   // anniversary, "years ago": the sentence is about the past
	tPastDays  // "over the past # days": the number is in the phrase
	tPastHours // "over the past # hours"
	tDayBefore // "the day before" (накануне), "a day earlier": before the context
	tSameDay   // "the same day": the context
)

// timeWord maps a phrase to a time expression kind.
type timeWord struct {
	p    phrase
	kind int
}

// lexicon is what the extractor knows of one language.
type lexicon struct {
	events    []eventWord
	weak      []eventWord // event words taken only when no other is there ("struck")
	protected []phrase    // protected sites: hospital, school, …
	medical   []phrase    // words after which a hospital is where the wounded went, not a target
	aid       []phrase    // humanitarian aid words
	block     []phrase    // obstruction verbs, with an aid word
	denial    []phrase    // denials and disavowals: no draft
	hypothet  []phrase    // threats, warnings, the future: no draft
	negation  []phrase    // words that negate a following event word
	// background opens a clause that dates the story rather than reports
	// an event: an event word right after it ("since fighting resumed")
	// is not one.
	background  []phrase
	actors      []actorWord
	speakerCue  []phrase // words beside an actor that make it a speaker
	victimCue   []phrase // words before an actor that make it the target, not the perpetrator
	victimAfter []phrase // words after an actor that make it the target ("IS positions")
	// location cues
	near, region, regionAfter, district, districtAfter, away, filler []phrase
	direction                                                        map[string][]phrase // bearing → cues before the place
	km                                                               []phrase            // "km" words after a number in a direction phrase
	and                                                              []phrase
	// time
	months   map[string]time.Month
	weekdays map[string]time.Weekday
	dayWord  []phrase // "day" before an Arabic weekday
	times    []timeWord
	// numbers
	numbers                         map[string]int
	atLeast, moreThan, about, upTo  []phrase
	between                         []phrase
	killed, injured                 []phrase
	civilian, combatant, personWord []phrase
	units                           []unitWord
	// stopPlaces are words that are never a place in running text.
	stopPlaces map[string]bool
	// capitalised reports whether place names are capitalised (en, ru).
	capitalised bool
}

// lexicons holds the lexicon of each language.
var lexicons = map[string]*lexicon{English: english, Russian: russian, Arabic: arabic}

// stemMatch reports whether word w matches stem s.
func stemMatch(w, s string) bool {
	if e, ok := strings.CutSuffix(s, "="); ok {
		return w == e
	}
	return strings.HasPrefix(w, s)
}

// tokIs reports whether t matches stem s (on its folded form or, for
// Arabic, its base).
func (lx *lexicon) tokIs(t *token, s string) bool {
	if s == "#" {
		return t.num || lx.numbers[t.low] > 0 || lx.numbers[t.base] > 0
	}
	if stemMatch(t.low, s) {
		return true
	}
	if t.base == t.low {
		return false
	}
	// An Arabic stem written with its article matches a word whose clitics
	// and article were stripped ("الجيش" matches "والجيش").
	if !strings.HasPrefix(s, "ال") {
		return stemMatch(t.base, s)
	}
	if !strings.HasSuffix(s, "=") {
		return stemMatch(t.base, s[len("ال"):])
	}
	// An exact stem with its article: the word must have the article too,
	// after at most two clitics ("والنظام" but not "ويوم" for "اليوم=").
	w := t.low
	for range 2 {
		if r, size := utf8.DecodeRuneInString(w); strings.ContainsRune("وفبلك", r) && strings.HasPrefix(w[size:], "ال") || strings.ContainsRune("وف", r) {
			w = w[size:]
		}
	}
	return stemMatch(w, s)
}

// matchAt returns the number of tokens of toks[i:] that phrase ph
// matches, or 0.
func (lx *lexicon) matchAt(toks []token, i int, ph phrase) int {
	if i+len(ph) > len(toks) {
		return 0
	}
	for k, s := range ph {
		if !lx.tokIs(&toks[i+k], s) {
			return 0
		}
	}
	return len(ph)
}

// matchAny returns the length of the longest phrase of list matching at
// toks[i], or 0.
func (lx *lexicon) matchAny(toks []token, i int, list []phrase) int {
	best := 0
	for _, ph := range list {
		if n := lx.matchAt(toks, i, ph); n > best {
			best = n
		}
	}
	return best
}

// find returns the index of the first token of toks[from:to] where a
// phrase of list matches, and its length, or -1, 0.
func (lx *lexicon) find(toks []token, from, to int, list []phrase) (int, int) {
	for i := max(from, 0); i < min(to, len(toks)); i++ {
		if n := lx.matchAny(toks, i, list); n > 0 {
			return i, n
		}
	}
	return -1, 0
}

// endsAt reports whether a phrase of list ends exactly at token end-1
// (so that it stands right before toks[end]), returning its start.
func (lx *lexicon) endsAt(toks []token, end int, list []phrase) (int, bool) {
	for _, ph := range list {
		s := end - len(ph)
		if s >= 0 && lx.matchAt(toks, s, ph) == len(ph) {
			return s, true
		}
	}
	return -1, false
}

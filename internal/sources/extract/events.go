package extract

import (
	"slices"

	"truce/internal/incidents"
)

// attackPriority orders the categories a sentence may name at once: the
// first present is the draft's category, the others go to Also.
var attackPriority = []incidents.Category{
	incidents.CategoryAirStrike, incidents.CategoryShelling, incidents.CategoryExplosion,
	incidents.CategorySniperFire, incidents.CategoryAttackOnCivilians, incidents.CategoryGroundAdvance,
	incidents.CategoryArmedClash, incidents.CategoryUnsafeAirEncounter,
}

// event returns the category of the longest event phrase at toks[i] and
// its length, or "", 0.
func (lx *lexicon) event(toks []token, i int) (incidents.Category, int) {
	var cat incidents.Category
	best := 0
	for _, e := range lx.events {
		if n := lx.matchAt(toks, i, e.p); n > best {
			cat, best = e.cat, n
		}
	}
	return cat, best
}

// negated reports whether a negation stands within three words before
// toks[i] (and is not part of "не менее", "لا يقل عن").
func (lx *lexicon) negated(toks []token, i int) bool {
	for k := max(0, i-3); k < i; k++ {
		if lx.matchAny(toks, k, lx.negation) == 0 {
			continue
		}
		if lx.matchAny(toks, k, lx.atLeast) > 0 || k > 0 && lx.matchAny(toks, k-1, lx.atLeast) > 0 {
			continue
		}
		return true
	}
	return false
}

// inBackground reports whether a background cue ("since", "منذ") stands
// within two words before toks[i]: "since fighting resumed in September"
// dates the story, it does not report fighting.
func (lx *lexicon) inBackground(toks []token, i int) bool {
	for k := max(0, i-2); k < i; k++ {
		if lx.matchAny(toks, k, lx.background) > 0 {
			return true
		}
	}
	return false
}

// classified is what a sentence says happened.
type classified struct {
	cat     incidents.Category
	also    []incidents.Category
	trigger Span
	target  string
}

// classify returns the event a sentence reports, or ok false when it names
// none (or only negated ones).
func (lx *lexicon) classify(text string, toks []token) (c classified, ok bool) {
	found := map[incidents.Category]Span{}
	for i := 0; i < len(toks); i++ {
		cat, n := lx.event(toks, i)
		if n == 0 || lx.negated(toks, i) || lx.inBackground(toks, i) {
			continue
		}
		if _, seen := found[cat]; !seen {
			found[cat] = Span{toks[i].start, toks[i+n-1].end}
		}
		i += n - 1
	}
	if a, _ := lx.find(toks, 0, len(toks), lx.aid); a >= 0 {
		if b, n := lx.find(toks, 0, len(toks), lx.block); b >= 0 && !lx.negated(toks, b) {
			c.cat, c.trigger = incidents.CategoryObstructionOfAccess, Span{toks[b].start, toks[b+n-1].end}
			for _, cat := range attackPriority {
				if _, ok := found[cat]; ok {
					c.also = append(c.also, cat)
				}
			}
			return c, true
		}
	}
	for _, cat := range attackPriority {
		sp, ok := found[cat]
		if !ok {
			continue
		}
		if c.cat == "" {
			c.cat, c.trigger = cat, sp
		} else {
			c.also = append(c.also, cat)
		}
	}
	if c.cat == "" {
		for i := range toks {
			for _, e := range lx.weak {
				// A weak word after a speaker ("the ministry said it had
				// struck only militants") is a position, not a report.
				if n := lx.matchAt(toks, i, e.p); n > 0 && !lx.negated(toks, i) && func() bool { k, _ := lx.find(toks, 0, i, lx.speakerCue); return k < 0 }() {
					c.cat, c.trigger = e.cat, Span{toks[i].start, toks[i+n-1].end}
					break
				}
			}
			if c.cat != "" {
				break
			}
		}
	}
	if c.cat == "" {
		return c, false
	}
	if t := lx.protectedTarget(text, toks); t != "" {
		c.also = append([]incidents.Category{c.cat}, c.also...)
		c.cat, c.target = incidents.CategoryAttackOnProtectedSite, t
	}
	c.also = slices.Compact(c.also)
	return c, true
}

// protectedTarget returns the protected site a sentence says was hit
// ("hospital"), or "": a site named after a word of medical transfer
// ("taken to hospital") is where the wounded went, not a target.
func (lx *lexicon) protectedTarget(text string, toks []token) string {
	i, n := lx.find(toks, 0, len(toks), lx.protected)
	if i < 0 {
		return ""
	}
	if m, _ := lx.find(toks, 0, i, lx.medical); m >= 0 {
		return ""
	}
	if _, ok := lx.endsAt(toks, i, lx.away); ok {
		return ""
	}
	return text[toks[i].start:toks[i+n-1].end]
}

// denied reports whether a sentence denies or disavows (and does not
// report an obstruction: "denied access").
func (lx *lexicon) denied(toks []token) bool {
	for i := range toks {
		if lx.matchAny(toks, i, lx.denial) > 0 && lx.matchAny(toks, i, lx.block) == 0 {
			return true
		}
	}
	return false
}

// hypothetical reports whether a sentence threatens, warns or predicts.
func (lx *lexicon) hypothetical(toks []token) bool {
	i, _ := lx.find(toks, 0, len(toks), lx.hypothet)
	return i >= 0
}

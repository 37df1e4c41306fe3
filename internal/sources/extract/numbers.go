package extract

// quantity is a number phrase: "at least 12", "more than 50", "six".
type quantity struct {
	min, max int
	from, to int // tokens of the phrase
}

// quantityAt reads a number phrase at toks[i], or returns ok false.
func (lx *lexicon) quantityAt(toks []token, i int) (q quantity, ok bool) {
	q.from = i
	kind := ""
	for _, c := range []struct {
		list []phrase
		kind string
	}{{lx.atLeast, "atleast"}, {lx.moreThan, "more"}, {lx.about, "about"}, {lx.upTo, "upto"}, {lx.between, "between"}} {
		if n := lx.matchAny(toks, i, c.list); n > 0 && i+n < len(toks) && lx.numberValue(&toks[i+n]) > 0 {
			kind, i = c.kind, i+n
			break
		}
	}
	v := lx.numberValue(&toks[i])
	if v <= 0 || yearAt(toks, i) > 0 || i > 0 && lx.matchAny(toks, i-1, lx.negation) > 0 { // "no one"
		return q, false
	}
	if m, _ := lx.monthAt(toks, i+1); m > 0 { // a date, not a count
		return q, false
	}
	q.to = i + 1
	q.min, q.max = v, v
	if v == lx.numbers["dozens"] && lx.numbers[toks[i].low] == v || toks[i].low == "десятки" || toks[i].base == "عشرات" {
		q.max = 0 // "dozens": at least two dozen, no upper bound
	}
	switch kind {
	case "atleast":
		q.max = 0
	case "more":
		q.min, q.max = v+1, 0
	case "upto":
		q.min = 1
	case "between":
		if i+2 < len(toks) && lx.matchAny(toks, i+1, lx.and)+lx.matchAny(toks, i+1, lx.upTo) > 0 {
			if w := lx.numberValue(&toks[i+2]); w > v {
				q.max, q.to = w, i+3
			}
		}
	}
	return q, true
}

// numbersIn finds the counts and casualty figures of a sentence.
// Tokens marked in skip (a time expression: "يوم الاثنين") are no number.
func (lx *lexicon) numbersIn(text string, toks []token, skip []bool) (counts []Count, cas []Casualty) {
	for i := 0; i < len(toks); i++ {
		if skip[i] {
			continue
		}
		q, ok := lx.quantityAt(toks, i)
		if !ok {
			continue
		}
		i = q.to - 1
		phraseText := func(end int) string { return text[toks[q.from].start:toks[min(end, len(toks))-1].end] }
		// A unit right after the number (allowing one adjective): a count.
		if unit, n := lx.unitAt(toks, q.to); n > 0 {
			counts = append(counts, Count{Unit: unit, Min: q.min, Max: q.max, Text: phraseText(q.to + n)})
			continue
		}
		group, gEnd := "", q.to
		for k := q.to; k < min(q.to+3, len(toks)); k++ {
			if g := lx.groupAt(toks, k); g != "" {
				group, gEnd = g, k+1
				break
			}
		}
		outcome := lx.nearestOutcome(toks, q.from, gEnd)
		if outcome == "" {
			continue
		}
		if group == "" {
			group = "unknown"
			for k := max(0, q.from-3); k < q.from; k++ { // "погибли 12 мирных жителей" handled above; "civilians: 12"
				if g := lx.groupAt(toks, k); g != "" {
					group = g
				}
			}
		}
		cas = append(cas, Casualty{Outcome: outcome, Group: group, Min: q.min, Max: q.max, Text: phraseText(gEnd)})
	}
	return counts, cas
}

// unitAt returns the unit counted at toks[i] or toks[i+1], and the words it
// spans from i.
func (lx *lexicon) unitAt(toks []token, i int) (string, int) {
	for off := range 2 {
		for _, u := range lx.units {
			if n := lx.matchAt(toks, i+off, u.p); n > 0 {
				return u.unit, off + n
			}
		}
	}
	return "", 0
}

// groupAt returns the casualty group named at toks[i], or "".
func (lx *lexicon) groupAt(toks []token, i int) string {
	switch {
	case lx.matchAny(toks, i, lx.civilian) > 0:
		return "civilian"
	case lx.matchAny(toks, i, lx.combatant) > 0:
		return "combatant"
	case lx.matchAny(toks, i, lx.personWord) > 0:
		return "unknown"
	}
	return ""
}

// nearestOutcome returns killed or injured, whichever word is nearest the
// number phrase toks[from:to] within five words, or "".
func (lx *lexicon) nearestOutcome(toks []token, from, to int) string {
	best, bestD := "", 6
	for k := max(0, from-5); k < min(len(toks), to+5); k++ {
		d := from - k
		if k >= to {
			d = k - to + 1
		} else if k >= from {
			continue
		}
		if d >= bestD {
			continue
		}
		switch {
		case lx.matchAny(toks, k, lx.killed) > 0:
			best, bestD = "killed", d
		case lx.matchAny(toks, k, lx.injured) > 0:
			best, bestD = "injured", d
		}
	}
	return best
}

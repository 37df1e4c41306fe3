package extract

// actorHit is an actor named in a sentence.
type actorHit struct {
	from, to int
	actor    Actor
	// speaker is set when the actor speaks (a ministry, a spokesman)
	// rather than acts; victim when it is what was attacked.
	speaker, victim bool
}

// findActors returns the actors a sentence names, longest phrase first at
// each word.
func (lx *lexicon) findActors(text string, toks []token) []actorHit {
	var out []actorHit
	for i := 0; i < len(toks); i++ {
		best, bestN := Actor{}, 0
		for _, a := range lx.actors {
			if n := lx.matchAt(toks, i, a.p); n > bestN {
				best, bestN = a.actor, n
			}
		}
		if bestN == 0 {
			continue
		}
		h := actorHit{from: i, to: i + bestN, actor: best}
		h.actor.Text = text[toks[i].start:toks[i+bestN-1].end]
		for k := h.to; k < min(len(toks), h.to+2); k++ {
			if lx.matchAny(toks, k, lx.speakerCue) > 0 {
				h.speaker = true
			}
		}
		for k := max(0, i-2); k < i; k++ {
			if lx.matchAny(toks, k, lx.speakerCue) > 0 {
				h.speaker = true
			}
		}
		for k := max(0, i-2); k < i; k++ {
			if lx.numberValue(&toks[k]) > 0 { // "двое военнослужащих сирийской армии", "15 боевиков"
				h.victim = true
			}
		}
		if lx.matchAny(toks, h.to, lx.victimAfter) > 0 {
			h.victim = true
		}
		if _, ok := lx.endsAt(toks, i, lx.victimCue); ok {
			h.victim = true
		}
		if i > 0 {
			if _, ok := lx.endsAt(toks, i-1, lx.victimCue); ok {
				h.victim = true
			}
		}
		out = append(out, h)
		i += bestN - 1
	}
	return out
}

// perpetrators returns the alleged perpetrators among hits: every actor
// that neither speaks nor is attacked, each once; unnamed ones
// ("militants") only when no named one is there.
func perpetrators(hits []actorHit) []Actor {
	named := false
	for _, h := range hits {
		named = named || !h.speaker && !h.victim && h.actor.Kind != "unknown"
	}
	var out []Actor
	for _, h := range hits {
		if h.speaker || h.victim || named && h.actor.Kind == "unknown" {
			continue
		}
		dup := false
		for _, a := range out {
			dup = dup || a.Kind == h.actor.Kind && a.Party == h.actor.Party && a.Group == h.actor.Group
		}
		if !dup {
			out = append(out, h.actor)
		}
	}
	return out
}

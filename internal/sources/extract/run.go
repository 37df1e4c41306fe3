package extract

import (
	"slices"
	"time"

	"truce/internal/incidents"
)

// run is the state of one Extract call as it reads sentence after
// sentence.
type run struct {
	x      *Extractor
	lx     *lexicon
	text   string
	pubDay time.Time
	drafts []Draft
	// last is the draft the previous sentences built, -1 if none or if a
	// distractor came since; a follow-up sentence adds to it.
	last int
	// ctxTime is the last time expression read, which a sentence without
	// its own inherits.
	ctxTime *Interval
}

// defaultInterval is when an event happened for a text that does not
// say: the publication day or the day before.
func (r *run) defaultInterval() Interval {
	return Interval{Start: r.pubDay.Add(-day), End: r.pubDay.Add(day), Precision: TimeDays}
}

// sentence reads one sentence (toks, with any dateline removed).
func (r *run) sentence(s sentence, toks []token) {
	if len(toks) == 0 {
		return
	}
	lx := r.lx
	span := Span{toks[0].start, s.end}
	if toks[0].start < s.start {
		span.Start = s.start
	}
	tf, hasTime := lx.findTime(toks, r.pubDay, r.ctxTime)
	if hasTime && tf.to > tf.from {
		tf.iv.Text = r.text[toks[tf.from].start:toks[tf.to-1].end]
	}
	if hasTime && tf.past || lx.denied(toks) || lx.hypothetical(toks) {
		r.last = -1 // a distractor: and what follows does not continue it
		return
	}
	cl, isEvent := lx.classify(r.text, toks)
	skip := make([]bool, len(toks))
	if hasTime {
		for k := tf.from; k < tf.to; k++ {
			skip[k] = true
		}
	}
	counts, cas := lx.numbersIn(r.text, toks, skip)
	hits := lx.findActors(r.text, toks)
	for _, h := range hits {
		for k := h.from; k < h.to; k++ {
			skip[k] = true
		}
	}
	locs, away := r.locations(toks, r.x.mentions(lx, r.text, toks, skip))
	iv := r.defaultInterval()
	switch {
	case hasTime:
		iv = tf.iv
	case r.ctxTime != nil:
		iv = *r.ctxTime
	}
	if hasTime {
		r.ctxTime = &tf.iv
	}
	if !isEvent {
		if r.last >= 0 && len(cas)+len(counts) > 0 {
			d := &r.drafts[r.last]
			d.Counts, d.Casualties = append(d.Counts, counts...), append(d.Casualties, cas...)
			d.Spans = append(d.Spans, span)
			if len(d.Locations) == 0 {
				d.Locations = locs
			}
			return
		}
		if r.last >= 0 || len(cas) == 0 || len(locs) == 0 {
			return
		}
		// "Five civilians were killed in Saraqib": casualties at a place,
		// cause not named.
		cl.cat = incidents.CategoryOther
		if cas[0].Group == "civilian" {
			cl.cat = incidents.CategoryAttackOnCivilians
		}
		cl.trigger = Span{toks[0].start, toks[len(toks)-1].end}
	}
	if len(locs) == 0 && cl.cat == incidents.CategoryObstructionOfAccess {
		// "stopped a convoy from reaching Manbij": the only place is where
		// the aid was going; the obstruction was on the way there.
		locs = away
	}
	actors := perpetrators(hits)
	if r.last >= 0 {
		d := &r.drafts[r.last]
		if compatible(d, cl) && (len(locs) == 0 || sharePlace(d.Locations, locs)) && (!hasTime || d.Time.Start.Equal(iv.Start) && d.Time.End.Equal(iv.End)) {
			if cl.cat == incidents.CategoryAttackOnProtectedSite && d.Category != cl.cat {
				d.Also = slices.Compact(append([]incidents.Category{d.Category}, d.Also...))
				d.Category, d.Target = cl.cat, cl.target
			}
			r.merge(d, span, locs, actors, counts, cas)
			return
		}
		if len(locs) == 0 {
			locs = slices.Clone(d.Locations)
		}
	}
	if len(locs) == 0 && !hasTime && len(cas) == 0 {
		return // "Strikes" as a headline: no where, when or toll to review
	}
	if len(actors) == 0 {
		actors = []Actor{actorUnknown}
	}
	r.drafts = append(r.drafts, Draft{
		Category: cl.cat, Also: cl.also, Trigger: r.text[cl.trigger.Start:cl.trigger.End],
		Locations: nonNil(locs), Time: iv, Actors: actors, Counts: counts, Casualties: cas,
		Spans: []Span{span}, Target: cl.target,
	})
	r.last = len(r.drafts) - 1
}

// merge adds a sentence that continues draft d.
func (r *run) merge(d *Draft, span Span, locs []Location, actors []Actor, counts []Count, cas []Casualty) {
	d.Spans = append(d.Spans, span)
	for _, l := range locs {
		if !sharePlace(d.Locations, []Location{l}) {
			d.Locations = append(d.Locations, l)
		}
	}
	if len(actors) > 0 {
		if len(d.Actors) == 1 && d.Actors[0].Kind == "unknown" {
			d.Actors = nil
		}
		for _, a := range actors {
			if !slices.ContainsFunc(d.Actors, func(b Actor) bool { return b.Kind == a.Kind && b.Party == a.Party && b.Group == a.Group }) {
				d.Actors = append(d.Actors, a)
			}
		}
	}
	d.Counts = append(d.Counts, counts...)
	d.Casualties = append(d.Casualties, cas...)
}

// locations relates each mention to the event and returns those that
// locate it and, apart, the places named as where people or goods went
// or came from (away), located as near them.
func (r *run) locations(toks []token, ms []mention) (out, away []Location) {
	var prev *mention
	var prevRel relation
	for i := range ms {
		rel := r.lx.relate(toks, ms[i], prev, prevRel)
		prev, prevRel = &ms[i], rel
		if rel.kind == relAway {
			away = append(away, r.x.locate(r.text, toks, ms[i], relation{kind: relNear, from: rel.from}))
			continue
		}
		l := r.x.locate(r.text, toks, ms[i], rel)
		if !sharePlace(out, []Location{l}) {
			out = append(out, l)
		}
	}
	return out, away
}

// sharePlace reports whether a and b name a common place with the same
// precision.
func sharePlace(a, b []Location) bool {
	for _, x := range a {
		for _, y := range b {
			if x.PlaceID == y.PlaceID && x.Precision == y.Precision && x.Bearing == y.Bearing {
				return true
			}
		}
	}
	return false
}

func nonNil(l []Location) []Location {
	if l == nil {
		return []Location{}
	}
	return l
}

// compatible reports whether a sentence's event may continue draft d:
// the same category, or one of them an attack on a protected site by the
// other's means ("A school in Tafas was damaged by the shelling").
func compatible(d *Draft, cl classified) bool {
	switch {
	case d.Category == cl.cat:
		return true
	case cl.cat == incidents.CategoryAttackOnProtectedSite:
		return slices.Contains(cl.also, d.Category)
	case d.Category == incidents.CategoryAttackOnProtectedSite:
		return slices.Contains(d.Also, cl.cat)
	}
	return false
}

package extract

import (
	"truce/internal/gazetteer"
)

// Relations between an event and a place the sentence names.
const (
	relIn        = iota // in the place itself
	relNear             // near, around, outside it
	relDirection        // a direction from it
	relDistrict         // its countryside or district
	relRegion           // its governorate or province
	relAway             // where people fled to, came from: not the event's place
)

// relation is how a sentence relates its event to a mentioned place.
type relation struct {
	kind    int
	bearing string
	km      float64 // stated distance of a direction phrase, 0 if none
	from    int     // first token of the phrase (cue included)
}

// relate reads the words around mention m for its relation to the event.
// prev is the mention before it and its relation, for coordinated names
// ("near the cities of X and Y").
func (lx *lexicon) relate(toks []token, m mention, prev *mention, prevRel relation) relation {
	b := m.from
	for range 2 { // "the town of", "мухафазы", "مدينة"
		if s, ok := lx.endsAt(toks, b, lx.filler); ok {
			b = s
		}
	}
	if prev != nil {
		if s, ok := lx.endsAt(toks, b, lx.and); ok && s == prev.to || m.clitic && b == prev.to {
			r := prevRel
			r.from = m.from
			return r
		}
	}
	r := relation{kind: relIn, from: b}
	for bearing, cues := range lx.direction {
		if s, ok := lx.endsAt(toks, b, cues); ok && (r.kind != relDirection || s < r.from) {
			r = relation{kind: relDirection, bearing: bearing, from: s}
		}
	}
	if r.kind == relDirection {
		// "15 km east of", "в 15 км к востоку от", "على بعد 15 كم شرق"
		if s, ok := lx.endsAt(toks, r.from, lx.km); ok && s > 0 {
			if v := lx.numberValue(&toks[s-1]); v > 0 {
				r.km, r.from = float64(v), s-1
			}
		}
		if lx.matchAny(toks, m.to, lx.regionAfter) > 0 || lx.matchAny(toks, m.to, lx.districtAfter) > 0 {
			r.km = max(r.km, 30) // "eastern Idlib province"
		}
		return r
	}
	switch s, ok := lx.endsAt(toks, b, lx.near); {
	case ok:
		return relation{kind: relNear, from: s}
	}
	if s, ok := lx.endsAt(toks, b, lx.region); ok {
		return relation{kind: relRegion, from: s}
	}
	if m.to-m.from > 1 && lx.matchAny(toks, m.from, lx.region) > 0 {
		return relation{kind: relRegion, from: b} // GeoNames lists "محافظة إدلب" as a name of the town
	}
	if s, ok := lx.endsAt(toks, b, lx.district); ok {
		r = relation{kind: relDistrict, from: s}
		if m.to < len(toks) { // "ريف إدلب الجنوبي": the southern countryside
			for bearing, cues := range lx.direction {
				if n := lx.matchAny(toks, m.to, cues); n == 1 && len(bearing) == 1 {
					r.kind, r.bearing, r.km = relDirection, bearing, 25
				}
			}
		}
		return r
	}
	if s, ok := lx.endsAt(toks, b, lx.away); ok {
		return relation{kind: relAway, from: s}
	}
	if lx.matchAny(toks, m.to, lx.regionAfter) > 0 {
		return relation{kind: relRegion, from: b}
	}
	if lx.matchAny(toks, m.to, lx.districtAfter) > 0 {
		return relation{kind: relDistrict, from: b}
	}
	return r
}

// locate turns a mention and its relation into a Location.
func (x *Extractor) locate(text string, toks []token, m mention, r relation) Location {
	p := m.place
	end := m.to
	if r.kind == relRegion || r.kind == relDistrict {
		end = min(len(toks), end+1)
		if end > m.to && !x.suffixCue(toks, m.to) {
			end = m.to
		}
	}
	l := Location{
		Text:    text[toks[r.from].start:toks[end-1].end],
		PlaceID: p.ID, PlaceName: p.Name, Country: p.Country,
		Lat: p.Lat, Lon: p.Lon, Precision: p.Precision,
		Span: Span{toks[r.from].start, toks[end-1].end},
	}
	switch p.Precision {
	case gazetteer.PrecisionGovernorate:
		l.RadiusKM = radiusGovernorate
	case gazetteer.PrecisionDistrict:
		l.RadiusKM = radiusDistrict
	default:
		l.RadiusKM = radiusTown
		if p.Population >= cityPopulation {
			l.RadiusKM = radiusCity
		}
	}
	switch r.kind {
	case relNear:
		l.Precision, l.RadiusKM = PrecisionNear, max(l.RadiusKM, radiusNear)
	case relDistrict:
		if l.Precision != gazetteer.PrecisionGovernorate {
			l.Precision, l.RadiusKM = gazetteer.PrecisionDistrict, radiusDistrict
		}
	case relRegion:
		if a, ok := x.adm1For(p); ok {
			l.PlaceID, l.PlaceName, l.Lat, l.Lon = a.ID, a.Name, a.Lat, a.Lon
		}
		l.Precision, l.RadiusKM = gazetteer.PrecisionGovernorate, radiusGovernorate
	case relDirection:
		dist := r.km
		if dist == 0 {
			dist = defaultOffsetKM
			if p.Precision == gazetteer.PrecisionGovernorate {
				dist = 50
			}
		}
		l.Lat, l.Lon = destination(p.Lat, p.Lon, bearings[r.bearing], dist)
		l.Precision, l.Bearing, l.RadiusKM = PrecisionDirection, r.bearing, max(8, dist*0.6)
	}
	return l
}

// suffixCue reports whether toks[i] is a region or district word that
// follows a place ("Idlib province", "Hama countryside").
func (x *Extractor) suffixCue(toks []token, i int) bool {
	for _, lx := range lexicons {
		if lx.matchAny(toks, i, lx.regionAfter) > 0 || lx.matchAny(toks, i, lx.districtAfter) > 0 {
			return true
		}
	}
	return false
}

package extract

import (
	"math"
	"strings"
	"unicode/utf8"

	"truce/internal/gazetteer"
)

// Radii, in km, of the locations the extractor derives.
const (
	radiusTown        = 5
	radiusCity        = 10 // a town of cityPopulation or more
	radiusNear        = 15
	radiusDistrict    = 25
	radiusGovernorate = 75
	defaultOffsetKM   = 15 // "east of X" with no distance given
	cityPopulation    = 200000
)

// mention is a gazetteer place named by toks[from:to].
type mention struct {
	from, to int
	place    gazetteer.Place
	clitic   bool // Arabic: matched after stripping a leading و ("and")
}

// ruEndings are Russian case endings tried, longest first, when a
// capitalised word is not a place as written ("Идлибе" → "Идлиб").
var ruEndings = []string{"ами", "ями", "ом", "ем", "ой", "ей", "ах", "ях", "е", "а", "у", "ю", "ы", "и", "я"}

// ruRestore are endings added back to a stem ("Латакии" → "Латаки" →
// "Латакия").
var ruRestore = []string{"", "а", "я", "ь"}

// isArticle reports whether a lower-case Latin token is a free-standing
// Arabic article in a transliterated name ("Deir ez Zor").
func isArticle(w string) bool {
	switch w {
	case "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "et", "ez", "en", "ath", "adh":
		return true
	}
	return false
}

// mentions finds the gazetteer places named in toks, longest name first,
// skipping tokens marked in skip.
func (x *Extractor) mentions(lx *lexicon, text string, toks []token, skip []bool) []mention {
	var out []mention
	for i := 0; i < len(toks); i++ {
		if skip[i] || !x.canStart(lx, &toks[i]) {
			continue
		}
		for n := min(3, len(toks)-i); n >= 1; n-- {
			if !x.canSpan(lx, toks[i:i+n], skip[i:i+n]) {
				continue
			}
			if m, ok := x.lookupSpan(lx, text, toks, i, n); ok {
				out = append(out, m)
				i += n - 1
				break
			}
		}
	}
	return out
}

// canStart reports whether a place name may start at t.
func (x *Extractor) canStart(lx *lexicon, t *token) bool {
	if lx.capitalised {
		return t.upper || isArticle(t.low)
	}
	return !t.num && utf8.RuneCountInString(t.base) >= 2
}

// canSpan reports whether toks may form one place name.
func (x *Extractor) canSpan(lx *lexicon, toks []token, skip []bool) bool {
	for k := range toks {
		if skip[k] || toks[k].num {
			return false
		}
		if lx.capitalised && !toks[k].upper && !(isArticle(toks[k].low) && k < len(toks)-1) {
			return false
		}
	}
	if len(toks) == 1 && (lx.stopPlaces[toks[0].low] || lx.stopPlaces[toks[0].base]) {
		return false
	}
	return true
}

// lookupSpan resolves toks[i:i+n] to a place: as written, then (Arabic)
// without the first word's clitics, then (Russian) with the last word's
// case ending replaced.
func (x *Extractor) lookupSpan(lx *lexicon, text string, toks []token, i, n int) (mention, bool) {
	first, last := toks[i], toks[i+n-1]
	name := text[first.start:last.end]
	if p, ok := x.best(name, n); ok {
		return mention{from: i, to: i + n, place: p}, true
	}
	if lx == arabic && first.base != first.low {
		rest := text[first.end:last.end]
		// Try dropping one clitic at a time, keeping the article.
		for _, cand := range []string{strings.TrimPrefix(first.low, "و"), first.base} {
			if cand == first.low || lx.stopPlaces[cand] || utf8.RuneCountInString(cand) < 2 {
				continue
			}
			if p, ok := x.best(cand+rest, n); ok {
				return mention{from: i, to: i + n, place: p, clitic: strings.HasPrefix(first.low, "و")}, true
			}
		}
	}
	if lx == russian {
		head := text[first.start:last.start]
		for _, e := range ruEndings {
			stem, ok := strings.CutSuffix(last.low, e)
			if !ok || utf8.RuneCountInString(stem) < 3 {
				continue
			}
			for _, r := range ruRestore {
				if p, ok := x.best(head+stem+r, n); ok {
					return mention{from: i, to: i + n, place: p}, true
				}
			}
		}
	}
	return mention{}, false
}

// best returns the place a name most likely means: one in Syria before one
// elsewhere, then the most populous. A one-word name of a small place
// outside Syria is more likely an ordinary word ("حربية", "military", is
// also a village in Turkey) and is not taken.
func (x *Extractor) best(name string, words int) (gazetteer.Place, bool) {
	ps := x.g.Lookup(name)
	if len(ps) == 0 {
		return gazetteer.Place{}, false
	}
	for _, p := range ps {
		if p.Country == "SY" {
			return p, true
		}
	}
	if words == 1 && ps[0].Population < foreignMinPopulation && ps[0].Precision == gazetteer.PrecisionTown {
		return gazetteer.Place{}, false
	}
	return ps[0], true
}

// foreignMinPopulation is the population a one-word place outside Syria
// needs to be taken as a place (see best).
const foreignMinPopulation = 20000

// adm1For returns the first-level division p lies in (p itself if it is
// one), or false.
func (x *Extractor) adm1For(p gazetteer.Place) (gazetteer.Place, bool) {
	if p.Precision == gazetteer.PrecisionGovernorate {
		return p, true
	}
	a, ok := x.adm1[p.Country+"|"+p.Admin1]
	return a, ok
}

// bearings maps a compass bearing to degrees clockwise from north.
var bearings = map[string]float64{"n": 0, "ne": 45, "e": 90, "se": 135, "s": 180, "sw": 225, "w": 270, "nw": 315}

// destination returns the point dist km from (lat, lon) on bearing deg, on
// a sphere of the Earth's mean radius.
func destination(lat, lon, deg, dist float64) (float64, float64) {
	const earthKM = 6371.0088
	φ1, λ1, θ, δ := lat*math.Pi/180, lon*math.Pi/180, deg*math.Pi/180, dist/earthKM
	φ2 := math.Asin(math.Sin(φ1)*math.Cos(δ) + math.Cos(φ1)*math.Sin(δ)*math.Cos(θ))
	λ2 := λ1 + math.Atan2(math.Sin(θ)*math.Sin(δ)*math.Cos(φ1), math.Cos(δ)-math.Sin(φ1)*math.Sin(φ2))
	return φ2 * 180 / math.Pi, math.Mod(λ2*180/math.Pi+540, 360) - 180
}

// distanceKM returns the great-circle distance between two points.
func distanceKM(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKM = 6371.0088
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ, dλ := φ2-φ1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * earthKM * math.Asin(math.Min(1, math.Sqrt(a)))
}

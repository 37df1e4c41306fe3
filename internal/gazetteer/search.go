package gazetteer

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Match tiers, best first.
const (
	tierExact       = iota // strict key equals a name's strict key
	tierLoose              // loose key equals a name's loose key
	tierPrefix             // strict key is a prefix of a name's strict key
	tierLoosePrefix        // loose key is a prefix of a name's loose key
	tierFuzzy1             // loose keys one edit apart
	tierFuzzy2             // loose keys two edits apart
)

// FuzzyMinLen is the shortest query, in runes of its normalised form, for
// which Search falls back to edit distance; shorter queries only match
// exactly or by prefix.
const FuzzyMinLen = 5

// maxEdits is the largest edit distance a fuzzy match may have.
const maxEdits = 2

// Search returns up to limit places matching query, best first (limit ≤ 0
// means no limit). The ranking is:
//
//  1. places with a name or alternate name whose normalised form (see
//     Normalize) equals the query's;
//  2. then those equal after folding Latin vowel and consonant variants
//     (Dayr az Zawr ~ Deir ez-Zor, Hamah ~ Hama);
//  3. then names the query is a prefix of, strict before loose;
//  4. then, for queries of at least FuzzyMinLen runes, names within one and
//     then two edits of the query (on the loose forms).
//
// Within a tier, more populous places come first, then lower GeoNames ids,
// so results are deterministic. A query with no letters or digits matches
// nothing. Search never returns a place twice.
func (g *Gazetteer) Search(query string, limit int) []Place {
	hits := g.search(query, limit)
	if hits == nil {
		return nil
	}
	out := make([]Place, len(hits))
	for n, h := range hits {
		out[n] = g.places[h.idx]
	}
	return out
}

// hit is one search result: a place's index and the tier it matched in.
type hit struct {
	idx  int32
	tier int
}

// search returns the ranked hits for query (see Search).
func (g *Gazetteer) search(query string, limit int) []hit {
	strict, loose := keys(query)
	if strict == "" {
		return nil
	}
	best := make(map[int32]int)
	note := func(list []int32, tier int) {
		for _, i := range list {
			if t, ok := best[i]; !ok || tier < t {
				best[i] = tier
			}
		}
	}
	note(g.strict[strict], tierExact)
	note(g.loose[loose], tierLoose)
	g.prefix(g.strictKeys, g.strict, strict, func(l []int32) { note(l, tierPrefix) })
	g.prefix(g.looseKeys, g.loose, loose, func(l []int32) { note(l, tierLoosePrefix) })
	if utf8.RuneCountInString(strict) >= FuzzyMinLen && (limit <= 0 || len(best) < limit) {
		g.fuzzy(loose, func(key string, d int) { note(g.loose[key], tierFuzzy1+d-1) })
	}
	hits := make([]hit, 0, len(best))
	for i, t := range best {
		hits = append(hits, hit{i, t})
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if c := cmp.Compare(a.tier, b.tier); c != 0 {
			return c
		}
		pa, pb := &g.places[a.idx], &g.places[b.idx]
		if c := cmp.Compare(pb.Population, pa.Population); c != 0 {
			return c
		}
		return cmp.Compare(pa.ID, pb.ID)
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// prefix calls fn with the places of every key in sorted that starts with q
// (including q itself).
func (g *Gazetteer) prefix(sorted []string, m map[string][]int32, q string, fn func([]int32)) {
	for i := sort.SearchStrings(sorted, q); i < len(sorted) && strings.HasPrefix(sorted[i], q); i++ {
		fn(m[sorted[i]])
	}
}

// fuzzy calls fn with every loose key within maxEdits edits of q, and its
// distance (at least 1).
func (g *Gazetteer) fuzzy(q string, fn func(key string, d int)) {
	qr := []rune(q)
	qm := runeMask(q)
	var row []int
	kr := make([]rune, 0, 64)
	for n := len(qr) - maxEdits; n <= len(qr)+maxEdits; n++ {
		for _, k := range g.fuzzyByLen[n] {
			if maskFar(qm, k.mask, maxEdits) {
				continue
			}
			kr = appendRunes(kr[:0], k.key)
			if d := boundedLevenshtein(qr, kr, maxEdits, &row); d > 0 && d <= maxEdits {
				fn(k.key, d)
			}
		}
	}
}

// appendRunes appends the runes of s to dst.
func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

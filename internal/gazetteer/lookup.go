package gazetteer

import (
	"cmp"
	"slices"
)

// Lookup returns every place one of whose names or alternate names equals
// name after normalisation: the strict key (see Normalize) or, failing
// that, the loose key that also folds Latin vowel and consonant variants.
// Unlike Search it never matches by prefix or edit distance, so a caller
// scanning running text for place names gets no place for an ordinary
// word that merely resembles one. Places come most populous first, then by
// GeoNames id; the result is nil when nothing matches.
func (g *Gazetteer) Lookup(name string) []Place {
	strict, loose := keys(name)
	if strict == "" {
		return nil
	}
	list := g.strict[strict]
	if len(list) == 0 {
		list = g.loose[loose]
	}
	if len(list) == 0 {
		return nil
	}
	out := make([]Place, len(list))
	for n, i := range list {
		out[n] = g.places[i]
	}
	slices.SortFunc(out, func(a, b Place) int {
		if c := cmp.Compare(b.Population, a.Population); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

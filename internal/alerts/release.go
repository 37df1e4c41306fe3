package alerts

import (
	"slices"

	"truce/internal/access"
)

// tlpRank orders labels from most to least releasable.
func tlpRank(t access.TLP) int { return slices.Index(access.Labels, t) }

// Derive returns the releasability of an alert about causes for the parties
// concerned: the most restrictive TLP among the causes, at least AMBER, and
// as audience those concerned parties that may see every cause. It returns
// the audience kept; an empty audience means nobody concerned may see the
// alert, and it must not be raised.
func Derive(concerned []string, causes ...access.Releasability) access.Releasability {
	tlp := access.TLPAmber
	for _, c := range causes {
		if tlpRank(c.TLP) > tlpRank(tlp) {
			tlp = c.TLP
		}
	}
	var aud []string
	for _, p := range concerned {
		ok := p != ""
		for _, c := range causes {
			ok = ok && c.VisibleTo(p)
		}
		if ok {
			aud = append(aud, p)
		}
	}
	slices.Sort(aud)
	return access.Releasability{TLP: tlp, Audience: slices.Compact(aud)}
}

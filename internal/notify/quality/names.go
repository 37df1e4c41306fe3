package quality

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"truce/internal/gazetteer"
	"truce/internal/geo"
)

// Names checks a site's names against a gazetteer: a name that, once its
// generic words ("hospital", "مستشفى", "школа") are dropped, is exactly the
// name of one or more gazetteer places, none of them within the checker's
// NamePlaceM of the point, is flagged. A name that names no place (most
// do not: "M10 hospital") is never flagged. Names are matched against each
// place's primary name in Latin, ASCII, Arabic and Russian script (not
// GeoNames' alternate names: "Palmyra" is not checked, "Tadmur" is).
// Capitals (GeoNames PPLC), countries and the places sites are commonly
// dedicated to (Al-Quds hospitals, named for Jerusalem, stand in Aleppo
// and in Gaza) are not looked up.
type Names struct {
	g *gazetteer.Gazetteer
}

// NewNames returns the name check over g.
func NewNames(g *gazetteer.Gazetteer) *Names { return &Names{g: g} }

// generic holds the normalised words that say what a site is rather than
// where: dropped before a name is looked up.
var generic = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`hospital clinic school camp centre center health healthcare medical primary secondary
		field university college general national children maternity mosque church water station pumping power plant
		warehouse office premises un ngo unicef unhcr wfp who idp refugee refugees shelter point of the for and de
		مستشفى مشفى مدرسة مخيم مركز صحي عيادة جامع مسجد كنيسة محطة مياه مستودع مكتب ميداني الميداني
		больница госпиталь школа лагерь центр поликлиника мечеть церковь станция склад офис`) {
		m[gazetteer.Normalize(w)] = true
	}
	return m
}()

// dedications holds the normalised names of places that sites are named
// after wherever they stand.
var dedications = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"القدس", "Quds", "Al-Quds", "Jerusalem", "Иерусалим", "Aqsa", "الأقصى", "Mecca", "Makkah", "مكة", "Medina", "المدينة"} {
		m[gazetteer.Normalize(w)] = true
	}
	return m
}()

// phrase returns name without its generic words, or "".
func phrase(name string) string {
	var kept []string
	for _, w := range strings.Fields(name) {
		if n := gazetteer.Normalize(w); n != "" && !generic[n] {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// check returns the name flags of a site at p (languages in order).
func (n *Names) check(p orb.Point, names map[string]string, within float64) []Flag {
	var out []Flag
	langs := make([]string, 0, len(names))
	for l := range names {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, lang := range langs {
		q := phrase(names[lang])
		key := gazetteer.Normalize(q)
		if key == "" || dedications[key] {
			continue
		}
		nearest, best := "", math.Inf(1)
		for _, pl := range n.g.Search(q, 20) {
			if pl.FeatureCode == "PPLC" || strings.HasPrefix(pl.FeatureCode, "PCL") {
				continue
			}
			if !slices.ContainsFunc([]string{pl.Name, pl.ASCIIName, pl.NameAR, pl.NameRU}, func(s string) bool { return s != "" && gazetteer.Normalize(s) == key }) {
				continue
			}
			if d := geo.Distance(p, orb.Point{pl.Lon, pl.Lat}); d < best {
				nearest, best = pl.Name, d
			}
		}
		if nearest != "" && best > within {
			out = append(out, Flag{Code: NamePlace, Message: fmt.Sprintf("the %s name %q names %s, whose nearest place of that name is %.0f km from %s",
				lang, names[lang], nearest, best/1000, pt(p))})
		}
	}
	return out
}

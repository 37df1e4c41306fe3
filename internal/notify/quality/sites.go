package quality

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/geo"
)

// Site is a notified site as the duplicate check needs it: its id, point
// and releasability (who may be told of it).
type Site struct {
	ID      string
	Point   orb.Point
	Release access.Releasability
}

// Sites indexes the active sites for the duplicate check (a packed R-tree,
// geo.Index). It is immutable; build a new one when the set changes. A nil
// *Sites holds no site.
type Sites struct {
	list []Site
	ix   *geo.Index[int]
}

// NewSites indexes sites (which it keeps: the caller must not modify them).
func NewSites(sites []Site) *Sites {
	items := make([]geo.Item[int], len(sites))
	for i, s := range sites {
		items[i] = geo.Item[int]{ID: i, Geometry: s.Point}
	}
	return &Sites{list: sites, ix: geo.NewIndex(items)}
}

// Len returns the number of sites indexed.
func (s *Sites) Len() int {
	if s == nil {
		return 0
	}
	return len(s.list)
}

// Near returns the sites within m metres of p, nearest first (ties by id).
func (s *Sites) Near(p orb.Point, m float64) []Site {
	if s == nil {
		return nil
	}
	dx, dy := degreesFor(m, p[1])
	var out []Site
	for _, i := range s.ix.Candidates(orb.Bound{Min: orb.Point{p[0] - dx, p[1] - dy}, Max: orb.Point{p[0] + dx, p[1] + dy}}) {
		if geo.Distance(p, s.list[i].Point) <= m {
			out = append(out, s.list[i])
		}
	}
	slices.SortFunc(out, func(a, b Site) int {
		return cmp.Or(cmp.Compare(geo.Distance(p, a.Point), geo.Distance(p, b.Point)), cmp.Compare(a.ID, b.ID))
	})
	return out
}

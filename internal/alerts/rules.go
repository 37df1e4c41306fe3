package alerts

import (
	"slices"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/geo"
)

// Incident is what the rules need to know of a reported incident.
type Incident struct {
	ID  string
	Seq int64 // the incident.reported entry
	// Geometry is the incident's location: a Point or a Polygon.
	Geometry orb.Geometry
	// Start and End bound when it happened (End == Start if unknown).
	Start, End time.Time
	// Perpetrator is the party alleged to have done it, "" if not a party.
	Perpetrator string
	Release     access.Releasability
}

// SiteFact is what the rules need to know of an active protected site.
type SiteFact struct {
	ID       string
	Seq      int64 // the entry that notified its current version
	Version  int   // its current version
	Name     string
	Names    map[string]string // by language; Name is the English one (or the first)
	Location orb.Point
	BufferM  float64
	Notifier string
	// NotifiedAt maps each party currently notified to when it was first
	// notified of the site.
	NotifiedAt map[string]time.Time
	Release    access.Releasability
}

// MovementFact is what the rules need to know of an active movement.
type MovementFact struct {
	ID         string
	Seq        int64
	Version    int
	Route      orb.LineString
	CorridorM  float64
	Start, End time.Time
	Notifier   string
	Parties    []string
	Release    access.Releasability
}

// SiteAffected reports whether inc affects site: inc's alleged perpetrator
// is a party that was notified of the site at or before inc.Start, and inc
// lies within the site's buffer (its geometry comes within BufferM metres
// of the site, or covers it).
func SiteAffected(site *SiteFact, inc *Incident) bool {
	if inc.Perpetrator == "" || inc.Geometry == nil {
		return false
	}
	at, ok := site.NotifiedAt[inc.Perpetrator]
	if !ok || at.After(inc.Start) {
		return false
	}
	return geo.DistanceToGeometry(site.Location, inc.Geometry) <= site.BufferM
}

// MovementAffected reports whether inc affects mov: inc's time span meets
// the movement's window, and inc lies within CorridorM metres of its route.
func MovementAffected(mov *MovementFact, inc *Incident) bool {
	if inc.Geometry == nil || inc.End.Before(mov.Start) || inc.Start.After(mov.End) {
		return false
	}
	return distanceToRoute(inc.Geometry, mov.Route) <= mov.CorridorM
}

// distanceToRoute is the least distance between an incident's geometry (a
// point or polygon) and a route.
func distanceToRoute(g orb.Geometry, route orb.LineString) float64 {
	switch g := g.(type) {
	case orb.Point:
		return geo.DistanceToLineString(g, route)
	default:
		if geo.Intersects(g, route) {
			return 0
		}
		best := geo.DistanceToGeometry(route[0], g)
		for _, p := range route[1:] {
			best = min(best, geo.DistanceToGeometry(p, g))
		}
		// Edges of the polygon against the route.
		for _, ring := range rings(g) {
			for _, p := range ring {
				best = min(best, geo.DistanceToLineString(p, route))
			}
		}
		return best
	}
}

func rings(g orb.Geometry) []orb.Ring {
	switch g := g.(type) {
	case orb.Polygon:
		return g
	case orb.MultiPolygon:
		var out []orb.Ring
		for _, p := range g {
			out = append(out, p...)
		}
		return out
	}
	return nil
}

// Matcher finds the sites and movements an incident affects, with a
// spatial index over their buffers. Build a new Matcher when they change;
// a Matcher is immutable and safe for concurrent use.
type Matcher struct {
	sites     []SiteFact
	movements []MovementFact
	siteIx    *geo.Index[int]
	movIx     *geo.Index[int]
}

// NewMatcher indexes sites and movements (it keeps the slices).
func NewMatcher(sites []SiteFact, movements []MovementFact) *Matcher {
	si := make([]geo.Item[int], len(sites))
	for i, s := range sites {
		si[i] = geo.Item[int]{ID: i, Geometry: geo.ExpandBound(s.Location.Bound(), s.BufferM)}
	}
	mi := make([]geo.Item[int], len(movements))
	for i, m := range movements {
		mi[i] = geo.Item[int]{ID: i, Geometry: geo.ExpandBound(m.Route.Bound(), m.CorridorM)}
	}
	return &Matcher{sites: sites, movements: movements, siteIx: geo.NewIndex(si), movIx: geo.NewIndex(mi)}
}

// Sites returns the sites inc affects (see SiteAffected), in the order
// they were given.
func (m *Matcher) Sites(inc *Incident) []*SiteFact {
	if inc.Geometry == nil {
		return nil
	}
	ids := m.siteIx.Candidates(inc.Geometry.Bound())
	slices.Sort(ids)
	var out []*SiteFact
	for _, i := range ids {
		if SiteAffected(&m.sites[i], inc) {
			out = append(out, &m.sites[i])
		}
	}
	return out
}

// Movements returns the movements inc affects (see MovementAffected), in
// the order they were given.
func (m *Matcher) Movements(inc *Incident) []*MovementFact {
	if inc.Geometry == nil {
		return nil
	}
	ids := m.movIx.Candidates(inc.Geometry.Bound())
	slices.Sort(ids)
	var out []*MovementFact
	for _, i := range ids {
		if MovementAffected(&m.movements[i], inc) {
			out = append(out, &m.movements[i])
		}
	}
	return out
}

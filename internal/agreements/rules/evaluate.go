package rules

import (
	"slices"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
)

// Source says what an Event was read from.
type Source string

// The event sources.
const (
	SourceIncident    Source = "incident"
	SourceFlight      Source = "flight"      // a flight plan's position (a waypoint or along a segment)
	SourceObservation Source = "observation" // a monitor's observation
	SourceTrack       Source = "track"       // a live track's position report
)

// Event is one recorded fact the rules are checked against.
type Event struct {
	Source Source
	ID     string
	Time   time.Time
	Point  orb.Point
	// Party is the party the event is attributed to (the alleged
	// perpetrator, the aircraft's operator, the unit observed); "" when
	// unknown, which bears on every rule and awaits attribution.
	Party    string
	Category string
	Weapons  []string
	// AltitudeFt is the altitude above mean sea level, meaningful only when
	// HasAltitude.
	AltitudeFt  float64
	HasAltitude bool
}

// Airborne reports whether e is an aircraft's position (a flight plan's or
// a live track's): not presence on the ground, and not fire.
func (e *Event) Airborne() bool { return e.Source == SourceFlight || e.Source == SourceTrack }

// Site is a protected site as the no-fire rule needs it.
type Site struct {
	ID    string
	Point orb.Point
	// Notified is when each party was first notified of the site (its
	// notifier from when it notified). Fire by a party bears on the rule
	// near the site only from the time that party was notified of it, and
	// fire by a party not yet identified from the first time anyone was: a
	// party cannot breach a protection it was never told of. A nil map
	// protects the site at every time.
	Notified map[string]time.Time
}

// protects reports whether s was protected from fire by party at t (see
// Site.Notified).
func (s *Site) protects(party string, t time.Time) bool {
	if s.Notified == nil {
		return true
	}
	if party != "" {
		at, ok := s.Notified[party]
		return ok && !t.Before(at)
	}
	for _, at := range s.Notified {
		if !t.Before(at) {
			return true
		}
	}
	return false
}

// Hit is an event that bears on a rule: a violation by Party (or, when
// Party is "", by a party not yet identified). Sites lists, sorted, the
// protected sites within the rule's radius (KindNoFireNearSites only).
type Hit struct {
	RuleID  string
	EventID string
	Party   string
	Sites   []string
}

// VisibleTo returns the hit as a viewer notified of the sites for which
// notified returns true may see it, and false when it must not be shown at
// all: a no-fire hit is shown only with the sites the viewer was notified
// of, and not at all when there are none.
func (h Hit) VisibleTo(notified func(siteID string) bool) (Hit, bool) {
	if len(h.Sites) == 0 {
		return h, true
	}
	var keep []string
	for _, s := range h.Sites {
		if notified(s) {
			keep = append(keep, s)
		}
	}
	if len(keep) == 0 {
		return Hit{}, false
	}
	h.Sites = keep
	return h, true
}

// Evaluator checks events against a fixed set of rules and sites, with an
// R-tree over the zone rules' areas and another over the sites. It is
// immutable and safe for concurrent use; build a new one when the rules or
// sites change.
type Evaluator struct {
	rules     []Rule
	zoneIndex *geo.Index[int]
	fire      []int // indices of the no-fire rules
	maxRadius float64
	sites     []Site
	siteIndex *geo.Index[int]
}

// NewEvaluator indexes rules and sites (which it keeps; the caller must not
// modify them). Rules that fail Validate are ignored.
func NewEvaluator(rules []Rule, sites []Site) *Evaluator {
	ev := &Evaluator{rules: rules, sites: sites}
	var zoneItems []geo.Item[int]
	for i := range rules {
		r := &rules[i]
		if r.Validate() != nil {
			continue
		}
		if r.Kind == KindNoFireNearSites {
			ev.fire = append(ev.fire, i)
			ev.maxRadius = max(ev.maxRadius, r.RadiusKm*1000)
			continue
		}
		// Each polygon is indexed apart: a zone whose line moved holds
		// its areas over time, often far apart, and their joint bound
		// would make the rule a candidate for every event between them.
		for _, poly := range r.Zone {
			zoneItems = append(zoneItems, geo.Item[int]{ID: i, Geometry: poly})
		}
	}
	ev.zoneIndex = geo.NewIndex(zoneItems)
	siteItems := make([]geo.Item[int], len(sites))
	for i, s := range sites {
		siteItems[i] = geo.Item[int]{ID: i, Geometry: s.Point}
	}
	ev.siteIndex = geo.NewIndex(siteItems)
	return ev
}

// Evaluate returns the hits of e, ordered by rule as given to NewEvaluator.
func (x *Evaluator) Evaluate(e *Event) []Hit {
	var found []ruleHit
	cand := x.zoneIndex.Candidates(e.Point.Bound())
	if len(cand) > 1 {
		slices.Sort(cand) // a rule of several polygons may be a candidate more than once
		cand = slices.Compact(cand)
	}
	for _, i := range cand {
		r := &x.rules[i]
		if zoneRuleApplies(r, e) && inZone(r.areaAt(e.Time), e.Point) {
			found = append(found, ruleHit{i, Hit{RuleID: r.ID, EventID: e.ID, Party: e.Party}})
		}
	}
	if len(x.fire) > 0 && !e.Airborne() {
		found = append(found, x.fireHits(e)...)
	}
	if len(found) == 0 {
		return nil
	}
	slices.SortStableFunc(found, func(a, b ruleHit) int { return a.rule - b.rule })
	hits := make([]Hit, len(found))
	for k := range found {
		hits[k] = found[k].hit
	}
	return hits
}

// ruleHit is a hit with the index of its rule, to order hits by rule.
type ruleHit struct {
	rule int
	hit  Hit
}

// zoneRuleApplies checks everything of a zone rule but the area.
func zoneRuleApplies(r *Rule, e *Event) bool {
	if !r.active(e.Time) || !(e.Party == "" || r.binds(e.Party)) {
		return false
	}
	switch r.Kind {
	case KindNoWeapons:
		return matchesClass(r.Classes, e)
	case KindWithdrawal:
		return !e.Airborne() && (len(r.Classes) == 0 || matchesClass(r.Classes, e))
	case KindNoLowFlights:
		return e.HasAltitude && e.AltitudeFt < r.MinAltitudeFt
	}
	return false
}

// inZone reports whether p lies in mp, boundary included.
func inZone(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		if geo.PointInPolygon(p, poly) {
			return true
		}
	}
	return false
}

// fireHits returns the no-fire hits of e.
func (x *Evaluator) fireHits(e *Event) []ruleHit {
	cand := x.siteIndex.Candidates(geo.ExpandBound(e.Point.Bound(), x.maxRadius))
	if len(cand) == 0 {
		return nil
	}
	dist := make([]float64, len(cand))
	for k, si := range cand {
		dist[k] = geo.Distance(e.Point, x.sites[si].Point)
	}
	var hits []ruleHit
	for _, i := range x.fire {
		r := &x.rules[i]
		if !r.active(e.Time) || !(e.Party == "" || r.binds(e.Party)) {
			continue
		}
		classes := r.Classes
		if len(classes) == 0 {
			classes = FireCategories
		}
		if !matchesClass(classes, e) {
			continue
		}
		var near []string
		for k, si := range cand {
			if dist[k] <= r.RadiusKm*1000 && x.sites[si].protects(e.Party, e.Time) {
				near = append(near, x.sites[si].ID)
			}
		}
		if len(near) > 0 {
			slices.Sort(near)
			hits = append(hits, ruleHit{i, Hit{RuleID: r.ID, EventID: e.ID, Party: e.Party, Sites: slices.Compact(near)}})
		}
	}
	return hits
}

package zones

import (
	"slices"
	"sort"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
)

// InForceFrom returns when a version agreed at agreedAt takes effect: its
// effective time. Agreement is the condition, not the start: a version
// agreed after its effective time applies from that time (the parties may
// ratify a map retroactively, as ceasefire task forces did with maps agreed
// after the start of a cessation of hostilities), and until it is agreed
// it applies at no time at all.
func InForceFrom(effectiveFrom, agreedAt time.Time) time.Time {
	_ = agreedAt
	return effectiveFrom
}

// Step is one agreed version of a zone in a Timeline: from Start the zone
// is as the version says (Withdrawn, or Geometry until End when End is not
// zero).
type Step struct {
	Version   int
	Start     time.Time
	End       time.Time // zero for open-ended
	Withdrawn bool
	Geometry  orb.MultiPolygon
}

// Timeline is the history of one zone's agreed versions. The version that
// applies at time t is the highest-numbered agreed version whose in-force
// time is at or before t: a later version supersedes an earlier one from its
// own in-force time, even if the earlier one has not started yet.
type Timeline struct {
	ZoneID string
	Steps  []Step // any order; At sorts nothing and scans them all
}

// At returns the step that applies at t, or nil if none does yet.
func (tl *Timeline) At(t time.Time) *Step {
	var best *Step
	for i := range tl.Steps {
		s := &tl.Steps[i]
		if s.Start.After(t) {
			continue
		}
		if best == nil || s.Version > best.Version {
			best = s
		}
	}
	return best
}

// InForce returns the geometry in force at t, or nil if the zone does not
// designate any area at t (not yet agreed, not yet in force, withdrawn or
// expired).
func (tl *Timeline) InForce(t time.Time) orb.MultiPolygon {
	s := tl.At(t)
	if s == nil || s.Withdrawn || (!s.End.IsZero() && !t.Before(s.End)) {
		return nil
	}
	return s.Geometry
}

// Status returns the zone's status at t.
func (tl *Timeline) Status(t time.Time) Status {
	if len(tl.Steps) == 0 {
		return StatusProposed
	}
	s := tl.At(t)
	switch {
	case s == nil:
		return StatusScheduled
	case s.Withdrawn:
		return StatusWithdrawn
	case !s.End.IsZero() && !t.Before(s.End):
		return StatusExpired
	}
	return StatusInForce
}

// Bound returns the bounding box of every geometry in the timeline, and
// false if it has none.
func (tl *Timeline) Bound() (orb.Bound, bool) {
	var b orb.Bound
	ok := false
	for _, s := range tl.Steps {
		if len(s.Geometry) == 0 {
			continue
		}
		if !ok {
			b, ok = s.Geometry.Bound(), true
		} else {
			b = b.Union(s.Geometry.Bound())
		}
	}
	return b, ok
}

// Attribute returns, sorted, the ids of the zones among timelines whose
// geometry in force at t contains or intersects loc (boundaries included).
// This is the rule for which zones an incident falls in.
func Attribute(loc orb.Geometry, t time.Time, timelines []Timeline) []string {
	var out []string
	lb := loc.Bound()
	for i := range timelines {
		g := timelines[i].InForce(t)
		if g == nil || !g.Bound().Intersects(lb) {
			continue
		}
		if geo.Intersects(g, loc) {
			out = append(out, timelines[i].ZoneID)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// Attributor answers Attribute for many locations against a fixed set of
// timelines, with an R-tree over the zones' bounding boxes. It is immutable
// and safe for concurrent use.
type Attributor struct {
	timelines []Timeline
	index     *geo.Index[int]
}

// NewAttributor indexes timelines (which it keeps; do not modify them).
func NewAttributor(timelines []Timeline) *Attributor {
	items := make([]geo.Item[int], 0, len(timelines))
	for i := range timelines {
		b, ok := timelines[i].Bound()
		if !ok {
			continue
		}
		items = append(items, geo.Item[int]{ID: i, Geometry: b.ToPolygon()})
	}
	return &Attributor{timelines: timelines, index: geo.NewIndex(items)}
}

// Attribute returns what the package-level Attribute returns for the
// attributor's timelines.
func (a *Attributor) Attribute(loc orb.Geometry, t time.Time) []string {
	cand := a.index.Candidates(loc.Bound())
	sub := make([]Timeline, len(cand))
	for k, i := range cand {
		sub[k] = a.timelines[i]
	}
	return Attribute(loc, t, sub)
}

package extract

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
	"truce/internal/incidents"
)

// Candidate is an incident a draft may duplicate: what Correlate needs
// of it and nothing more.
type Candidate interface {
	// ID identifies the incident.
	ID() string
	// Category is its category.
	Category() incidents.Category
	// Point is its location, WGS 84 degrees.
	Point() (lat, lon float64)
	// Interval is when it happened, [start, end); end may equal start.
	Interval() (start, end time.Time)
}

// CorrelateOptions bounds what counts as near. Zero fields take the
// defaults.
type CorrelateOptions struct {
	// MaxKM is how far beyond a draft location's radius an incident may
	// lie (default 25 km).
	MaxKM float64
	// MaxGap is the longest time between the draft's interval and the
	// incident's (default 48 h); overlapping intervals have no gap.
	MaxGap time.Duration
	// Limit caps the matches returned, best first (0: no limit).
	Limit int
}

func (o CorrelateOptions) withDefaults() CorrelateOptions {
	if o.MaxKM <= 0 {
		o.MaxKM = 25
	}
	if o.MaxGap <= 0 {
		o.MaxGap = 48 * time.Hour
	}
	return o
}

// Match is a possible duplicate: an incident near the draft in space and
// time, with a compatible category.
type Match struct {
	ID string `json:"id"`
	// Score is in (0, 1]: 0.45 for nearness in space, 0.35 in time and
	// 0.2 for the category, each scaled from 1 (same place, overlapping
	// intervals, same category) down to 0 at the limits.
	Score      float64 `json:"score"`
	DistanceKM float64 `json:"distance_km"`
	// GapHours is the time between the intervals, 0 if they overlap.
	GapHours float64  `json:"gap_hours"`
	Reasons  []string `json:"reasons"`
}

// categoryGroups are categories that reports of one event often mix up:
// an air strike reported as shelling, a clash as an advance.
var categoryGroups = [][]incidents.Category{
	{incidents.CategoryAirStrike, incidents.CategoryShelling, incidents.CategoryExplosion,
		incidents.CategoryAttackOnCivilians, incidents.CategoryAttackOnProtectedSite},
	{incidents.CategoryArmedClash, incidents.CategoryGroundAdvance, incidents.CategorySniperFire,
		incidents.CategoryAttackOnCivilians},
}

// CategoryAffinity returns how compatible two categories are for
// duplicates: 1 for the same, 0.6 for categories of one group (air strike
// and shelling, clash and advance), 0.3 when either is "other", and 0 for
// incompatible ones (an obstruction of aid and an air strike).
func CategoryAffinity(a, b incidents.Category) float64 {
	switch {
	case a == b:
		return 1
	case a == incidents.CategoryOther || b == incidents.CategoryOther:
		return 0.3
	}
	for _, g := range categoryGroups {
		if slices.Contains(g, a) && slices.Contains(g, b) {
			return 0.6
		}
	}
	return 0
}

// scoreMatch decides whether candidate c is a possible duplicate of d and
// scores it; it is the one rule both Index and the tests' brute force use.
func scoreMatch(d *Draft, c Candidate, o CorrelateOptions) (Match, bool) {
	aff := CategoryAffinity(d.Category, c.Category())
	if aff == 0 || len(d.Locations) == 0 {
		return Match{}, false
	}
	start, end := c.Interval()
	var gap time.Duration
	switch {
	case end.Before(d.Time.Start):
		gap = d.Time.Start.Sub(end)
	case start.After(d.Time.End):
		gap = start.Sub(d.Time.End)
	}
	if gap > o.MaxGap {
		return Match{}, false
	}
	lat, lon := c.Point()
	bestFrac, bestKM, bestLoc := math.Inf(1), 0.0, -1
	for i, l := range d.Locations {
		km := geo.Distance(orb.Point{l.Lon, l.Lat}, orb.Point{lon, lat}) / 1000
		limit := l.RadiusKM + o.MaxKM
		if frac := km / limit; km <= limit && frac < bestFrac {
			bestFrac, bestKM, bestLoc = frac, km, i
		}
	}
	if bestLoc < 0 {
		return Match{}, false
	}
	timeFrac := 1 - float64(gap)/float64(o.MaxGap)
	m := Match{
		ID: c.ID(), DistanceKM: bestKM, GapHours: gap.Hours(),
		Score: 0.45*(1-bestFrac) + 0.35*timeFrac + 0.2*aff,
	}
	l := d.Locations[bestLoc]
	m.Reasons = append(m.Reasons, fmt.Sprintf("%.1f km from %q (radius %.0f km)", bestKM, l.Text, l.RadiusKM))
	if gap == 0 {
		m.Reasons = append(m.Reasons, "the time intervals overlap")
	} else {
		m.Reasons = append(m.Reasons, fmt.Sprintf("%.0f h apart in time", gap.Hours()))
	}
	if aff == 1 {
		m.Reasons = append(m.Reasons, "same category "+string(d.Category))
	} else {
		m.Reasons = append(m.Reasons, fmt.Sprintf("compatible categories %s and %s", d.Category, c.Category()))
	}
	return m, true
}

// sortMatches orders matches best first, then by ID, and applies limit.
func sortMatches(ms []Match, limit int) []Match {
	slices.SortFunc(ms, func(a, b Match) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if limit > 0 && len(ms) > limit {
		ms = ms[:limit]
	}
	return ms
}

// Package quality checks the data of a humanitarian notification when it is
// submitted and flags what would let a party discredit it (NYT 2019: some
// of the UN's no-strike sites in Syria had been submitted wrongly, and
// nobody verified them): a point or route that is not on land in the
// centre's area, a duplicate of a site already notified, a name whose place
// the gazetteer puts far from the point, and a route that cannot be driven
// in its window.
//
// Flags are findings for the notifier to confirm or correct, never reasons
// to refuse a notification. The package is pure code: no I/O, no clock.
package quality

import (
	"fmt"
	"math"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
)

// Flag codes.
const (
	// NotOnLand: the point (or a route vertex) is at sea or outside the
	// countries the centre covers.
	NotOnLand = "not_on_land"
	// Duplicate: another active site lies within Checker.DuplicateM.
	Duplicate = "duplicate"
	// NamePlace: a name names a gazetteer place, and no place of that name
	// lies within Checker.NamePlaceM of the point.
	NamePlace = "name_place_mismatch"
	// NotDrivable: the route's length over its window needs an average
	// speed above Checker.MaxSpeedKmh.
	NotDrivable = "not_drivable"
)

// Flag is one finding about a submission: Code (one of the constants),
// Message for people, and Other, the id of the site it duplicates.
type Flag struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Other   string `json:"other,omitempty"`
}

// Defaults of a Checker's thresholds.
const (
	DefaultDuplicateM  = 100.0
	DefaultNamePlaceM  = 25_000.0
	DefaultMaxSpeedKmh = 60.0
)

// Checker checks submissions. Land and Names may be nil (that check is then
// skipped); zero thresholds take their defaults. A Checker is immutable
// and safe for concurrent use.
type Checker struct {
	Land        *Land
	Names       *Names
	DuplicateM  float64
	NamePlaceM  float64
	MaxSpeedKmh float64
}

func (c *Checker) dupM() float64   { return or(c.DuplicateM, DefaultDuplicateM) }
func (c *Checker) placeM() float64 { return or(c.NamePlaceM, DefaultNamePlaceM) }
func (c *Checker) speed() float64  { return or(c.MaxSpeedKmh, DefaultMaxSpeedKmh) }

func or(v, d float64) float64 {
	if v > 0 {
		return v
	}
	return d
}

// CheckSite returns the flags of a site at p with names (by language code)
// against the active sites (nil for none). A site for which skip (nil:
// none) reports true is never named a duplicate: the caller MUST skip the
// site itself on an update and every site the submitter may not see, so
// that a flag never discloses a site beyond its audience. Flags come in a
// fixed order: land, duplicates (nearest first), names.
func (c *Checker) CheckSite(p orb.Point, names map[string]string, sites *Sites, skip func(Site) bool) []Flag {
	var out []Flag
	if c.Land != nil && !c.Land.Contains(p) {
		out = append(out, Flag{Code: NotOnLand, Message: fmt.Sprintf("%s is not on land in the centre's area (at sea, or outside %s)", pt(p), c.Land.Covers())})
	}
	for _, d := range sites.Near(p, c.dupM()) {
		if skip != nil && skip(d) {
			continue
		}
		out = append(out, Flag{Code: Duplicate, Other: d.ID,
			Message: fmt.Sprintf("site %s is already notified %.0f m away; is this the same site?", d.ID, geo.Distance(p, d.Point))})
	}
	if c.Names != nil {
		out = append(out, c.Names.check(p, names, c.placeM())...)
	}
	return out
}

// CheckMovement returns the flags of a route driven between start and end:
// each vertex not on land (the first only), and a length that needs more
// than MaxSpeedKmh on average.
func (c *Checker) CheckMovement(route orb.LineString, start, end time.Time) []Flag {
	var out []Flag
	if c.Land != nil {
		for i, p := range route {
			if !c.Land.Contains(p) {
				out = append(out, Flag{Code: NotOnLand, Message: fmt.Sprintf("route point %d, %s, is not on land in the centre's area (at sea, or outside %s)", i, pt(p), c.Land.Covers())})
				break
			}
		}
	}
	km := 0.0
	for i := 1; i < len(route); i++ {
		km += geo.Distance(route[i-1], route[i]) / 1000
	}
	if h := end.Sub(start).Hours(); h > 0 && km/h > c.speed() {
		out = append(out, Flag{Code: NotDrivable, Message: fmt.Sprintf("the route is %.0f km long: driving it in the %.1f h window needs %.0f km/h on average, more than %.0f km/h",
			km, h, km/h, c.speed())})
	}
	return out
}

func pt(p orb.Point) string { return fmt.Sprintf("(%.5f, %.5f)", p[1], p[0]) }

// degreesFor returns the half-sizes in degrees (lon, lat) of a box of m
// metres around latitude lat.
func degreesFor(m, lat float64) (float64, float64) {
	dlat := m / 111_000
	c := math.Cos(lat * math.Pi / 180)
	if c < 0.01 {
		c = 0.01
	}
	return dlat / c, dlat
}

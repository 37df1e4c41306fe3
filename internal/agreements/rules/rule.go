package rules

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/paulmach/orb"
)

// Kind is the kind of check an obligation makes.
type Kind string

// The rule kinds.
const (
	// KindNoWeapons: no weapons of Classes (weapon classes or incident
	// categories) inside Zone from From (until Until when set).
	KindNoWeapons Kind = "no_weapons_in_zone"
	// KindWithdrawal: the bound parties are behind the line by From: any
	// presence of theirs (of Classes when set) inside Zone, the side of
	// the line they must leave, from From on is a violation. Flights are
	// not presence on the ground: KindNoLowFlights governs the air.
	KindWithdrawal Kind = "withdrawal_behind_line"
	// KindNoLowFlights: no flight below MinAltitudeFt over Zone from From.
	KindNoLowFlights Kind = "no_flights_below"
	// KindNoFireNearSites: no fire (events of Classes, FireCategories when
	// empty) within RadiusKm of a protected site from From.
	KindNoFireNearSites Kind = "no_fire_near_sites"
)

// Kinds lists every rule kind.
var Kinds = []Kind{KindNoWeapons, KindWithdrawal, KindNoLowFlights, KindNoFireNearSites}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// FireCategories are the incident categories that count as fire for
// KindNoFireNearSites when a rule lists no classes of its own.
var FireCategories = []string{"air_strike", "shelling_missile", "armed_clash", "sniper_fire",
	"explosion_ied", "attack_on_civilians", "attack_on_protected_site"}

// MaxRadiusKm bounds the radius of a no-fire rule.
const MaxRadiusKm = 100

// Rule is one obligation as the evaluator needs it. Zone is the agreed
// zone's geometry (zone kinds) and nil for KindNoFireNearSites.
type Rule struct {
	ID   string
	Kind Kind
	// Parties are the parties bound; empty binds every party.
	Parties []string
	Zone    orb.MultiPolygon
	// AreaAt, when set, is the zone's area in force at a time (nil when
	// it designates none then: not yet agreed or in force, withdrawn,
	// expired): an event bears on the rule only inside the area in force
	// at its own time, so a line moved later does not rewrite the past.
	// Zone must then hold every area AreaAt gives (it bounds the index).
	AreaAt func(t time.Time) orb.MultiPolygon
	// From is when the rule starts to bind (the deadline of a withdrawal);
	// Until, when not zero, is when it stops (exclusive).
	From, Until time.Time
	// Classes are the weapon classes or incident categories the rule is
	// about; an event matches when its category or one of its weapons is
	// listed. Empty means any event (KindWithdrawal) or FireCategories
	// (KindNoFireNearSites); KindNoWeapons requires at least one.
	Classes       []string
	MinAltitudeFt float64
	RadiusKm      float64
}

// Validate returns an error naming the first field of r that is missing
// or out of range; field names are those of the obligation's API.
func (r *Rule) Validate() error {
	bad := func(field, format string, args ...any) error {
		return &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case !r.Kind.Valid():
		return bad("rule.kind", "must be one of %v", Kinds)
	case r.From.IsZero():
		return bad("rule.from", "is required")
	case !r.Until.IsZero() && !r.Until.After(r.From):
		return bad("rule.until", "must be after rule.from")
	}
	if r.Kind == KindNoFireNearSites {
		if !(r.RadiusKm > 0 && r.RadiusKm <= MaxRadiusKm) {
			return bad("rule.radius_km", "must be more than 0 and at most %d", MaxRadiusKm)
		}
		return nil
	}
	if len(r.Zone) == 0 {
		return bad("rule.zone_id", "must name an agreed zone with an area")
	}
	switch r.Kind {
	case KindNoWeapons:
		if len(r.Classes) == 0 {
			return bad("rule.classes", "must list at least one weapon class or incident category")
		}
	case KindNoLowFlights:
		if !(r.MinAltitudeFt > 0 && r.MinAltitudeFt < 100000) || math.IsNaN(r.MinAltitudeFt) {
			return bad("rule.min_altitude_ft", "must be more than 0 and below 100000")
		}
	}
	return nil
}

// FieldError is a rule that fails validation: Field names the field.
type FieldError struct {
	Field, Reason string
}

// Error returns "field reason".
func (e *FieldError) Error() string { return e.Field + " " + e.Reason }

// binds reports whether r binds party.
func (r *Rule) binds(party string) bool {
	return len(r.Parties) == 0 || slices.Contains(r.Parties, party)
}

// areaAt returns r's area at t (see AreaAt).
func (r *Rule) areaAt(t time.Time) orb.MultiPolygon {
	if r.AreaAt == nil {
		return r.Zone
	}
	return r.AreaAt(t)
}

// active reports whether r binds at t.
func (r *Rule) active(t time.Time) bool {
	return !t.Before(r.From) && (r.Until.IsZero() || t.Before(r.Until))
}

// matchesClass reports whether ev's category or one of its weapons is
// among classes.
func matchesClass(classes []string, ev *Event) bool {
	if slices.Contains(classes, ev.Category) {
		return true
	}
	for _, w := range ev.Weapons {
		if slices.Contains(classes, w) {
			return true
		}
	}
	return false
}

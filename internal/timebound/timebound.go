// Package timebound bounds every time that truce accepts from outside.
//
// A time given in a request or an import names when something happened or
// will happen: an incident, a zone's effective period, a movement's window,
// a flight plan's waypoints, an airspace reservation. None of them is before
// Earliest, and each kind of time has a horizon: how far ahead of the
// node's clock it may be. Events that have happened (incidents) may be
// ahead only by ClockSkew. The horizons are listed in the README's table of
// time bounds; each domain applies its own with Check.
package timebound

import (
	"time"

	"truce/internal/fault"
)

// Earliest is the earliest time any input may name: 2000-01-01T00:00:00Z.
var Earliest = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// ClockSkew is how far ahead of the node's clock the time of an event that
// has already happened may be, to allow for the reporter's clock.
const ClockSkew = 5 * time.Minute

// Day is 24 hours, the unit of the horizons.
const Day = 24 * time.Hour

// Horizons of the domains: how far ahead of now each kind of time may be.
const (
	// Happened is the horizon of a time at which something happened
	// (incident times).
	Happened = ClockSkew
	// ZonePeriod is the horizon of a zone's effective_from and
	// effective_until: ten years.
	ZonePeriod = 3653 * Day
	// MovementWindow is the horizon of a humanitarian movement's window:
	// one year.
	MovementWindow = 366 * Day
	// FlightPlan is the horizon of a flight plan's waypoint times: 31 days.
	FlightPlan = 31 * Day
	// Reservation is the horizon of an airspace reservation's window: one
	// year.
	Reservation = 366 * Day
)

// Check returns nil if t is within [Earliest, now+horizon], and otherwise
// an *fault.InvalidError for field that states the accepted range.
func Check(field string, t, now time.Time, horizon time.Duration) error {
	latest := now.Add(horizon)
	switch {
	case t.Before(Earliest):
		return fault.Invalid(field, "%s is before %s, the earliest time accepted", t.UTC().Format(time.RFC3339), Earliest.Format(time.RFC3339))
	case t.After(latest):
		if horizon <= ClockSkew {
			return fault.Invalid(field, "%s is in the future (it is now %s); give the time it happened", t.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
		return fault.Invalid(field, "%s is more than %d days ahead; the latest time accepted is %s", t.UTC().Format(time.RFC3339), int(horizon/Day), latest.UTC().Format(time.RFC3339))
	}
	return nil
}

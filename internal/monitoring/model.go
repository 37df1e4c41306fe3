package monitoring

import (
	"encoding/json"
	"slices"
	"strings"
)

// Entry kinds of this domain.
const (
	KindPatrolFiled         = "monitoring.patrol_filed"
	KindRestrictionRecorded = "monitoring.restriction_recorded"
)

// EntryKinds returns every entry kind this package appends to the log, in
// a new slice. A kind added to this package MUST be added here: the
// store's projection table is checked against this list.
func EntryKinds() []string { return []string{KindPatrolFiled, KindRestrictionRecorded} }

const (
	patrolPrefix      = "patrol:"
	restrictionPrefix = "restriction:"
)

// PatrolSubject returns the log subject of patrol id, "patrol:<id>".
func PatrolSubject(id string) string { return patrolPrefix + id }

// RestrictionSubject returns the log subject of restriction id,
// "restriction:<id>".
func RestrictionSubject(id string) string { return restrictionPrefix + id }

// ParsePatrolSubject returns the patrol id of a subject made by
// PatrolSubject, and false for any other subject.
func ParsePatrolSubject(s string) (string, bool) {
	id, ok := strings.CutPrefix(s, patrolPrefix)
	return id, ok && id != ""
}

// Patrol kinds: a ground patrol or a flight (a drone or aircraft).
const (
	PatrolGround = "patrol"
	PatrolFlight = "flight"
)

// PatrolKinds lists the patrol kinds.
var PatrolKinds = []string{PatrolGround, PatrolFlight}

// RestrictionKinds lists the kinds of restriction of the monitors'
// freedom of movement.
var RestrictionKinds = []string{"denial", "obstruction", "threat", "jamming"}

// Window is a time window, RFC 3339 start and end.
type Window struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// PatrolFiled is the payload of monitoring.patrol_filed: a planned patrol
// or flight along Route (a GeoJSON LineString), seeing SightM metres
// either side of it during Window, notified to Notified as the movement
// notification NoticeID.
type PatrolFiled struct {
	ID       string          `json:"id"`
	Kind     string          `json:"kind"`
	Route    json.RawMessage `json:"route"`
	SightM   float64         `json:"sight_m"`
	Window   Window          `json:"window"`
	Notified []string        `json:"notified"`
	NoticeID string          `json:"notice_id"`
	Note     string          `json:"note,omitempty"`
}

// RestrictionRecorded is the payload of monitoring.restriction_recorded:
// a restriction of the monitors' movement at Time, at Location (a GeoJSON
// Point) with RadiusM metres around it the monitors could not see,
// attributed to ControlledBy (the party controlling the area). With
// PatrolID it restricts that patrol; without, every patrol active at Time.
type RestrictionRecorded struct {
	ID           string          `json:"id"`
	PatrolID     string          `json:"patrol_id,omitempty"`
	Kind         string          `json:"kind"`
	Location     json.RawMessage `json:"location"`
	RadiusM      float64         `json:"radius_m"`
	Time         string          `json:"time"`
	ControlledBy string          `json:"controlled_by"`
	Note         string          `json:"note,omitempty"`
}

// Limits of the inputs.
const (
	MaxSightM      = 20_000 // a movement notification's widest corridor
	DefaultSightM  = 1_000
	DefaultRadiusM = 1_000
	MaxRadiusM     = 50_000
	maxNote        = 2_000
)

func validKind(k string, set []string) bool { return slices.Contains(set, k) }

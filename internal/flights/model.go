package flights

import (
	"encoding/json"
	"strings"
	"time"

	"truce/internal/access"
)

// Plan statuses. Filed, active and completed are computed at read time from
// the clock and the trajectory's first and last times; cancelled is recorded.
const (
	StatusFiled     = "filed"
	StatusActive    = "active"
	StatusCompleted = "completed"
	StatusCancelled = "cancelled"
)

// Categories lists the aircraft categories a plan may give.
var Categories = []string{"fixed_wing", "rotary_wing", "uav", "transport", "airdrop", "medevac", "other"}

// Waypoint is one point of a 4D trajectory.
type Waypoint struct {
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	AltFt float64 `json:"alt_ft"`
	Time  string  `json:"time"` // RFC 3339
}

// Plan is a flight plan as a caller may see it. When Redacted is set the
// caller is a co-chair outside the plan's audience: only the trajectory
// (id, party, status, waypoints, version) is shown.
type Plan struct {
	ID        string               `json:"id"`
	Party     string               `json:"party"`
	Author    string               `json:"author,omitempty"`
	Callsign  string               `json:"callsign,omitempty"`
	Category  string               `json:"category,omitempty"`
	Status    string               `json:"status"`
	Waypoints []Waypoint           `json:"waypoints"`
	Release   access.Releasability `json:"releasability"`
	Version   int                  `json:"version"`
	Filed     string               `json:"filed,omitempty"`
	Updated   string               `json:"updated,omitempty"`
	Cancelled string               `json:"cancelled,omitempty"`
	Reason    string               `json:"cancel_reason,omitempty"`
	Redacted  bool                 `json:"redacted,omitempty"`
	// Seq is the last entry that changed the plan: its ETag.
	Seq int64 `json:"seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// flight plan: this node's own origin, or a peer's for a flight plan mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
}

// Reservation is an airspace reservation as a caller may see it.
type Reservation struct {
	ID        string               `json:"id"`
	Party     string               `json:"party"`
	Author    string               `json:"author,omitempty"`
	Name      string               `json:"name"`
	Geometry  json.RawMessage      `json:"geometry"`
	FloorFt   float64              `json:"floor_ft"`
	CeilingFt float64              `json:"ceiling_ft"`
	Start     string               `json:"start"`
	End       string               `json:"end"`
	Status    string               `json:"status"` // active or cancelled
	Release   access.Releasability `json:"releasability"`
	Created   string               `json:"created,omitempty"`
	Seq       int64                `json:"seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// reservation: this node's own origin, or a peer's for a reservation mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
}

// Track is the latest state of a live track.
type Track struct {
	ID             string   `json:"id"`
	Party          string   `json:"party"`
	Lat            float64  `json:"lat"`
	Lon            float64  `json:"lon"`
	AltFt          float64  `json:"alt_ft"`
	Time           string   `json:"time"`
	GroundSpeedMPS *float64 `json:"ground_speed_mps,omitempty"`
	TrackDeg       *float64 `json:"track_deg,omitempty"`
	VerticalFPM    *float64 `json:"vertical_rate_fpm,omitempty"`
}

// Conflict kinds.
const (
	KindConflict  = "conflict"
	KindIntrusion = "intrusion"
	KindAdvisory  = "advisory"
)

// Conflict statuses.
const (
	ConflictOpen    = "open"
	ConflictCleared = "cleared"
)

// Point is a position in airspace.
type Point struct {
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	AltFt float64 `json:"alt_ft"`
}

// Conflict is a conflict between aircraft of different parties, an
// intrusion into a reservation or an advisory near a notified site or
// movement, as logged. Subjects are plan or track ids (and the
// reservation, site or movement id); Parties are the parties concerned.
// Release says who may know that the record exists (the parties concerned
// and the co-chairs); what each of them may see of its subjects is decided
// by Disclosure, and every read returns a Disclosure view.
type Conflict struct {
	ID             string               `json:"id"`
	Kind           string               `json:"kind"`
	Source         string               `json:"source"` // "plan" or "track"
	Subjects       []string             `json:"subjects"`
	Parties        []string             `json:"parties"`
	Start          string               `json:"start"`
	End            string               `json:"end"`
	MinHorizontalM float64              `json:"min_horizontal_m"`
	MinVerticalFt  float64              `json:"min_vertical_ft"`
	Where          *Point               `json:"where,omitempty"`
	TimeToLossS    *float64             `json:"time_to_loss_s,omitempty"`
	Status         string               `json:"status"`
	Detail         string               `json:"detail"`
	Raised         string               `json:"raised,omitempty"`
	Cleared        string               `json:"cleared,omitempty"`
	ClearReason    string               `json:"clear_reason,omitempty"`
	AlertKey       string               `json:"alert_key,omitempty"`
	Release        access.Releasability `json:"releasability"`
	Seq            int64                `json:"seq"`
	// About describes each subject (type, party, who may know it) and
	// Template is Detail with {0} and {1} for the subjects' names: both
	// are logged, neither is part of a view.
	About    []Subject `json:"about,omitempty"`
	Template string    `json:"detail_template,omitempty"`
	// AuditFor, in a view only, lists the parties whose read audit
	// records this read (see Disclosure.View).
	AuditFor []string `json:"-"`
}

// Entry kinds. Subjects are "flightplan:<id>", "reservation:<id>" and
// "conflict:<id>".
const (
	EntryPlanFiled            = "flightplan.filed"
	EntryPlanAmended          = "flightplan.amended"
	EntryPlanCancelled        = "flightplan.cancelled"
	EntryReservationCreated   = "reservation.created"
	EntryReservationCancelled = "reservation.cancelled"
	EntryConflictRaised       = "conflict.raised"
	EntryConflictCleared      = "conflict.cleared"
)

// EntryKinds returns every entry kind this package appends to the log, in a new
// slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list, so that each kind is either
// projected or declared kept in the log only.
func EntryKinds() []string {
	return []string{
		EntryPlanFiled,
		EntryPlanAmended,
		EntryPlanCancelled,
		EntryReservationCreated,
		EntryReservationCancelled,
		EntryConflictRaised,
		EntryConflictCleared,
	}
}

// PlanPayload is the payload of flightplan.filed and flightplan.amended:
// the whole version.
type PlanPayload struct {
	ID        string     `json:"id"`
	Version   int        `json:"version"`
	Callsign  string     `json:"callsign"`
	Category  string     `json:"category"`
	Waypoints []Waypoint `json:"waypoints"`
}

// CancelPayload is the payload of flightplan.cancelled and
// reservation.cancelled.
type CancelPayload struct {
	ID     string `json:"id"`
	Reason string `json:"reason,omitempty"`
}

// ReservationPayload is the payload of reservation.created.
type ReservationPayload struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Geometry  json.RawMessage `json:"geometry"`
	FloorFt   float64         `json:"floor_ft"`
	CeilingFt float64         `json:"ceiling_ft"`
	Start     string          `json:"start"`
	End       string          `json:"end"`
}

// ClearedPayload is the payload of conflict.cleared.
type ClearedPayload struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// planStatus returns the status of a stored plan at now.
func planStatus(p *Plan, now time.Time) string {
	if p.Status == StatusCancelled || len(p.Waypoints) == 0 {
		return p.Status
	}
	first, err1 := time.Parse(time.RFC3339Nano, p.Waypoints[0].Time)
	last, err2 := time.Parse(time.RFC3339Nano, p.Waypoints[len(p.Waypoints)-1].Time)
	switch {
	case err1 != nil || err2 != nil:
		return p.Status
	case now.Before(first):
		return StatusFiled
	case now.After(last):
		return StatusCompleted
	}
	return StatusActive
}

// PlanSubject returns the log subject of flight plan id, "flightplan:<id>".
func PlanSubject(id string) string { return "flightplan:" + id }

// ParsePlanSubject returns the flight plan id of a log subject made by
// PlanSubject, and false for any other subject (another domain's, or one
// with no id).
func ParsePlanSubject(subject string) (id string, ok bool) {
	id, ok = strings.CutPrefix(subject, "flightplan:")
	if !ok || id == "" {
		return "", false
	}
	return id, true
}

// ReservationSubject returns the log subject of airspace reservation id, "reservation:<id>".
func ReservationSubject(id string) string { return "reservation:" + id }

// ParseReservationSubject returns the airspace reservation id of a log subject made by
// ReservationSubject, and false for any other subject (another domain's, or one
// with no id).
func ParseReservationSubject(subject string) (id string, ok bool) {
	id, ok = strings.CutPrefix(subject, "reservation:")
	if !ok || id == "" {
		return "", false
	}
	return id, true
}

// ConflictSubject returns the log subject of conflict record id, "conflict:<id>".
func ConflictSubject(id string) string { return "conflict:" + id }

// ParseConflictSubject returns the conflict record id of a log subject made by
// ConflictSubject, and false for any other subject (another domain's, or one
// with no id).
func ParseConflictSubject(subject string) (id string, ok bool) {
	id, ok = strings.CutPrefix(subject, "conflict:")
	if !ok || id == "" {
		return "", false
	}
	return id, true
}

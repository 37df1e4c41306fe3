package alerts

import (
	"slices"

	"truce/internal/access"
)

// Severity is an alert's severity, as in CAP 1.2 (lower-case here).
type Severity string

// The severities, least severe first.
const (
	SeverityMinor    Severity = "minor"
	SeverityModerate Severity = "moderate"
	SeveritySevere   Severity = "severe"
	SeverityExtreme  Severity = "extreme"
)

// Severities lists the severities, least severe first.
var Severities = []Severity{SeverityMinor, SeverityModerate, SeveritySevere, SeverityExtreme}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool { return slices.Contains(Severities, s) }

// Next returns the severity one level up (extreme stays extreme).
func (s Severity) Next() Severity {
	i := slices.Index(Severities, s)
	if i < 0 || i == len(Severities)-1 {
		return SeverityExtreme
	}
	return Severities[i+1]
}

// Kind is what raised an alert.
type Kind string

// The alert kinds.
const (
	KindSiteAffected     Kind = "notified_site_affected"
	KindMovementAffected Kind = "movement_affected"
	KindAckOverdue       Kind = "acknowledgement_overdue"
	KindAirConflict      Kind = "air_conflict" // raised by deconfliction with its record (RaiseChange)
	KindAirAdvisory      Kind = "air_advisory" // raised by deconfliction with its record (RaiseChange)
	KindOther            Kind = "other"
	// KindIntegrity is raised, to every party, by a node that found its own
	// store altered (an entry row or a projection that does not match the
	// log); it then refuses writes.
	KindIntegrity Kind = "store_integrity"
	// KindFeedStale: a movement is under way and a notified party's last
	// pull of its notification feed predates the version it was notified
	// of (FeedStaleSpec).
	KindFeedStale Kind = "notification_feed_stale"
	// KindCaseRequestOverdue: a party has not answered a case's request
	// for information by its deadline (package cases).
	KindCaseRequestOverdue Kind = "case_request_overdue"
	// KindPassageHazard: mines, an obstacle or fire reported on a safe
	// passage or local ceasefire, raised to the parties concerned and the
	// organisations moving on it (package agreements).
	KindPassageHazard Kind = "passage_hazard"
)

// Kinds lists the alert kinds.
var Kinds = []Kind{KindSiteAffected, KindMovementAffected, KindAckOverdue, KindFeedStale, KindCaseRequestOverdue, KindAirConflict, KindAirAdvisory, KindPassageHazard, KindOther, KindIntegrity}

// Link points at a record that caused an alert: its type (incident, site,
// movement, message, flight, …), id and the log entry that is the cause.
type Link struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	Seq  int64  `json:"seq"`
}

// Area is where an alert applies: a circle (CAP's circle) around a point.
type Area struct {
	Description string  `json:"description"`
	Lon         float64 `json:"lon"`
	Lat         float64 `json:"lat"`
	RadiusM     float64 `json:"radius_m"`
}

// Ack is one concerned party's acknowledgement of an alert.
type Ack struct {
	Party  string `json:"party"`
	Status string `json:"status"` // pending, acknowledged, or withdrawn (read-time: the party left the centre)
	Time   string `json:"time,omitempty"`
	Author string `json:"author,omitempty"`
	Note   string `json:"note,omitempty"`
	Seq    int64  `json:"seq,omitempty"`
}

// Alert statuses: open until every party concerned has acknowledged.
const (
	StatusOpen         = "open"
	StatusAcknowledged = "acknowledged"
)

// Alert is an alert as a caller may see it.
type Alert struct {
	ID          string   `json:"id"`
	Key         string   `json:"key"`
	Kind        Kind     `json:"kind"`
	Severity    Severity `json:"severity"`
	Level       int      `json:"level"` // escalations so far
	Status      string   `json:"status"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Party       string   `json:"party"` // the party it is recorded for
	Concerned   []string `json:"concerned"`
	Links       []Link   `json:"links"`
	Area        *Area    `json:"area,omitempty"`
	// About names what the alert is about as structured fields (nil for
	// alerts raised before it existed).
	About    *About               `json:"about,omitempty"`
	Release  access.Releasability `json:"releasability"`
	Raised   string               `json:"raised"`
	Deadline string               `json:"deadline"`
	Acks     []Ack                `json:"acknowledgements"`
	// Seq is the last entry that changed the alert (its ETag); RaisedSeq
	// the alert.raised entry.
	Seq       int64 `json:"seq"`
	RaisedSeq int64 `json:"raised_seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// alert: this node's own origin, or a peer's for a alert mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
}

// Entry kinds; the subject of each is "alert:<id>".
const (
	EntryRaised       = "alert.raised"
	EntryAcknowledged = "alert.acknowledged"
	EntryEscalated    = "alert.escalated"
)

// EntryKinds returns every entry kind this package appends to the log, in a new
// slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list, so that each kind is either
// projected or declared kept in the log only.
func EntryKinds() []string {
	return []string{
		EntryRaised,
		EntryAcknowledged,
		EntryEscalated,
		EntryCleared,
	}
}

// Raised is the payload of alert.raised.
type Raised struct {
	ID          string   `json:"id"`
	Key         string   `json:"key"`
	Kind        Kind     `json:"kind"`
	Severity    Severity `json:"severity"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Concerned   []string `json:"concerned"`
	Links       []Link   `json:"links"`
	Area        *Area    `json:"area,omitempty"`
	About       *About   `json:"about,omitempty"`
	Deadline    string   `json:"deadline"`
}

// Acknowledged is the payload of alert.acknowledged.
type Acknowledged struct {
	ID    string `json:"id"`
	Party string `json:"party"`
	Note  string `json:"note,omitempty"`
}

// Escalated is the payload of alert.escalated.
type Escalated struct {
	ID       string   `json:"id"`
	Level    int      `json:"level"`
	Severity Severity `json:"severity"`
	Deadline string   `json:"deadline"`
	Reason   string   `json:"reason"`
}

// Subject returns the log subject of alert id, "alert:<id>".
func Subject(id string) string { return "alert:" + id }

package incidents

import (
	"encoding/json"
	"slices"

	"truce/internal/access"
)

// Category is the kind of event reported.
type Category string

// The incident categories.
const (
	CategoryAirStrike             Category = "air_strike"
	CategoryShelling              Category = "shelling_missile"
	CategoryArmedClash            Category = "armed_clash"
	CategoryGroundAdvance         Category = "ground_advance"
	CategorySniperFire            Category = "sniper_fire"
	CategoryExplosion             Category = "explosion_ied"
	CategoryAttackOnCivilians     Category = "attack_on_civilians"
	CategoryAttackOnProtectedSite Category = "attack_on_protected_site"
	CategoryObstructionOfAccess   Category = "obstruction_of_humanitarian_access"
	CategoryUnsafeAirEncounter    Category = "unsafe_air_encounter"
	CategoryOther                 Category = "other"
)

// Categories lists every category.
var Categories = []Category{CategoryAirStrike, CategoryShelling, CategoryArmedClash, CategoryGroundAdvance,
	CategorySniperFire, CategoryExplosion, CategoryAttackOnCivilians, CategoryAttackOnProtectedSite,
	CategoryObstructionOfAccess, CategoryUnsafeAirEncounter, CategoryOther}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Status is where an incident stands in joint verification.
type Status string

// The statuses.
const (
	StatusReported    Status = "reported"
	StatusUnderReview Status = "under_review"
	StatusConfirmed   Status = "confirmed"
	StatusDisputed    Status = "disputed"
	StatusUnfounded   Status = "unfounded"
)

// Statuses lists every status.
var Statuses = []Status{StatusReported, StatusUnderReview, StatusConfirmed, StatusDisputed, StatusUnfounded}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Closed reports whether s ends a round of verification.
func (s Status) Closed() bool {
	return s == StatusConfirmed || s == StatusDisputed || s == StatusUnfounded
}

// Verdict is one co-chair party's assessment.
type Verdict string

// The verdicts.
const (
	VerdictConfirmed        Verdict = "confirmed"
	VerdictRejected         Verdict = "rejected"
	VerdictNeedsInformation Verdict = "needs_information"
)

// Valid reports whether v is a known verdict.
func (v Verdict) Valid() bool {
	return v == VerdictConfirmed || v == VerdictRejected || v == VerdictNeedsInformation
}

// Time precisions: how exactly the start time is known.
const (
	TimeExact = "exact"
	TimeHour  = "hour"
	TimeDay   = "day"
	TimeWeek  = "week"
)

// TimePrecisions lists the time precisions.
var TimePrecisions = []string{TimeExact, TimeHour, TimeDay, TimeWeek}

// LocationPrecisions lists the location precisions (shared with package
// gazetteer): exact, 1km, 5km, town, district, governorate.
var LocationPrecisions = []string{"exact", "1km", "5km", "town", "district", "governorate"}

// TimeSpan is when an incident happened: Start (RFC 3339) with its
// precision, and an optional End.
type TimeSpan struct {
	Start     string `json:"start"`
	End       string `json:"end,omitempty"`
	Precision string `json:"precision"`
}

// Perpetrator is who allegedly did it: a member party, a named armed group,
// or unknown.
type Perpetrator struct {
	Kind  string `json:"kind"` // party, group or unknown
	Party string `json:"party,omitempty"`
	Group string `json:"group,omitempty"`
}

// Key returns the perpetrator as one filterable string: "party:<id>",
// "group:<name>" or "unknown".
func (p Perpetrator) Key() string {
	switch p.Kind {
	case "party":
		return "party:" + p.Party
	case "group":
		return "group:" + p.Group
	}
	return "unknown"
}

// Casualty is one reported casualty figure: a min–max range of killed or
// injured civilians, combatants or unknown, with its source.
type Casualty struct {
	Outcome string `json:"outcome"` // killed or injured
	Group   string `json:"group"`   // civilian, combatant or unknown
	Min     int    `json:"min"`
	Max     int    `json:"max"`
	Source  string `json:"source"`
}

// Source is one source of the report, rated on the Admiralty (NATO)
// scale: reliability A–F and credibility 1–6.
type Source struct {
	Name        string `json:"name"`
	Reliability string `json:"reliability"`
	Credibility int    `json:"credibility"`
	URL         string `json:"url,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Evidence is a file attached to an incident, stored content-addressed.
type Evidence struct {
	SHA256    string `json:"sha256"`
	Name      string `json:"name,omitempty"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
}

// Report is an incident as reported: the content of incident.reported,
// validated and normalised.
type Report struct {
	ID                string          `json:"id"`
	ExternalID        string          `json:"external_id,omitempty"`
	Key               string          `json:"key"` // idempotency key (see Key)
	Category          Category        `json:"category"`
	Time              TimeSpan        `json:"time"`
	Location          json.RawMessage `json:"location"` // GeoJSON Point or Polygon
	LocationPrecision string          `json:"location_precision"`
	PlaceName         string          `json:"place_name,omitempty"`
	PlaceID           int             `json:"place_id,omitempty"` // GeoNames id when resolved from the gazetteer
	Perpetrator       Perpetrator     `json:"perpetrator"`
	Casualties        []Casualty      `json:"casualties,omitempty"`
	Narrative         string          `json:"narrative"`
	Sources           []Source        `json:"sources,omitempty"`
	Evidence          []Evidence      `json:"evidence,omitempty"`
}

// Attachment is a source attached to an incident after its report: an
// open source whose draft an analyst merged into it, rated on the
// Admiralty scale by that analyst, its text as evidence. It is logged with
// the merge (draft.merged) and released as the draft it came from: a
// caller sees it only if Release is visible to them, whatever the
// incident's own releasability.
type Attachment struct {
	Seq      int64                `json:"seq"` // the draft.merged entry
	Party    string               `json:"party"`
	Author   string               `json:"author"`
	Time     string               `json:"time"`
	DraftID  string               `json:"draft_id"`
	Source   Source               `json:"source"`
	Evidence EvidenceRef          `json:"evidence"`
	Release  access.Releasability `json:"-"`
}

// Assessment is one co-chair party's verdict in the current round.
type Assessment struct {
	Party     string  `json:"party"`
	Verdict   Verdict `json:"verdict"`
	Reasoning string  `json:"reasoning"`
	Author    string  `json:"author"`
	Time      string  `json:"time"`
}

// Incident is an incident as a caller may see it.
type Incident struct {
	Report
	Party      string               `json:"party"` // reporting party
	Author     string               `json:"author"`
	ReportedAt string               `json:"reported_at"`
	Release    access.Releasability `json:"releasability"`
	Status     Status               `json:"status"`
	// Round counts reopenings; assessments are those of the current round.
	Round       int          `json:"round"`
	Assessments []Assessment `json:"assessments"`
	// Zones are the zones attributed (only those the caller may see).
	Zones       []string `json:"zones"`
	DuplicateOf string   `json:"duplicate_of,omitempty"`
	// Killed and Injured are the conservative totals (see Conservative).
	Killed  int `json:"killed"`
	Injured int `json:"injured"`
	// Seq is the sequence number of the last entry that changed the
	// incident's state: its ETag.
	Seq int64 `json:"seq"`
	// Origin is the origin (the party node's log) that holds the
	// incident's report: this node's own, or a peer's whose entry this
	// node mirrored, verified and applied. Only that origin's node can
	// change the report.
	Origin string `json:"origin"`
	// Attached are the sources attached after the report (open sources
	// whose drafts were merged into it) that the caller may see.
	Attached []Attachment `json:"attached_sources,omitempty"`
	// OriginIndex is, for a mirrored incident read by its id, the index of
	// its report in its origin's log, by which a client fetches the report
	// with its proof against that origin's checkpoint; absent otherwise.
	OriginIndex *int64 `json:"origin_index,omitempty"`

	T0 int64 `json:"-"` // start, Unix seconds
	T1 int64 `json:"-"` // end (or start plus precision), Unix seconds
	N  int64 `json:"-"` // sequence number of incident.reported: a stable row id
}

// Comment is a remark on an incident; comments are not state changes.
type Comment struct {
	Seq    int64  `json:"seq"`
	Party  string `json:"party"`
	Author string `json:"author"`
	Time   string `json:"time"`
	Text   string `json:"text"`
}

// Entry kinds of this domain. The subject of each is "incident:<id>".
const (
	KindReported        = "incident.reported"
	KindAssessed        = "incident.assessed"
	KindReopened        = "incident.reopened"
	KindDuplicateMarked = "incident.duplicate_marked"
	KindDuplicateLinked = "incident.duplicate_linked"
	KindCommented       = "incident.commented"
)

// EntryKinds returns every entry kind this package appends to the log, in a new
// slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list, so that each kind is either
// projected or declared kept in the log only.
func EntryKinds() []string {
	return []string{
		KindReported,
		KindAssessed,
		KindReopened,
		KindDuplicateMarked,
		KindDuplicateLinked,
		KindCommented,
	}
}

// Reported is the payload of incident.reported.
type Reported struct {
	Incident Report `json:"incident"`
}

// Assessed is the payload of incident.assessed: a verdict and the status it
// leads to.
type Assessed struct {
	IncidentID string  `json:"incident_id"`
	Round      int     `json:"round"`
	Party      string  `json:"party"`
	Verdict    Verdict `json:"verdict"`
	Reasoning  string  `json:"reasoning"`
	Status     Status  `json:"status"`
}

// Reopened is the payload of incident.reopened: a new round begins under
// review.
type Reopened struct {
	IncidentID string `json:"incident_id"`
	Round      int    `json:"round"`
	Reason     string `json:"reason"`
	Status     Status `json:"status"`
}

// DuplicateMarked is the payload of incident.duplicate_marked, in the
// duplicate's history.
type DuplicateMarked struct {
	IncidentID  string `json:"incident_id"`
	DuplicateOf string `json:"duplicate_of"`
}

// DuplicateLinked is the payload of incident.duplicate_linked, in the
// original's history.
type DuplicateLinked struct {
	IncidentID string `json:"incident_id"`
	Duplicate  string `json:"duplicate"`
}

// Commented is the payload of incident.commented.
type Commented struct {
	IncidentID string `json:"incident_id"`
	Text       string `json:"text"`
}

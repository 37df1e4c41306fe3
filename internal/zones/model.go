package zones

import (
	"encoding/json"
	"slices"

	"truce/internal/access"
	"truce/internal/federation/joint"
)

// Kind is what a zone designates.
type Kind string

// The zone kinds.
const (
	KindCeasefireArea        Kind = "ceasefire_area"
	KindHumanitarianCorridor Kind = "humanitarian_corridor"
	KindRestrictedAirspace   Kind = "restricted_airspace"
	KindProtectedArea        Kind = "protected_area"
	KindDemilitarizedZone    Kind = "demilitarized_zone"
)

// Kinds lists every zone kind.
var Kinds = []Kind{KindCeasefireArea, KindHumanitarianCorridor, KindRestrictedAirspace, KindProtectedArea, KindDemilitarizedZone}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Action says what a version does to its zone.
type Action string

// The version actions. A withdrawal ends the zone from its in-force time;
// a later define version brings it back.
const (
	ActionDefine   Action = "define"
	ActionWithdraw Action = "withdraw"
)

// Status is a zone's state at a given moment.
type Status string

// The zone statuses, as of the time they are computed.
const (
	StatusProposed  Status = "proposed"  // no version agreed yet
	StatusScheduled Status = "scheduled" // a version is agreed but not yet in force
	StatusInForce   Status = "in_force"  // the applicable version designates the area
	StatusWithdrawn Status = "withdrawn" // the applicable version is a withdrawal
	StatusExpired   Status = "expired"   // the applicable version's effective period ended
)

// Spec is the content of one version of a zone: what a co-chair proposes
// and the others agree to.
type Spec struct {
	ZoneID  string `json:"zone_id"`
	Version int    `json:"version"`
	Action  Action `json:"action"`
	Kind    Kind   `json:"kind"`
	Name    string `json:"name"`
	NameRU  string `json:"name_ru,omitempty"`
	NameAR  string `json:"name_ar,omitempty"`
	// Geometry is the normalised GeoJSON MultiPolygon (exterior rings
	// counter-clockwise, holes clockwise).
	Geometry json.RawMessage `json:"geometry"`
	// EffectiveFrom and EffectiveUntil are RFC 3339 UTC times;
	// EffectiveUntil is empty for an open-ended version.
	EffectiveFrom  string `json:"effective_from"`
	EffectiveUntil string `json:"effective_until,omitempty"`
	Note           string `json:"note,omitempty"`
}

// Version is one version of a zone: its Spec with what the projection
// derived from the log (proposer, agreements, in-force time).
type Version struct {
	Spec
	Party      string   `json:"party"`
	Author     string   `json:"author"`
	ProposedAt string   `json:"proposed_at"`
	AgreedBy   []string `json:"agreed_by"`
	// AgreedAt is when the last co-chair agreed; empty while pending.
	AgreedAt string `json:"agreed_at,omitempty"`
	// InForceFrom is when the version applies from once agreed (see
	// InForceFrom); empty while pending.
	InForceFrom string `json:"in_force_from,omitempty"`
	Seq         int64  `json:"seq"`
	// Pending lists the co-chairs still in the centre whose agreement the
	// version awaits (empty once agreed), and Withdrawn the co-chairs that
	// left the centre while it awaited them, whose agreement nothing waits
	// for (see AgreementState). The service sets both as it reads.
	Pending   []string `json:"pending"`
	Withdrawn []string `json:"withdrawn,omitempty"`
}

// Agreed reports whether the version is agreed: every co-chair agreed to
// it, not counting those that left the centre before they did.
func (v *Version) Agreed() bool { return v.AgreedAt != "" }

// Zone is a zone with its versions, as a caller may see it.
type Zone struct {
	ID      string               `json:"id"`
	Party   string               `json:"party"`
	Release access.Releasability `json:"releasability"`
	Created string               `json:"created"`
	// Status is the zone's state now (see Timeline.Status).
	Status Status `json:"status"`
	// Current is the version that applies now, nil if none does.
	Current *Version `json:"current,omitempty"`
	// Latest is the highest version number proposed.
	Latest   int       `json:"latest_version"`
	Versions []Version `json:"versions"`
	// Seq is the sequence number of the zone's last entry: its ETag.
	Seq int64 `json:"seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// zone: this node's own origin, or a peer's for a zone mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
	// ComputedFrom names the logs the versions were computed from (this
	// node's own first, then each peer's accepted checkpoint) when they are
	// the joint state of a party node (JointVersions); set on a zone read
	// by id only.
	ComputedFrom []joint.Log `json:"computed_from,omitempty"`
}

// Entry kinds of this domain.
const (
	KindProposed = "zone.proposed"
	KindAgreed   = "zone.agreed"
)

// EntryKinds returns every entry kind this package appends to the log, in a new
// slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list, so that each kind is either
// projected or declared kept in the log only.
func EntryKinds() []string {
	return []string{
		KindProposed,
		KindAgreed,
	}
}

// Proposed is the payload of zone.proposed: a new version of a zone (a new
// zone when Version.Version is 1). Release is the zone's releasability,
// fixed by its first version.
type Proposed struct {
	Version Spec                 `json:"version"`
	Release access.Releasability `json:"releasability"`
}

// Agreed is the payload of zone.agreed: a co-chair party's agreement to one
// exact version. Complete is true when this agreement is the last one
// needed: the version is then agreed at the entry's time and in force from
// InForceFrom(effective time, entry time).
type Agreed struct {
	ZoneID   string `json:"zone_id"`
	Version  int    `json:"version"`
	Party    string `json:"party"`
	Complete bool   `json:"complete"`
}

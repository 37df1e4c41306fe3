package agreements

import (
	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/federation/joint"
)

// Document is the signed document of an agreement version, a file in the
// node's evidence store (content-addressed by SHA-256).
type Document struct {
	SHA256    string `json:"sha256"`
	Name      string `json:"name,omitempty"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
}

// RuleSpec is an obligation's rule as recorded: times are RFC 3339 UTC,
// the zone is named by id and resolved to its agreed geometry when the
// rule is evaluated.
type RuleSpec struct {
	Kind          rules.Kind `json:"kind"`
	ZoneID        string     `json:"zone_id,omitempty"`
	Parties       []string   `json:"parties,omitempty"`
	From          string     `json:"from"`
	Until         string     `json:"until,omitempty"`
	Classes       []string   `json:"classes,omitempty"`
	MinAltitudeFt float64    `json:"min_altitude_ft,omitempty"`
	RadiusKm      float64    `json:"radius_km,omitempty"`
}

// ObligationSpec is one commitment of an agreement version. Key is unique
// within the agreement and stays the same across versions.
type ObligationSpec struct {
	Key   string   `json:"key"`
	Title string   `json:"title"`
	Rule  RuleSpec `json:"rule"`
}

// Spec is the content of one version of an agreement: what a co-chair
// proposes and the others agree to.
type Spec struct {
	AgreementID    string           `json:"agreement_id"`
	Version        int              `json:"version"`
	Title          string           `json:"title"`
	Text           string           `json:"text,omitempty"`
	Parties        []string         `json:"parties"`
	EffectiveFrom  string           `json:"effective_from"`
	EffectiveUntil string           `json:"effective_until,omitempty"`
	Document       *Document        `json:"document,omitempty"`
	Obligations    []ObligationSpec `json:"obligations"`
}

// Version is one version of an agreement with what the log says of it.
type Version struct {
	Spec
	Party      string   `json:"party"`
	Author     string   `json:"author"`
	ProposedAt string   `json:"proposed_at"`
	AgreedBy   []string `json:"agreed_by"`
	// AgreedAt is when the last co-chair agreed; empty while pending.
	AgreedAt string `json:"agreed_at,omitempty"`
	Seq      int64  `json:"seq"`
	// Pending lists the co-chairs whose agreement the version awaits, and
	// Withdrawn the co-chairs that left the centre while it awaited them
	// (see cochair.State); the service sets both as it reads.
	Pending   []string `json:"pending"`
	Withdrawn []string `json:"withdrawn,omitempty"`
}

// Agreed reports whether every co-chair agreed to the version.
func (v *Version) Agreed() bool { return v.AgreedAt != "" }

// Link is an event an analyst linked to an obligation, where the rule
// could not decide it.
type Link struct {
	Obligation string       `json:"obligation"`
	Source     rules.Source `json:"source"`
	EventID    string       `json:"event_id"`
	// Party is the party the event bears on ("" when not yet identified).
	Party string `json:"party,omitempty"`
	// Release is the linked incident's releasability when it was linked:
	// the link is shown only to those who may see both.
	Release access.Releasability `json:"releasability"`
	Note    string               `json:"note,omitempty"`
	By      string               `json:"by"`
	ByParty string               `json:"by_party"`
	Time    string               `json:"time"`
	Seq     int64                `json:"seq"`
}

// Status is an agreement's state now.
type Status string

// The agreement statuses.
const (
	StatusProposed  Status = "proposed"  // no version agreed yet
	StatusScheduled Status = "scheduled" // agreed, effective later
	StatusInForce   Status = "in_force"
	StatusExpired   Status = "expired"
)

// Agreement is an agreement with its versions and links, as stored.
type Agreement struct {
	ID      string               `json:"id"`
	Party   string               `json:"party"`
	Release access.Releasability `json:"releasability"`
	Created string               `json:"created"`
	// Status and Current (the latest agreed version) are set by the
	// service as it reads.
	Status   Status    `json:"status"`
	Current  *Version  `json:"current,omitempty"`
	Latest   int       `json:"latest_version"`
	Versions []Version `json:"versions"`
	Links    []Link    `json:"links"`
	// Breaches are the obligations the incidents broke, recorded as each
	// incident was written or a version agreed (agreement.breach_recorded);
	// the service uses them for compliance and serves them only there,
	// each to those who may see its incident.
	Breaches []Breach `json:"breaches,omitempty"`
	// Seq is the sequence number of the agreement's last entry: its ETag.
	Seq int64 `json:"seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// agreement: this node's own origin, or a peer's for a agreement mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
	// ComputedFrom names the logs the versions were computed from (this
	// node's own first, then each peer's accepted checkpoint) when they are
	// the joint state (JointAgreement); set on an agreement read by id only,
	// never part of a stored document.
	ComputedFrom []joint.Log `json:"computed_from,omitempty"`
}

// Entry kinds of this domain.
const (
	KindProposed          = "agreement.proposed"
	KindAgreed            = "agreement.agreed"
	KindLinked            = "agreement.linked"
	KindBreachRecorded    = "agreement.breach_recorded"
	KindPassageProposed   = "passage.proposed"
	KindPassageGuaranteed = "passage.guaranteed"
	KindPassageStatus     = "passage.status_changed"
	KindPassageHazard     = "passage.hazard_reported"
)

// EntryKinds returns every entry kind this package appends, in a new slice.
// A kind added to this package MUST be added here: the store's projection
// table is checked against it.
func EntryKinds() []string {
	return []string{KindProposed, KindAgreed, KindLinked, KindBreachRecorded, KindPassageProposed, KindPassageGuaranteed,
		KindPassageStatus, KindPassageHazard}
}

// Proposed is the payload of agreement.proposed: a new version (a new
// agreement when Version.Version is 1), with the agreement's releasability.
type Proposed struct {
	Version Spec                 `json:"version"`
	Release access.Releasability `json:"releasability"`
}

// Agreed is the payload of agreement.agreed: a co-chair's agreement to one
// exact version; Complete is true when it is the last one needed.
type Agreed struct {
	AgreementID string `json:"agreement_id"`
	Version     int    `json:"version"`
	Party       string `json:"party"`
	Complete    bool   `json:"complete"`
}

// Linked is the payload of agreement.linked.
type Linked struct {
	AgreementID string       `json:"agreement_id"`
	Obligation  string       `json:"obligation"`
	Source      rules.Source `json:"source"`
	EventID     string       `json:"event_id"`
	Party       string       `json:"party,omitempty"`
	Note        string       `json:"note,omitempty"`
	// Release is the linked incident's releasability.
	Release access.Releasability `json:"event_releasability"`
}

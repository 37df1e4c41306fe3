package findings

import (
	"slices"

	"truce/internal/access"
)

// Entry kinds of this domain. The subject of each is the incident's
// (incidents.Subject).
const (
	KindAlleged             = "finding.alleged"
	KindInvestigationOpened = "finding.investigation_opened"
	KindTeamTasked          = "finding.team_tasked"
	KindObserved            = "finding.observed"
	KindReportWritten       = "finding.report_written"
	KindReplied             = "finding.replied"
	KindFactEstablished     = "finding.fact_established"
	KindAttributed          = "finding.attributed"
	KindPositionStated      = "finding.position_stated"
)

// EntryKinds returns every entry kind this package appends to the log, in a
// new slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list.
func EntryKinds() []string {
	return []string{KindAlleged, KindInvestigationOpened, KindTeamTasked, KindObserved, KindReportWritten,
		KindReplied, KindFactEstablished, KindAttributed, KindPositionStated}
}

// Investigative reports whether kind is written only by the monitoring
// cell (investigation, fact, attribution).
func Investigative(kind string) bool {
	switch kind {
	case KindInvestigationOpened, KindTeamTasked, KindObserved, KindReportWritten, KindFactEstablished, KindAttributed:
		return true
	}
	return false
}

// SourceKinds are who an allegation comes from.
var SourceKinds = []string{"party", "monitor", "agency", "public"}

// Confidences are the confidence levels of a finding of fact.
var Confidences = []string{"low", "medium", "high"}

// Attribution states: attributed names who is responsible; disputed and
// undetermined leave it open while the fact stands.
const (
	AttributionAttributed   = "attributed"
	AttributionDisputed     = "disputed"
	AttributionUndetermined = "undetermined"
)

// AttributionStates lists the attribution states.
var AttributionStates = []string{AttributionAttributed, AttributionDisputed, AttributionUndetermined}

// Stance is a party's position on the finding or on the attribution.
type Stance string

// The stances.
const (
	StanceAccepts  Stance = "accepts"
	StanceRejects  Stance = "rejects"
	StanceReserves Stance = "reserves" // needs information, or no view yet
)

// Valid reports whether s is a known stance.
func (s Stance) Valid() bool {
	return slices.Contains([]Stance{StanceAccepts, StanceRejects, StanceReserves}, s)
}

// Alleged is the payload of finding.alleged.
type Alleged struct {
	IncidentID string `json:"incident_id"`
	Source     string `json:"source"`            // party, monitor, agency or public
	Name       string `json:"name,omitempty"`    // who, for the public or an agency
	Accused    string `json:"accused,omitempty"` // the party or group alleged responsible
	Text       string `json:"text"`
}

// InvestigationOpened is the payload of finding.investigation_opened.
type InvestigationOpened struct {
	IncidentID string `json:"incident_id"`
	Note       string `json:"note"`
}

// TeamTasked is the payload of finding.team_tasked: a field team, where
// and when it goes, and the parties notified of its patrol.
type TeamTasked struct {
	IncidentID string   `json:"incident_id"`
	Task       string   `json:"task"`
	Team       []string `json:"team"`
	Where      string   `json:"where"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	Notified   []string `json:"notified,omitempty"`
}

// NoAccess is a place the field team could not access, and why.
type NoAccess struct {
	Place  string `json:"place"`
	Reason string `json:"reason"`
}

// Observed is the payload of finding.observed: what a field team saw.
type Observed struct {
	IncidentID string     `json:"incident_id"`
	Task       string     `json:"task,omitempty"`
	Text       string     `json:"text"`
	Evidence   []string   `json:"evidence,omitempty"` // SHA-256 of evidence files
	NoAccess   []NoAccess `json:"no_access,omitempty"`
	Attended   []string   `json:"attended,omitempty"` // parties concerned that attended
}

// ReportWritten is the payload of finding.report_written: the
// investigation's report, the parties concerned and the deadline of their
// right of reply.
type ReportWritten struct {
	IncidentID string   `json:"incident_id"`
	Summary    string   `json:"summary"`
	Concerned  []string `json:"concerned"`
	ReplyBy    string   `json:"reply_by"` // RFC 3339
}

// Replied is the payload of finding.replied: a concerned party's reply.
type Replied struct {
	IncidentID string `json:"incident_id"`
	Text       string `json:"text"`
}

// FactEstablished is the payload of finding.fact_established.
type FactEstablished struct {
	IncidentID string   `json:"incident_id"`
	What       string   `json:"what"`
	Where      string   `json:"where"`
	When       string   `json:"when"`
	Confidence string   `json:"confidence"`
	Evidence   []string `json:"evidence,omitempty"`
}

// Attributed is the payload of finding.attributed.
type Attributed struct {
	IncidentID  string `json:"incident_id"`
	State       string `json:"state"`
	Responsible string `json:"responsible,omitempty"`
	Reasoning   string `json:"reasoning"`
}

// PositionStated is the payload of finding.position_stated.
type PositionStated struct {
	IncidentID    string `json:"incident_id"`
	OnFinding     Stance `json:"on_finding"`
	OnAttribution Stance `json:"on_attribution,omitempty"`
	Statement     string `json:"statement"`
}

// TaskRelease is the default releasability of a field team's tasking:
// AMBER+STRICT to the tasking monitoring-cell party only.
func TaskRelease(party string) access.Releasability {
	return access.Releasability{TLP: access.TLPAmberStrict}.Normalize(party)
}

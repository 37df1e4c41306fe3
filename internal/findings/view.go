package findings

import "truce/internal/federation/joint"

// View is the layered finding about one incident as a caller may see it:
// built by Fold from the entries the caller may see.
type View struct {
	IncidentID    string         `json:"incident_id"`
	Allegations   []Allegation   `json:"allegations"`
	Investigation *Investigation `json:"investigation,omitempty"`
	Fact          *Fact          `json:"fact,omitempty"`
	Attribution   *Attribution   `json:"attribution,omitempty"`
	// Positions holds each party's latest position, sorted by party.
	Positions []Position `json:"positions"`
	// Replies holds the state of each concerned party's right of reply,
	// sorted by party, once a report named them.
	Replies []Reply `json:"replies"`
	// Withdrawn lists the parties that have left the centre, sorted.
	Withdrawn []string `json:"withdrawn,omitempty"`
	// Agreement is "agreed by the co-chairs" when every co-chair still in
	// the centre accepts an established fact, and "" otherwise. It is a
	// label only: it never establishes or changes the fact.
	Agreement string `json:"agreement,omitempty"`
	// Status names the layer: see Status.
	Status Status `json:"status"`
	// ComputedFrom names the logs the view was computed from (with
	// Deps.Joint): each origin with the size and root hash of the tree its
	// entries were read within (this node's own, and each peer's
	// checkpoint it accepted).
	ComputedFrom []joint.Log `json:"computed_from,omitempty"`
}

// Status is the layer a finding has reached, in words and as fields.
type Status struct {
	// Fact is none, alleged, under_investigation or established.
	Fact string `json:"fact"`
	// Attribution is "", attributed, disputed or undetermined.
	Attribution string `json:"attribution,omitempty"`
	// Responsible is the party an attribution names (attributed only).
	Responsible string `json:"responsible,omitempty"`
	// Agreed is set when the co-chairs' agreement label is part of Label.
	Agreed bool `json:"agreed,omitempty"`
	// Parties are the parties Label names after the layer, in its order:
	// each position, then each withdrawn party with no position whose
	// reply was due. A client translating Label reads these fields only.
	Parties []PartyStatus `json:"parties,omitempty"`
	// Label is the status as a user reads it, e.g. "fact established by
	// the monitors; attribution disputed; us: accepts, ru: rejects".
	Label string `json:"label"`
}

// PartyStatus is one party as a finding's status names it: its position
// on the finding (none for a withdrawn party that stated none) and
// whether it has left the centre.
type PartyStatus struct {
	Party     string `json:"party"`
	OnFinding Stance `json:"on_finding,omitempty"`
	Withdrawn bool   `json:"withdrawn,omitempty"`
}

// The fact statuses.
const (
	StatusNone               = "none"
	StatusAlleged            = "alleged"
	StatusUnderInvestigation = "under_investigation"
	StatusEstablished        = "established"
)

// Allegation is one allegation, with the entry that made it.
type Allegation struct {
	Alleged
	Party  string `json:"party"`
	Author string `json:"author"`
	Time   string `json:"time"`
	Seq    int64  `json:"seq"`
}

// Investigation is the monitoring cell's investigation: who opened it,
// the field teams tasked (only those the caller may see), what they saw and
// the report.
type Investigation struct {
	Party        string         `json:"party"`
	Opened       string         `json:"opened"`
	Note         string         `json:"note"`
	Tasks        []TeamTasked   `json:"tasks"`
	Observations []Observed     `json:"observations"`
	Report       *ReportWritten `json:"report,omitempty"`
	Attended     []string       `json:"attended"`
}

// Fact is the established finding of fact and who established it.
type Fact struct {
	FactEstablished
	Party  string `json:"party"`
	Author string `json:"author"`
	Time   string `json:"time"`
	Seq    int64  `json:"seq"`
}

// Attribution is the monitoring cell's latest attribution.
type Attribution struct {
	Attributed
	Party string `json:"party"`
	Time  string `json:"time"`
	Seq   int64  `json:"seq"`
}

// Position is one party's latest stated position. Legacy is set when it
// was read from a co-chair verdict (incident.assessed).
type Position struct {
	Party         string `json:"party"`
	OnFinding     Stance `json:"on_finding"`
	OnAttribution Stance `json:"on_attribution,omitempty"`
	Statement     string `json:"statement"`
	Author        string `json:"author"`
	Time          string `json:"time"`
	Legacy        bool   `json:"legacy,omitempty"`
	Withdrawn     bool   `json:"withdrawn,omitempty"`
}

// Reply states: replied, pending (before the deadline), lapsed (the
// deadline passed unanswered) and withdrawn (the party left the centre;
// read "unanswered (withdrawn)").
const (
	ReplyReplied   = "replied"
	ReplyPending   = "pending"
	ReplyLapsed    = "lapsed"
	ReplyWithdrawn = "withdrawn"
)

// Reply is a concerned party's right of reply.
type Reply struct {
	Party   string `json:"party"`
	State   string `json:"state"`
	ReplyBy string `json:"reply_by"`
	Text    string `json:"text,omitempty"`
	Time    string `json:"time,omitempty"`
	// Label is the state as a user reads it: "replied", "due by …",
	// "unanswered (deadline lapsed)" or "unanswered (withdrawn)".
	Label string `json:"label"`
}

package agreements

import (
	"encoding/json"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/federation/joint"
)

// PassageKind is what a passage record arranges.
type PassageKind string

// The passage kinds.
const (
	KindSafePassage    PassageKind = "safe_passage"
	KindLocalCeasefire PassageKind = "local_ceasefire"
)

// PassageStatus is a passage's state.
type PassageStatus string

// The passage statuses. Only planned → open needs every guarantee; open,
// suspended and closed follow the parties' and monitors' decisions, and
// closed is final.
const (
	PassagePlanned   PassageStatus = "planned"
	PassageOpen      PassageStatus = "open"
	PassageSuspended PassageStatus = "suspended"
	PassageClosed    PassageStatus = "closed"
)

// Contact is a party's contact point for a passage (a liaison officer, a
// radio channel, a telephone number).
type Contact struct {
	Party   string `json:"party"`
	Name    string `json:"name"`
	Channel string `json:"channel"`
}

// PassageSpec is one version of a safe passage or local ceasefire. A
// version may be saved incomplete while it is negotiated; MissingToOpen
// names what it still lacks.
type PassageSpec struct {
	ID      string      `json:"passage_id"`
	Version int         `json:"version"`
	Kind    PassageKind `json:"kind"`
	Name    string      `json:"name"`
	// Geometry is the route (LineString) or area ((Multi)Polygon), GeoJSON.
	Geometry    json.RawMessage `json:"geometry,omitempty"`
	WindowFrom  string          `json:"window_from,omitempty"`
	WindowUntil string          `json:"window_until,omitempty"`
	// Traffic is who and what may pass: civilians, aid, wounded,
	// vehicles, …; Vehicles bounds their number (0: not set).
	Traffic  []string  `json:"traffic,omitempty"`
	Vehicles int       `json:"vehicles,omitempty"`
	Contacts []Contact `json:"contacts,omitempty"`
	// Parties are the parties concerned: each must guarantee this exact
	// version before the passage may open.
	Parties     []string `json:"parties"`
	AgreementID string   `json:"agreement_id,omitempty"`
	Note        string   `json:"note,omitempty"`
}

// PassageVersion is a version with who proposed it and when.
type PassageVersion struct {
	PassageSpec
	Party      string `json:"party"`
	Author     string `json:"author"`
	ProposedAt string `json:"proposed_at"`
	Seq        int64  `json:"seq"`
}

// Guarantee is a party's signed guarantee of one exact version: the log
// entry that records it is signed into the node's checkpoints.
type Guarantee struct {
	Party   string `json:"party"`
	Version int    `json:"version"`
	Author  string `json:"author"`
	Time    string `json:"time"`
	Seq     int64  `json:"seq"`
}

// StatusChange is one change of a passage's status.
type StatusChange struct {
	Status  PassageStatus `json:"status"`
	Version int           `json:"version"`
	Reason  string        `json:"reason,omitempty"`
	By      string        `json:"by"`
	Party   string        `json:"party"`
	Time    string        `json:"time"`
	Seq     int64         `json:"seq"`
}

// Hazard is a report of mines, an obstacle or fire on a passage.
type Hazard struct {
	Hazard string          `json:"hazard"`
	Point  json.RawMessage `json:"location"`
	Note   string          `json:"note,omitempty"`
	By     string          `json:"by"`
	Party  string          `json:"party"`
	Time   string          `json:"time"`
	Seq    int64           `json:"seq"`
}

// Hazards are the kinds of hazard a report may name.
var Hazards = []string{"mines", "obstacle", "fire"}

// Passage is a safe passage or local ceasefire as stored.
type Passage struct {
	ID         string               `json:"id"`
	Party      string               `json:"party"`
	Release    access.Releasability `json:"releasability"`
	Created    string               `json:"created"`
	Status     PassageStatus        `json:"status"`
	Latest     int                  `json:"latest_version"`
	Versions   []PassageVersion     `json:"versions"`
	Guarantees []Guarantee          `json:"guarantees"`
	History    []StatusChange       `json:"status_history"`
	Hazards    []Hazard             `json:"hazards"`
	// OpenSeconds is how long the passage actually stayed open up to now
	// (within its window); Missing is what it lacks to open (its latest
	// version's missing fields and guarantees). The service sets both.
	OpenSeconds int64    `json:"open_seconds"`
	Missing     []string `json:"missing_to_open"`
	// Incidents are the incidents the caller may see within
	// IncidentDistanceM of the latest version's route or area during its
	// window (up to now); set by GetPassage only.
	Incidents []string `json:"incidents,omitempty"`
	Seq       int64    `json:"seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// passage: this node's own origin, or a peer's for a passage mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
	// ComputedFrom names the logs the passage's versions, guarantees and
	// status were computed from (this node's own first, then each peer's
	// accepted checkpoint) when they are the joint state (JointPassage);
	// set on a passage read by id only, never part of a stored document.
	ComputedFrom []joint.Log `json:"computed_from,omitempty"`
}

// LatestVersion returns the passage's latest version, nil if it has none.
func (p *Passage) LatestVersion() *PassageVersion {
	if len(p.Versions) == 0 {
		return nil
	}
	return &p.Versions[len(p.Versions)-1]
}

// MissingToOpen returns what p lacks to open as of now, sorted: the
// required fields of its latest version that are empty
// ("field:<name>"), a window that has already ended ("window_ended"),
// and the parties concerned that have not guaranteed that exact version
// ("guarantee:<party>"). p may open only when it returns nothing.
func MissingToOpen(p *Passage, now time.Time) []string {
	v := p.LatestVersion()
	if v == nil {
		return []string{"field:version"}
	}
	var out []string
	field := func(name string, empty bool) {
		if empty {
			out = append(out, "field:"+name)
		}
	}
	field("name", v.Name == "")
	field("geometry", len(v.Geometry) == 0)
	field("window_from", v.WindowFrom == "")
	field("window_until", v.WindowUntil == "")
	field("traffic", len(v.Traffic) == 0)
	field("parties", len(v.Parties) == 0)
	for _, party := range v.Parties {
		if !slices.ContainsFunc(v.Contacts, func(c Contact) bool { return c.Party == party }) {
			out = append(out, "field:contacts."+party)
		}
	}
	if until, err := time.Parse(time.RFC3339, v.WindowUntil); err == nil && !now.Before(until) {
		out = append(out, "window_ended")
	}
	for _, party := range v.Parties {
		if !slices.ContainsFunc(p.Guarantees, func(g Guarantee) bool { return g.Party == party && g.Version == v.Version }) {
			out = append(out, "guarantee:"+party)
		}
	}
	slices.Sort(out)
	return out
}

// OpenDuration returns how long p stayed open up to now: the sum of its
// open intervals, each cut to the window of the version that opened it.
func OpenDuration(p *Passage, now time.Time) time.Duration {
	var total time.Duration
	var since time.Time
	var until time.Time
	open := false
	end := func(at time.Time) {
		if !until.IsZero() && at.After(until) {
			at = until
		}
		if at.After(since) {
			total += at.Sub(since)
		}
		open = false
	}
	for _, c := range p.History {
		at, _ := time.Parse(time.RFC3339Nano, c.Time)
		switch {
		case c.Status == PassageOpen && !open:
			since, until, open = at, time.Time{}, true
			for _, v := range p.Versions {
				if v.Version == c.Version {
					until, _ = time.Parse(time.RFC3339, v.WindowUntil)
				}
			}
		case c.Status != PassageOpen && open:
			end(at)
		}
	}
	if open {
		end(now)
	}
	return total
}

// EffectiveStatus is p's status as of now: an open passage whose window has
// ended is closed, though no entry says so.
func EffectiveStatus(p *Passage, now time.Time) PassageStatus {
	if p.Status != PassageOpen || len(p.History) == 0 {
		return p.Status
	}
	last := p.History[len(p.History)-1]
	for _, v := range p.Versions {
		if v.Version == last.Version {
			if until, err := time.Parse(time.RFC3339, v.WindowUntil); err == nil && !now.Before(until) {
				return PassageClosed
			}
		}
	}
	return p.Status
}

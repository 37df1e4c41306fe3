package cases

import (
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/federation/timeliness"
)

// Entry kinds of this domain; the subject of each case entry is
// "case:<id>", of an import "known_sites:<id>".
const (
	KindOpened             = "case.opened"
	KindRequestSent        = "case.request_sent"
	KindAnswered           = "case.answered"
	KindMeasureRecorded    = "case.measure_recorded"
	KindMeasureUpdated     = "case.measure_updated"
	KindClosed             = "case.closed"
	KindKnownSitesImported = "case.known_sites_imported"
)

// EntryKinds returns every entry kind this package appends to the log, in
// a new slice. A kind added to this package MUST be added here: the
// store's projection table is checked against this list.
func EntryKinds() []string {
	return []string{KindOpened, KindRequestSent, KindAnswered, KindMeasureRecorded, KindMeasureUpdated, KindClosed, KindKnownSitesImported}
}

const (
	casePrefix   = "case:"
	importPrefix = "known_sites:"
)

// Subject returns the log subject of case id, "case:<id>".
func Subject(id string) string { return casePrefix + id }

// ImportSubject returns the log subject of known-site import id.
func ImportSubject(id string) string { return importPrefix + id }

// ParseSubject returns the case id of a subject made by Subject, and false
// for any other subject.
func ParseSubject(s string) (string, bool) {
	id, ok := strings.CutPrefix(s, casePrefix)
	return id, ok && id != ""
}

// What a case concerns.
const (
	ConcernsSite      = "site"
	ConcernsMovement  = "movement"
	ConcernsKnownSite = "known_site"
)

// Case statuses.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Request statuses, computed at read time from the deadline and the
// answer: an answer is on time or late; an unanswered request is pending
// until its deadline, overdue after it, and withdrawn (never overdue) for
// a party that has left the centre.
const (
	RequestPending    = "pending"
	RequestOverdue    = "overdue"
	RequestAnswered   = "answered"
	RequestLate       = "answered_late"
	RequestWithdrawn  = "withdrawn"
	DefaultRequestFor = 72 * time.Hour
)

// Measure states; done and rejected are final.
const (
	MeasureProposed   = "proposed"
	MeasureInProgress = "in_progress"
	MeasureDone       = "done"
	MeasureRejected   = "rejected"
)

// MeasureStates lists the states of a corrective measure.
var MeasureStates = []string{MeasureProposed, MeasureInProgress, MeasureDone, MeasureRejected}

// Final reports whether a measure in state s is closed.
func Final(s string) bool { return s == MeasureDone || s == MeasureRejected }

// Ref cites a record by id and the log entry of the version cited.
type Ref struct {
	ID  string `json:"id"`
	Seq int64  `json:"seq"`
}

// Concern is what a case is about: a notified site or movement (with the
// version the rule matched, the one in force when the incident was
// checked) or a known site.
type Concern struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Version int    `json:"version,omitempty"`
	Seq     int64  `json:"seq"`
	// Notifier is the notifying organisation; for a known site, the party
	// that imported it.
	Notifier string `json:"notifier"`
	// Notified are the parties the notification was addressed to (none
	// for a known site, which was never notified).
	Notified []string `json:"notified"`
	Name     string   `json:"name,omitempty"`
}

// Opened is the payload of case.opened. Key is unique: one case per
// incident and site, movement or known site.
type Opened struct {
	ID       string        `json:"id"`
	Key      string        `json:"key"`
	Concern  Concern       `json:"concerns"`
	Incident Ref           `json:"incident"`
	AlertID  string        `json:"alert_id,omitempty"`
	Alleged  string        `json:"alleged,omitempty"`
	Requests []RequestSent `json:"requests"`
}

// RequestSent is a request for information to Party, due by Deadline (RFC
// 3339); the payload of case.request_sent, and part of case.opened.
type RequestSent struct {
	CaseID   string `json:"case_id,omitempty"`
	Party    string `json:"party"`
	Deadline string `json:"deadline"`
	Note     string `json:"note,omitempty"`
}

// Answered is the payload of case.answered: Party's answer to its request,
// with the SHA-256 of evidence files already uploaded.
type Answered struct {
	CaseID   string   `json:"case_id"`
	Party    string   `json:"party"`
	Text     string   `json:"text"`
	Evidence []string `json:"evidence,omitempty"`
}

// MeasureRecorded is the payload of case.measure_recorded: a corrective
// measure taken (or proposed) by Party.
type MeasureRecorded struct {
	CaseID string `json:"case_id"`
	ID     string `json:"id"`
	Party  string `json:"party"`
	Text   string `json:"text"`
	State  string `json:"state"`
}

// MeasureUpdated is the payload of case.measure_updated: measure ID moves
// to State.
type MeasureUpdated struct {
	CaseID string `json:"case_id"`
	ID     string `json:"id"`
	State  string `json:"state"`
	Note   string `json:"note,omitempty"`
}

// Closed is the payload of case.closed: the outcome, with the finding.
type Closed struct {
	CaseID  string `json:"case_id"`
	Finding string `json:"finding"`
}

// Request is a request for information as read: its answer and status.
type Request struct {
	Party    string  `json:"party"`
	Sent     string  `json:"sent"`
	Deadline string  `json:"deadline"`
	Note     string  `json:"note,omitempty"`
	Status   string  `json:"status"`
	Answer   *Answer `json:"answer,omitempty"`
	Seq      int64   `json:"seq"`
}

// Answer is a party's answer to its request.
type Answer struct {
	Text     string   `json:"text"`
	Evidence []string `json:"evidence,omitempty"`
	Author   string   `json:"author"`
	Time     string   `json:"time"`
	Seq      int64    `json:"seq"`
	// OnTime is the verdict on the answer by its entry's time and its
	// witnesses' cosignatures, with that evidence (nil where the node
	// judges by the entry's time alone); answered_late follows it.
	OnTime *timeliness.Verdict `json:"on_time,omitempty"`
}

// Measure is a corrective measure with its current state.
type Measure struct {
	ID      string `json:"id"`
	Party   string `json:"party"`
	Author  string `json:"author"`
	Text    string `json:"text"`
	State   string `json:"state"`
	Note    string `json:"note,omitempty"`
	Created string `json:"created"`
	Updated string `json:"updated"`
	Seq     int64  `json:"seq"`
}

// Outcome is a case's outcome, a record of its own.
type Outcome struct {
	Finding string `json:"finding"`
	Party   string `json:"party"`
	Author  string `json:"author"`
	Time    string `json:"time"`
	Seq     int64  `json:"seq"`
}

// Case is a case as stored and read.
type Case struct {
	ID       string               `json:"id"`
	Key      string               `json:"key"`
	Party    string               `json:"party"` // the party it is logged under
	Status   string               `json:"status"`
	Concern  Concern              `json:"concerns"`
	Incident Ref                  `json:"incident"`
	AlertID  string               `json:"alert_id,omitempty"`
	Alleged  string               `json:"alleged,omitempty"`
	Opened   string               `json:"opened"`
	Release  access.Releasability `json:"releasability"`
	Requests []Request            `json:"requests"`
	Measures []Measure            `json:"measures"`
	Outcome  *Outcome             `json:"outcome,omitempty"`
	// Seq is the last entry that changed the case (its ETag); FirstSeq the
	// case.opened entry.
	Seq      int64 `json:"seq"`
	FirstSeq int64 `json:"first_seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// case: this node's own origin, or a peer's for a case mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
}

// Request returns party's request, or nil.
func (c *Case) Request(party string) *Request {
	i := slices.IndexFunc(c.Requests, func(r Request) bool { return r.Party == party })
	if i < 0 {
		return nil
	}
	return &c.Requests[i]
}

// Measure returns measure id, or nil.
func (c *Case) Measure(id string) *Measure {
	i := slices.IndexFunc(c.Measures, func(m Measure) bool { return m.ID == id })
	if i < 0 {
		return nil
	}
	return &c.Measures[i]
}

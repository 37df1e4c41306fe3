package hotline

import (
	"slices"
	"time"

	"truce/internal/access"
)

// Priority is a message's precedence.
type Priority string

// The priorities, lowest first.
const (
	PriorityRoutine   Priority = "routine"
	PriorityPriority  Priority = "priority"
	PriorityImmediate Priority = "immediate"
	PriorityFlash     Priority = "flash"
)

// Priorities lists the priorities, lowest first.
var Priorities = []Priority{PriorityRoutine, PriorityPriority, PriorityImmediate, PriorityFlash}

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return slices.Contains(Priorities, p) }

// AckWithin returns the default acknowledgement time of a priority:
// flash 15 min, immediate 1 h, priority 4 h, routine 24 h.
func (p Priority) AckWithin() time.Duration {
	switch p {
	case PriorityFlash:
		return 15 * time.Minute
	case PriorityImmediate:
		return time.Hour
	case PriorityPriority:
		return 4 * time.Hour
	}
	return 24 * time.Hour
}

// ToCoChairs addresses a message to every co-chair party (but the sender).
const ToCoChairs = "co-chairs"

// Attachment is a file attached to a message, stored content-addressed.
type Attachment struct {
	SHA256    string `json:"sha256"`
	Name      string `json:"name,omitempty"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
}

// Receipt is one recipient party's read receipt and acknowledgement.
type Receipt struct {
	Party        string `json:"party"`
	Read         string `json:"read,omitempty"`
	ReadBy       string `json:"read_by,omitempty"`
	Acknowledged string `json:"acknowledged,omitempty"`
	AckedBy      string `json:"acknowledged_by,omitempty"`
	Note         string `json:"note,omitempty"`
	// Overdue is computed at read time: not acknowledged by the deadline.
	Overdue bool `json:"overdue"`
	// Withdrawn is computed at read time: the recipient left the centre
	// before acknowledging, so the receipt reads "unanswered (withdrawn)"
	// and is never overdue: nothing waits for it.
	Withdrawn bool `json:"withdrawn,omitempty"`
}

// Message is a hotline message as a caller may see it.
type Message struct {
	ID          string               `json:"id"`
	Party       string               `json:"party"` // sender
	Author      string               `json:"author"`
	To          string               `json:"to"` // a party id or "co-chairs"
	Recipients  []string             `json:"recipients"`
	Priority    Priority             `json:"priority"`
	Subject     string               `json:"subject"`
	Body        string               `json:"body"`
	InReplyTo   string               `json:"in_reply_to,omitempty"`
	Attachments []Attachment         `json:"attachments"`
	Release     access.Releasability `json:"releasability"`
	Sent        string               `json:"sent"`
	Deadline    string               `json:"deadline"`
	Receipts    []Receipt            `json:"receipts"`
	// Seq is the last entry that changed the message (its ETag); SentSeq
	// the message.sent entry.
	Seq     int64 `json:"seq"`
	SentSeq int64 `json:"sent_seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// message: this node's own origin, or a peer's for a message mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
}

// Receipt returns party's receipt, or nil.
func (m *Message) Receipt(party string) *Receipt {
	for i := range m.Receipts {
		if m.Receipts[i].Party == party {
			return &m.Receipts[i]
		}
	}
	return nil
}

// markOverdue fills the read-time fields of m's receipts at time now,
// gone being the parties that have left the centre.
func (m *Message) markOverdue(now time.Time, gone map[string]bool) {
	dl, _ := time.Parse(time.RFC3339Nano, m.Deadline)
	for i := range m.Receipts {
		r := &m.Receipts[i]
		r.Withdrawn = r.Acknowledged == "" && gone[r.Party]
		r.Overdue = r.Acknowledged == "" && !r.Withdrawn && now.After(dl)
	}
}

// Entry kinds; the subject of each is "message:<id>".
const (
	KindSent         = "message.sent"
	KindRead         = "message.read"
	KindAcknowledged = "message.acknowledged"
)

// EntryKinds returns every entry kind this package appends to the log, in a new
// slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list, so that each kind is either
// projected or declared kept in the log only.
func EntryKinds() []string {
	return []string{
		KindSent,
		KindRead,
		KindAcknowledged,
	}
}

// Sent is the payload of message.sent.
type Sent struct {
	ID          string       `json:"id"`
	To          string       `json:"to"`
	Recipients  []string     `json:"recipients"`
	Priority    Priority     `json:"priority"`
	Subject     string       `json:"subject"`
	Body        string       `json:"body"`
	InReplyTo   string       `json:"in_reply_to,omitempty"`
	Attachments []Attachment `json:"attachments"`
	Deadline    string       `json:"deadline"`
}

// Receipted is the payload of message.read and message.acknowledged.
type Receipted struct {
	ID    string `json:"id"`
	Party string `json:"party"`
	Note  string `json:"note,omitempty"`
}

// Subject returns the log subject of hotline message id, "message:<id>".
func Subject(id string) string { return "message:" + id }

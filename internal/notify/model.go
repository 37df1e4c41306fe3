package notify

import (
	"encoding/json"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/federation/joint"
	"truce/internal/federation/timeliness"
	"truce/internal/notify/quality"
)

// Type is what a notification is about: a protected site or a movement.
type Type string

// The notification types.
const (
	TypeSite     Type = "site"
	TypeMovement Type = "movement"
)

// SiteKind is the kind of protected site.
type SiteKind string

// SiteKinds lists the kinds of protected site.
var SiteKinds = []SiteKind{"hospital", "clinic", "school", "camp", "water_facility", "power_facility",
	"un_premises", "ngo_premises", "warehouse", "religious_site"}

// Cargo lists the cargo categories of a movement.
var Cargo = []string{"food", "medical", "shelter", "water_sanitation", "fuel", "personnel", "mixed", "other"}

// Site is a protected site as notified: its location (a GeoJSON Point),
// the radius around it that must be spared, its names by language code
// (e.g. "en", "ar", "ru") and the parties notified.
type Site struct {
	Kind     SiteKind          `json:"kind"`
	Names    map[string]string `json:"names"`
	Location json.RawMessage   `json:"location"`
	BufferM  float64           `json:"buffer_m"`
	Parties  []string          `json:"parties"`
	Note     string            `json:"note,omitempty"`
	// Withheld records the site as deliberately not notified: its
	// organisation keeps it on record, to itself, and tells no party (see
	// Service.NotifySite). It says nothing of the site's protection.
	Withheld bool `json:"withheld,omitempty"`
	// Flags are the quality checks' findings that the notifier confirmed
	// when it submitted this version (computed by the service; a client
	// may not send them).
	Flags []quality.Flag `json:"flags,omitempty"`
}

// Window is a planned time window, RFC 3339 start and end.
type Window struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Movement is a humanitarian movement (a convoy) as notified: its route (a
// GeoJSON LineString), the corridor width either side of it, the planned
// window, vehicles, cargo and the parties notified.
type Movement struct {
	Route       json.RawMessage `json:"route"`
	CorridorM   float64         `json:"corridor_m"`
	Window      Window          `json:"window"`
	Vehicles    int             `json:"vehicles"`
	Cargo       string          `json:"cargo"`
	Origin      string          `json:"origin,omitempty"`
	Destination string          `json:"destination,omitempty"`
	Parties     []string        `json:"parties"`
	Note        string          `json:"note,omitempty"`
	// Flags are as Site.Flags.
	Flags []quality.Flag `json:"flags,omitempty"`
	// Template is the id of the movement this one repeats (Repeat; set by
	// the service, a client may not send it).
	Template string `json:"template,omitempty"`
}

// Status of a notification.
const (
	StatusActive    = "active"
	StatusCancelled = "cancelled"
)

// Acknowledgement statuses: a receipt is either still awaited from the
// party or given (or, read as AckWithdrawn, was not given before the party
// left the centre). None says anything about whether the site or movement
// is "cleared": a notification needs nobody's approval.
const (
	AckPending      = "pending"
	AckAcknowledged = "acknowledged"
)

// Ack is one notified party's receipt of the current version, and whether
// it recorded passing the notification on to its units.
type Ack struct {
	Party string `json:"party"`
	// Version is the version of the notification this row is about.
	Version int    `json:"version"`
	Status  string `json:"status"`
	// FirstNotified is when the party was first notified of this record;
	// Notified when it was notified of Version.
	FirstNotified string `json:"first_notified"`
	Notified      string `json:"notified"`
	Deadline      string `json:"deadline"`
	Responded     string `json:"responded,omitempty"`
	Author        string `json:"author,omitempty"`
	// PassedOn is the party's record that it passed Version on to its
	// command (nil until it records one).
	PassedOn *PassedOn `json:"passed_on,omitempty"`
	// Withdrawal marks the receipt owed for the notice's withdrawal.
	Withdrawal bool `json:"withdrawal,omitempty"`
	// Seq is the log entry of the response (or of the notification while
	// pending): the proof.
	Seq int64 `json:"seq"`
	// Overdue is computed at read time: pending and past its deadline on
	// an active notification (never for a party that has left the centre:
	// its Status reads AckWithdrawn). Late marks a response after the
	// deadline.
	Overdue bool `json:"overdue"`
	Late    bool `json:"late,omitempty"`
	// Origin is the origin (the party node's log) whose entry created the
	// acknowledgement: this node's own origin, or a peer's for a acknowledgement mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
	// OnTime is the verdict on a given receipt by its entry's time and its
	// witnesses' cosignatures, with that evidence (nil while pending, and
	// where the node judges by the entry's time alone).
	OnTime *timeliness.Verdict `json:"on_time,omitempty"`
}

// Notice is a site or movement notification as a caller may see it.
type Notice struct {
	ID           string               `json:"id"`
	Type         Type                 `json:"type"`
	Party        string               `json:"party"` // the notifier
	Author       string               `json:"author"`
	Version      int                  `json:"version"`
	Status       string               `json:"status"`
	Release      access.Releasability `json:"releasability"`
	Notified     string               `json:"notified"` // first notification
	Updated      string               `json:"updated"`
	Cancelled    string               `json:"cancelled,omitempty"`
	CancelReason string               `json:"cancel_reason,omitempty"`
	Site         *Site                `json:"site,omitempty"`
	Movement     *Movement            `json:"movement,omitempty"`
	Acks         []Ack                `json:"acknowledgements"`
	// ValidUntil is when the notification lapses unless reconfirmed (a
	// movement's window end; "" for notices of earlier versions). Lapsed
	// and ReconfirmDue are computed at read time: Lapsed once ValidUntil
	// has passed on an active notice, ReconfirmDue within
	// ReconfirmLead before it.
	ValidUntil   string `json:"valid_until,omitempty"`
	Lapsed       bool   `json:"lapsed"`
	ReconfirmDue bool   `json:"reconfirm_due"`
	// Queries are the questions the notified parties raised about the
	// data, oldest first, with the notifier's answers. They never change
	// the notice's standing.
	Queries []Query `json:"queries"`
	// Seq is the last entry that changed the notice: its ETag. FirstSeq is
	// the entry that first notified it.
	Seq      int64 `json:"seq"`
	FirstSeq int64 `json:"first_seq"`
	// Origin is the origin (the party node's log) whose entry created the
	// notice: this node's own origin, or a peer's for a notice mirrored from
	// another party's node. The store sets it on every read; it is never
	// part of a projection's stored document.
	Origin string `json:"origin,omitempty"`
	// ComputedFrom names the logs the receipts, queries and status were
	// computed from (Deps.Joint, the single read only): each origin with
	// the size and root hash of the tree its entries were read within,
	// this node's own first. Empty where the notice is this node's
	// projection as applied.
	ComputedFrom []joint.Log `json:"computed_from,omitempty"`
}

// Subject returns the log subject of the notice, "site:<id>" or
// "movement:<id>".
func (n *Notice) Subject() string { return Subject(n.Type, n.ID) }

// Ack returns party's acknowledgement row, or nil.
func (n *Notice) Ack(party string) *Ack {
	i := slices.IndexFunc(n.Acks, func(a Ack) bool { return a.Party == party })
	if i < 0 {
		return nil
	}
	return &n.Acks[i]
}

// ReconfirmLead is how long before a site notification lapses its notifier
// is asked to reconfirm it.
const ReconfirmLead = 14 * 24 * time.Hour

// markOverdue fills the computed fields of the notice and of every ack at
// time now; the pending receipts of the parties in gone (those that have
// left the centre) read AckWithdrawn and are never overdue.
func (n *Notice) markOverdue(now time.Time, gone map[string]bool) {
	lead := ReconfirmLead
	if vu, err := time.Parse(time.RFC3339Nano, n.ValidUntil); err == nil && n.Status == StatusActive {
		n.Lapsed = !now.Before(vu)
		n.ReconfirmDue = !n.Lapsed && n.Type == TypeSite && !now.Before(vu.Add(-lead))
	}
	for i := range n.Acks {
		a := &n.Acks[i]
		if a.Status == AckPending && gone[a.Party] {
			a.Status = AckWithdrawn
		}
		dl, _ := time.Parse(time.RFC3339Nano, a.Deadline)
		a.Overdue = (n.Status == StatusActive || n.withdrawal(a)) && a.Status == AckPending && now.After(dl)
		if a.Responded != "" {
			rt, _ := time.Parse(time.RFC3339Nano, a.Responded)
			a.Late = rt.After(dl)
		}
	}
}

// withdrawal reports whether a is the receipt owed for the notice's
// withdrawal (notified by the cancellation itself).
func (n *Notice) withdrawal(a *Ack) bool {
	return n.Status == StatusCancelled && a.Withdrawal
}

// Entry kinds. Each type has the same kinds; the subject is "<type>:<id>".
//
// KindSiteRefused and KindMovementRefused were appended by earlier versions,
// when a party could refuse a notification. They MUST NOT be appended any
// more: a log that holds them still verifies and replays, and each reads as
// a query (its reason the query's text) that also shows the party had
// received the version it answered.
const (
	KindSiteNotified         = "site.notified"
	KindSiteUpdated          = "site.updated"
	KindSiteCancelled        = "site.cancelled"
	KindSiteAcknowledged     = "site.acknowledged"
	KindSiteRefused          = "site.refused"
	KindMovementNotified     = "movement.notified"
	KindMovementUpdated      = "movement.updated"
	KindMovementCancelled    = "movement.cancelled"
	KindMovementAcknowledged = "movement.acknowledged"
	KindMovementRefused      = "movement.refused"
	KindSitePassedOn         = "site.passed_on"
	KindSiteQueried          = "site.queried"
	KindSiteAnswered         = "site.answered"
	KindMovementPassedOn     = "movement.passed_on"
	KindMovementQueried      = "movement.queried"
	KindMovementAnswered     = "movement.answered"
	KindSiteReconfirmed      = "site.reconfirmed"
	// KindSiteWithheld records a site deliberately not notified (payload
	// Notified, version 1, Site.Withheld set, no parties, no deadline).
	KindSiteWithheld = "site.withheld"
)

// EntryKinds returns every entry kind this package appends to the log, in a new
// slice. A kind added to this package MUST be added here: the store's
// projection table is checked against this list, so that each kind is either
// projected or declared kept in the log only.
func EntryKinds() []string {
	return []string{
		KindSiteNotified,
		KindSiteUpdated,
		KindSiteCancelled,
		KindSiteAcknowledged,
		KindSiteRefused,
		KindMovementNotified,
		KindMovementUpdated,
		KindMovementCancelled,
		KindMovementAcknowledged,
		KindMovementRefused,
		KindSitePassedOn,
		KindSiteQueried,
		KindSiteAnswered,
		KindMovementPassedOn,
		KindMovementQueried,
		KindMovementAnswered,
		KindSiteReconfirmed,
		KindSiteWithheld,
		KindMovementPositions,
	}
}

// Kind returns the entry kind of event ("notified", "updated", …) for t.
func Kind(t Type, event string) string { return string(t) + "." + event }

// Notified is the payload of site.notified, site.updated, movement.notified
// and movement.updated: the full record of the version, and the deadline by
// which each notified party must acknowledge it.
type Notified struct {
	ID       string `json:"id"`
	Version  int    `json:"version"`
	Deadline string `json:"deadline"`
	// ValidUntil is when the notification lapses unless its notifier
	// reconfirms it (empty in entries of earlier versions: never).
	ValidUntil string    `json:"valid_until,omitempty"`
	Site       *Site     `json:"site,omitempty"`
	Movement   *Movement `json:"movement,omitempty"`
}

// Cancelled is the payload of site.cancelled and movement.cancelled: the
// withdrawal ("de-notification") of the notice, itself version Version,
// whose receipt each notified party is to acknowledge by Deadline, as it
// acknowledged the notification. Entries of earlier versions have neither
// (Version 0): their withdrawal asked for no receipt.
type Cancelled struct {
	ID       string `json:"id"`
	Reason   string `json:"reason"`
	Version  int    `json:"version,omitempty"`
	Deadline string `json:"deadline,omitempty"`
}

// Response is the payload of *.acknowledged (party's receipt of version
// Version) and of the legacy *.refused, whose Reason reads as a query.
type Response struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Party   string `json:"party"`
	Reason  string `json:"reason,omitempty"`
}

// Subject returns the log subject of notice id of type t, "site:<id>" or
// "movement:<id>".
func Subject(t Type, id string) string { return string(t) + ":" + id }

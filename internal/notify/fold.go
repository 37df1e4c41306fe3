package notify

import (
	"encoding/json"
	"slices"
	"strings"

	"truce/internal/federation/joint"
)

// Joint acknowledgement status (issue #17, DESIGN "Federation").
//
// On a federation, the entries about one notification live in several
// logs: the notifier's node logs the notification, its updates, its
// withdrawal and its answers; each notified party's node logs that party's
// receipts, queries and records of passing it on. Fold computes the
// notification and its receipts from those entries, put in the joint
// order (joint.Order), so that two nodes holding the same entries compute
// the same receipts, queries and status whatever order they arrived in.

// ownIndexBelow is store.MirrorBase: a query named by an answer with a
// number below it is an entry of the answering node's own log, at that
// index. A number at or above it is a place on the answering node's
// timeline that only it can read, and such an answer names its query by
// citing it (Answered.Cites).
const ownIndexBelow int64 = 1 << 50

// Fold returns notice id as the entries es about it say, es being in the
// joint order (every entry after those it cites, otherwise by time, origin
// and index), each entry's Seq its index in its origin's log. It returns
// nil if es holds no entry that notified it. It is a pure function of its
// arguments: the same entries give the same notice. In the result every
// Seq (the notice's, its receipts', its queries' and their answers') is
// the index of the entry in the log of the Origin beside it; the
// computed fields (Overdue, Late, Lapsed, ReconfirmDue, OnTime) are left
// to the reader, which judges them at its time.
//
// A statement counts only from the party it speaks for: the
// notification, its updates, withdrawal, reconfirmations and answers only
// from the notifier (the party of the first entry), a receipt, a query
// or a record of passing on only from the party it names, and a receipt
// only of the version that party was asked to acknowledge. An entry whose
// payload does not decode, or that counts for nothing, is skipped.
func Fold(id string, es []joint.Entry) *Notice {
	var n *Notice
	var queryOrigins []string // beside n.Queries: each query's origin
	for _, je := range es {
		e := je.Entry
		kind := e.Kind
		t, event, ok := strings.Cut(kind, ".")
		if !ok || (t != string(TypeSite) && t != string(TypeMovement)) {
			continue
		}
		if n == nil {
			if event != "notified" && event != "withheld" {
				continue
			}
			var p Notified
			if json.Unmarshal(e.Payload, &p) != nil || p.ID != id || p.Version != 1 {
				continue
			}
			n = &Notice{ID: id, Type: Type(t), Party: e.Party, Author: e.Author, Status: StatusActive,
				Notified: e.Time, FirstSeq: e.Seq, Origin: je.Origin, Acks: []Ack{}, Queries: []Query{}}
			n.version(e.Time, je, &p)
			continue
		}
		switch event {
		case "updated":
			var p Notified
			if e.Party != n.Party || json.Unmarshal(e.Payload, &p) != nil || p.ID != id || p.Version <= n.Version || n.Status != StatusActive {
				continue
			}
			n.version(e.Time, je, &p)
		case "cancelled":
			var p Cancelled
			if e.Party != n.Party || json.Unmarshal(e.Payload, &p) != nil || p.ID != id || n.Status != StatusActive {
				continue
			}
			n.Status, n.Cancelled, n.CancelReason, n.Seq = StatusCancelled, e.Time, p.Reason, e.Seq
			if p.Version == 0 { // written by an earlier version: no receipt asked
				continue
			}
			n.Version = p.Version
			for i := range n.Acks {
				a := &n.Acks[i]
				*a = Ack{Party: a.Party, Version: p.Version, Status: AckPending, FirstNotified: a.FirstNotified, Notified: e.Time,
					Deadline: p.Deadline, Withdrawal: true, Seq: e.Seq, Origin: je.Origin}
			}
		case "acknowledged":
			var p Response
			if json.Unmarshal(e.Payload, &p) != nil || p.ID != id || p.Party != e.Party {
				continue
			}
			if a := n.owed(p.Party, p.Version); a != nil && a.Status == AckPending {
				a.Status, a.Responded, a.Author, a.Seq, a.Origin = AckAcknowledged, e.Time, e.Author, e.Seq, je.Origin
				n.Seq = e.Seq
			}
		case "refused": // an earlier version's refusal reads as a query and a receipt
			var p Response
			if json.Unmarshal(e.Payload, &p) != nil || p.ID != id || p.Party != e.Party || n.Ack(p.Party) == nil {
				continue
			}
			n.Queries = append(n.Queries, Query{Seq: e.Seq, Party: p.Party, Author: e.Author, Version: p.Version, Text: p.Reason,
				Raised: e.Time, Legacy: true})
			queryOrigins = append(queryOrigins, je.Origin)
			if a := n.owed(p.Party, p.Version); a != nil && a.Status == AckPending {
				a.Status, a.Responded, a.Author, a.Seq, a.Origin = AckAcknowledged, e.Time, e.Author, e.Seq, je.Origin
			}
			n.Seq = e.Seq
		case "passed_on":
			var p PassOnPayload
			if json.Unmarshal(e.Payload, &p) != nil || p.ID != id || p.Party != e.Party {
				continue
			}
			if a := n.owed(p.Party, p.Version); a != nil {
				a.PassedOn = &PassedOn{Level: p.Level, At: p.At, Author: e.Author, Seq: e.Seq, origin: je.Origin}
				n.Seq = e.Seq
			}
		case "queried":
			var p Queried
			if json.Unmarshal(e.Payload, &p) != nil || p.ID != id || p.Party != e.Party || n.Ack(p.Party) == nil {
				continue
			}
			n.Queries = append(n.Queries, Query{Seq: e.Seq, Party: p.Party, Author: e.Author, Version: p.Version, Text: p.Text, Raised: e.Time})
			queryOrigins = append(queryOrigins, je.Origin)
			n.Seq = e.Seq
		case "answered":
			var p Answered
			if e.Party != n.Party || json.Unmarshal(e.Payload, &p) != nil || p.ID != id {
				continue
			}
			for i := range n.Queries {
				q := &n.Queries[i]
				if q.AnswerSeq != 0 || q.Answered != "" || !answers(je, &p, queryOrigins[i], q.Seq) {
					continue
				}
				q.Answer, q.Answered, q.AnswerAuthor, q.AnswerSeq = p.Text, e.Time, e.Author, e.Seq
				n.Seq = e.Seq
				break
			}
		case "reconfirmed":
			var p Reconfirmed
			if e.Party != n.Party || json.Unmarshal(e.Payload, &p) != nil || p.ID != id || n.Status != StatusActive {
				continue
			}
			n.ValidUntil, n.Seq = p.ValidUntil, e.Seq
		}
	}
	if n != nil {
		for i := range n.Queries {
			n.Queries[i].Origin = queryOrigins[i]
		}
	}
	return n
}

// version applies version p of the notice, notified by entry je at time
// at: the record and every notified party's receipt, reset to pending
// with p's deadline (a party notified before keeps when it first was);
// parties the version no longer names owe nothing.
func (n *Notice) version(at string, je joint.Entry, p *Notified) {
	e := je.Entry
	n.Version, n.Release, n.Updated, n.Seq, n.ValidUntil = p.Version, e.Release, at, e.Seq, p.ValidUntil
	n.Site, n.Movement = p.Site, p.Movement
	var parties []string
	switch {
	case p.Site != nil:
		parties = p.Site.Parties
	case p.Movement != nil:
		parties = p.Movement.Parties
	}
	acks := make([]Ack, 0, len(parties))
	for _, party := range parties {
		first := at
		if old := n.Ack(party); old != nil {
			first = old.FirstNotified
		}
		acks = append(acks, Ack{Party: party, Version: p.Version, Status: AckPending, FirstNotified: first, Notified: at,
			Deadline: p.Deadline, Seq: e.Seq, Origin: je.Origin})
	}
	slices.SortFunc(acks, func(a, b Ack) int { return strings.Compare(a.Party, b.Party) })
	n.Acks = acks
}

// owed returns party's receipt row if it is owed for version, else nil.
func (n *Notice) owed(party string, version int) *Ack {
	a := n.Ack(party)
	if a == nil || a.Version != version {
		return nil
	}
	return a
}

// answers reports whether answer entry je (payload p) answers the query
// raised by entry index of origin: it cites that entry, or names its index
// in the answering node's own log.
func answers(je joint.Entry, p *Answered, origin string, index int64) bool {
	for _, c := range je.Cites {
		if c.Origin == origin && c.Index == index {
			return true
		}
	}
	return origin == je.Origin && p.Query == index && p.Query < ownIndexBelow
}

package rosterchange

import (
	"encoding/json"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/cite"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
)

// Entry kinds of this package; both are kept in the log only (no table
// projects them: Next reads them from the log and the mirrors).
const (
	KindProposed = "roster.proposed"
	KindAgreed   = "roster.agreed"
)

// EntryKinds returns every entry kind this package appends, in a new slice.
// A kind added here MUST be added to it: the store's projection table is
// checked against this list.
func EntryKinds() []string { return []string{KindProposed, KindAgreed} }

// Subject is the log subject of every roster change entry.
const Subject = "federation:roster"

// maxNote bounds a proposal's note, in bytes.
const maxNote = 2000

// Proposed is the payload of roster.proposed: the whole roster proposed,
// its hash, and the hash of the roster in force it replaces.
type Proposed struct {
	Roster   roster.Roster `json:"roster"`
	Hash     string        `json:"hash"`
	Previous string        `json:"previous"`
	Note     string        `json:"note,omitempty"`
}

// Agreed is the payload of roster.agreed: the agreeing co-chair's party
// agrees to the proposal it cites, whose roster has RosterHash, version
// Version, replacing the roster with hash Previous.
type Agreed struct {
	Proposal   cite.Citation `json:"proposal"`
	RosterHash string        `json:"roster_hash"`
	Version    int64         `json:"version"`
	Previous   string        `json:"previous"`
}

// Entry is one verified log entry as Next reads it: where it is (origin,
// index, leaf hash) and what it says. Callers MUST pass only entries they
// verified: their own log's, or a verified mirror's.
type Entry struct {
	Origin   string          `json:"origin"`
	Index    int64           `json:"index"`
	LeafHash string          `json:"leaf_hash"`
	Party    string          `json:"party"`
	Author   string          `json:"author"`
	Time     string          `json:"time"`
	Kind     string          `json:"kind"`
	Payload  json.RawMessage `json:"payload"`
}

// Citation returns where e is.
func (e Entry) Citation() cite.Citation {
	return cite.Citation{Origin: e.Origin, Index: e.Index, LeafHash: e.LeafHash}
}

// FromLedger returns e, logged by origin with commitment c, as an Entry.
func FromLedger(origin string, e *ledger.Entry, c tlog.Hash) Entry {
	return Entry{Origin: origin, Index: e.Seq, LeafHash: cite.Of(origin, e.Seq, c).LeafHash, Party: e.Party,
		Author: e.Author, Time: e.Time, Kind: e.Kind, Payload: e.Payload}
}

// Relevant reports whether an entry of kind is one Next reads.
func Relevant(kind string) bool { return kind == KindProposed || kind == KindAgreed }

// rosterHash returns r's hash, or "" if it cannot be encoded.
func rosterHash(r *roster.Roster) string {
	h, err := r.Hash()
	if err != nil {
		return ""
	}
	return h
}

// nodeOrigin returns the origin of the node that speaks for party in r:
// its own, or its host's; "" if party is not a member.
func nodeOrigin(r *roster.Roster, party string) string {
	m, ok := r.ByParty(party)
	if !ok {
		return ""
	}
	if m.Hosted() {
		host, _ := r.ByParty(m.HostedBy)
		return host.Origin
	}
	return m.Origin
}

// CoChairs returns r's co-chair parties, in roster order.
func CoChairs(r *roster.Roster) []string {
	var out []string
	for _, m := range r.Members {
		if m.CoChair {
			out = append(out, m.Party)
		}
	}
	return out
}

func decodePayload[T any](e Entry) (*T, error) {
	var v T
	if err := json.Unmarshal(e.Payload, &v); err != nil {
		return nil, fmt.Errorf("payload of %s: %w", e.Kind, err)
	}
	return &v, nil
}

// Package roster defines a federation of truce party nodes: the roster that
// lists each member party, the origin of its node's log (C2SP
// tlog-checkpoint), the note verifier key of its checkpoints, the
// cosignature/v1 verifier key of its embedded witness (C2SP tlog-witness,
// tlog-cosignature), the pin of its node's TLS certificate and the https
// base URLs of its federation listener.
//
// A roster is founded from a file every founding member installs out of band
// and compares by its Hash; it is read with Parse or Load, which decode
// strictly (package strictjson) and Validate it. A Roster MUST NOT be
// modified once validated: nodes share one value between goroutines and
// replace it as a whole when the roster changes.
package roster

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"

	"truce/internal/ledger"
	"truce/internal/strictjson"
)

// MaxSize is the largest roster document Parse and Load accept, in bytes.
const MaxSize = 1 << 20

// Roster is a federation's membership: its name, the version of the roster
// (1 when founded), the quorum of cosignatures from other members' witnesses
// a peer checkpoint must carry to be accepted, and its members.
type Roster struct {
	Federation string   `json:"federation"`
	Version    int64    `json:"version"`
	Quorum     int      `json:"quorum"`
	Members    []Member `json:"members"`
}

// Member is one party of a federation. A member with a node of its own has
// Origin, LogKey, WitnessKey, TLSPin and URLs and no HostedBy; a member
// hosted on another member's node has HostedBy naming that member and none
// of the node fields (it has no keys of its own).
type Member struct {
	// Party is the party's id, as in the node's accounts.
	Party string `json:"party"`
	// Origin is the origin line of the node's checkpoints (its key name).
	Origin string `json:"origin,omitempty"`
	// LogKey is the C2SP signed-note verifier key of the node's checkpoints.
	LogKey string `json:"log_key,omitempty"`
	// RetiredLogKeys are the log keys the node signed its checkpoints
	// with before LogKey, oldest first ('truce federation rotate' adds the
	// key it replaces). They verify checkpoints signed before a rotation
	// (a mirror's stored ones, saved ones, evidence); a checkpoint fetched
	// now MUST verify under LogKey.
	RetiredLogKeys []string `json:"retired_log_keys,omitempty"`
	// WitnessKey is the cosignature/v1 verifier key of the node's witness.
	WitnessKey string `json:"witness_key,omitempty"`
	// TLSPin is "sha256:" and the lower-case hex SHA-256 of the node's TLS
	// certificate's SubjectPublicKeyInfo.
	TLSPin string `json:"tls_pin,omitempty"`
	// URLs are https base URLs of the node's federation listener.
	URLs []string `json:"urls,omitempty"`
	// CoChair says the party is a co-chair of the centre.
	CoChair bool `json:"co_chair"`
	// Monitor says the party is (part of) the monitoring cell: its analysts
	// investigate and establish findings, file patrols and record
	// restrictions. When no member of a roster says so, the node's parties
	// of kind "un" are the monitoring cell, as on a hosted node.
	Monitor bool `json:"monitor,omitempty"`
	// HostedBy names the member whose node hosts this party.
	HostedBy string `json:"hosted_by,omitempty"`
}

// Hosted reports whether m is hosted on another member's node.
func (m Member) Hosted() bool { return m.HostedBy != "" }

// SameKeys reports whether m and o have the same key material: log key,
// retired log keys, witness key and TLS pin. Only a member's own node may
// propose a change of it (package rosterchange).
func (m Member) SameKeys(o Member) bool {
	return m.LogKey == o.LogKey && m.WitnessKey == o.WitnessKey && m.TLSPin == o.TLSPin &&
		slices.Equal(m.RetiredLogKeys, o.RetiredLogKeys)
}

// Parse decodes a roster strictly (an unknown or repeated member name is an
// error) and validates it. It returns an error naming the field at fault; the
// roster is returned only when it is valid.
func Parse(data []byte) (*Roster, error) {
	if len(data) > MaxSize {
		return nil, fmt.Errorf("roster: %d bytes is more than the %d a roster may have", len(data), MaxSize)
	}
	var r Roster
	if err := strictjson.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return &r, nil
}

// Load reads, decodes and validates the roster in the file at path, as Parse.
func Load(path string) (*Roster, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("roster: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("roster: read %s: %w", path, err)
	}
	r, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Canonical returns the RFC 8785 canonical JSON bytes of r: what Hash
// digests, and the form in which nodes install a roster.
func (r *Roster) Canonical() ([]byte, error) {
	raw, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("roster: encode: %w", err)
	}
	canon, err := ledger.Canonicalize(raw)
	if err != nil {
		return nil, fmt.Errorf("roster: canonicalize: %w", err)
	}
	return canon, nil
}

// Hash returns the lower-case hex SHA-256 of r's canonical bytes, which the
// founders compare out of band: two rosters with equal hashes are equal.
func (r *Roster) Hash() (string, error) {
	canon, err := r.Canonical()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:]), nil
}

// ByParty returns the member whose party is party.
func (r *Roster) ByParty(party string) (Member, bool) {
	return r.find(func(m Member) bool { return m.Party == party })
}

// ByOrigin returns the member whose node's origin is origin; hosted members
// have no origin and are never returned.
func (r *Roster) ByOrigin(origin string) (Member, bool) {
	return r.find(func(m Member) bool { return origin != "" && m.Origin == origin })
}

// ByPin returns the member whose node's TLS certificate has pin; hosted
// members have no pin and are never returned.
func (r *Roster) ByPin(pin string) (Member, bool) {
	return r.find(func(m Member) bool { return pin != "" && m.TLSPin == pin })
}

func (r *Roster) find(match func(Member) bool) (Member, bool) {
	if r == nil {
		return Member{}, false
	}
	for _, m := range r.Members {
		if match(m) {
			return m, true
		}
	}
	return Member{}, false
}

// Peers returns, in roster order, the members with a node of their own
// other than self's node: the nodes self's node talks to. self may be a
// party hosted on a node; that node is then excluded.
func (r *Roster) Peers(self string) []Member {
	node := self
	if m, ok := r.ByParty(self); ok && m.Hosted() {
		node = m.HostedBy
	}
	var peers []Member
	for _, m := range r.Members {
		if !m.Hosted() && m.Party != node {
			peers = append(peers, m)
		}
	}
	return peers
}

// Hosts returns the parties hosted on member host's node, in roster order.
func (r *Roster) Hosts(host string) []string {
	var parties []string
	for _, m := range r.Members {
		if m.HostedBy == host {
			parties = append(parties, m.Party)
		}
	}
	return parties
}

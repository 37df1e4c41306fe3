package api

import (
	"fmt"
	"net/http"
	"time"

	"truce/internal/federation/roster"
)

// Federation reports a party node's federation (internal/app). It is nil
// on a node that is not federated.
type Federation interface {
	// FederationStatus returns the roster in force and each peer's mirror
	// state now. It MUST be safe for concurrent use and cheap: it reads
	// what the mirrors hold in memory.
	FederationStatus() FederationStatus
}

// FederationStatus is the body of GET /api/v1/federation. Federated is
// false on a node that is not a federated party node (a hosted node, or a
// party node with no roster installed), and then every other field is
// empty.
type FederationStatus struct {
	Federated  bool   `json:"federated"`
	Federation string `json:"federation,omitempty"`
	Version    int64  `json:"version,omitempty"`
	// RosterHash is the SHA-256 of the roster's canonical JSON, the hash
	// the founders compared out of band.
	RosterHash string          `json:"roster_hash,omitempty"`
	Party      string          `json:"party,omitempty"`
	Quorum     int             `json:"quorum,omitempty"`
	Members    []roster.Member `json:"members"`
	Peers      []PeerStatus    `json:"peers"`
}

// Peer states, worst first.
const (
	PeerHalted      = "halted"      // evidence against the peer stopped mirroring
	PeerUnreachable = "unreachable" // the last round failed (peer down, cut off, or its answer was refused)
	PeerLagging     = "lagging"     // the peer has entries not yet mirrored
	PeerSynced      = "synced"      // the mirror holds the peer's last checkpoint
)

// PeerStatus is one peer's mirror as users see it. Internal error detail
// is never shown: State says what is wrong.
type PeerStatus struct {
	Party  string `json:"party"`
	Origin string `json:"origin"`
	State  string `json:"state"`
	// AcceptedSize is the size of the last checkpoint accepted from the
	// peer and AcceptedTime its newest cosignature time.
	AcceptedSize int64     `json:"accepted_size"`
	AcceptedTime time.Time `json:"accepted_time,omitzero"`
	// LastContact is when the peer last served a valid checkpoint.
	LastContact time.Time `json:"last_contact,omitzero"`
	// PeerSize is the size of that checkpoint; Lag is PeerSize minus
	// AcceptedSize.
	PeerSize int64 `json:"peer_size"`
	Lag      int64 `json:"lag"`
	// Halted is set while evidence id Evidence stops mirroring from the
	// peer (see README, "Mirrors (federation)", to fetch and verify it).
	Halted   bool   `json:"halted"`
	Evidence string `json:"evidence,omitempty"`
}

// getFederation serves GET /api/v1/federation to any signed-in user: the
// roster is known to every member, and mirror states say nothing about
// any record. A node that is not federated answers federated false.
func (s *Server) getFederation(w http.ResponseWriter, r *http.Request) {
	if s.deps.Federation == nil {
		writeJSON(w, http.StatusOK, FederationStatus{Members: []roster.Member{}, Peers: []PeerStatus{}})
		return
	}
	writeJSON(w, http.StatusOK, s.deps.Federation.FederationStatus())
}

// federationReadiness returns the lines /readyz adds for each peer: its
// state, accepted size and lag. A lagging or unreachable peer never makes
// the node unready: it serves its own users when cut off.
func (s *Server) federationReadiness() string {
	if s.deps.Federation == nil {
		return ""
	}
	out := ""
	for _, p := range s.deps.Federation.FederationStatus().Peers {
		out += fmt.Sprintf("peer %s %s accepted=%d lag=%d", p.Party, p.State, p.AcceptedSize, p.Lag)
		if p.Evidence != "" {
			out += " evidence=" + p.Evidence
		}
		out += "\n"
	}
	return out
}

package mirror

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/cite"
)

// Kind names what a piece of evidence shows.
type Kind string

// The kinds of evidence.
const (
	// KindFork: two checkpoints of one origin that cannot both be true:
	// same size and different roots, or (with the leaves of the larger
	// tree, which hash to its root) a smaller tree that is not its prefix.
	KindFork Kind = "fork"
	// KindRollback: the peer presented a smaller tree than one it had
	// signed and this node had accepted.
	KindRollback Kind = "rollback"
	// KindBadContent: entry bytes served as the content of a commitment in
	// a signed tree that do not hash to it, or that hash to it but are not
	// canonical, bear another seq, are by a party the peer does not speak
	// for, or are releasable neither to this node's party nor to a party
	// it hosts.
	KindBadContent Kind = "bad-content"
	// KindBadCitation: an entry in a signed tree that cites (package
	// federation/cite) an entry with a leaf hash other than the one this
	// node holds for that origin and index, an index of the peer's own
	// log at or after its own, or an entry the cited origin did not
	// publish to this node within the wait allowed.
	KindBadCitation Kind = "bad-citation"
	// KindStale: a checkpoint whose newest cosignature is older than
	// allowed.
	KindStale Kind = "stale"
	// KindNoQuorum: a checkpoint signed by the log but without the quorum
	// of other members' cosignatures.
	KindNoQuorum Kind = "no-quorum"
	// KindDrift: an entry in a signed tree whose time is later than the
	// oldest cosignature of the first accepted checkpoint holding it, or
	// earlier than the newest cosignature of the checkpoint accepted
	// before it (which did not hold it), by more than the tolerance: the
	// origin's clock drifts or it backdated (post-dated) the entry.
	KindDrift Kind = "drift"
)

// Evidence is a record of a peer's misbehaviour, with everything needed
// to check it offline ([VerifyEvidence]). Byte fields are base64 in JSON.
type Evidence struct {
	ID     string    `json:"id"`
	Origin string    `json:"origin"`
	Party  string    `json:"party"`
	Kind   Kind      `json:"kind"`
	Time   time.Time `json:"time"`
	// Receiver is this node's party, and Hosted the parties it hosts:
	// content must be releasable to one of them.
	Receiver string   `json:"receiver"`
	Hosted   []string `json:"hosted,omitempty"`
	// Detail says what was found, for people.
	Detail string `json:"detail"`
	// Checkpoints are signed notes: for a fork or a rollback the one this
	// node held first and the conflicting one; for bad content the
	// checkpoint whose tree holds the commitment; for stale or no quorum
	// the checkpoint itself; for drift the checkpoint holding the entry
	// and, when the entry is dated too early, the earlier checkpoint of
	// at most Seq entries.
	Checkpoints [][]byte `json:"checkpoints"`
	// Leaves are the concatenated 32-byte commitments of the larger
	// tree of a fork of two sizes; they hash to its root.
	Leaves []byte `json:"leaves,omitempty"`
	// Seq, Commitment, Proof and Content are for bad content (and bad
	// citations and drift): the entry
	// number, its commitment, the RFC 6962 inclusion proof of the
	// commitment in Checkpoints[0] (concatenated hashes) and the bytes
	// served.
	Seq        int64  `json:"seq,omitempty"`
	Commitment []byte `json:"commitment,omitempty"`
	Proof      []byte `json:"proof,omitempty"`
	Content    []byte `json:"content,omitempty"`
	// Cited and Held are for a bad citation: the citation refused and the
	// commitment this node held at its (origin, index), none if it held
	// none.
	Cited *cite.Citation `json:"cited,omitempty"`
	Held  []byte         `json:"held,omitempty"`
	// MaxAge is the allowed age of a checkpoint for stale evidence.
	MaxAge time.Duration `json:"max_age,omitempty"`
	// Tolerance is, for drift, how far the entry's time may stray from
	// the cosignatures that bound it (nanoseconds in JSON, as MaxAge).
	Tolerance time.Duration `json:"tolerance,omitempty"`
	// Cleared is when an operator cleared the evidence (zero if not).
	Cleared time.Time `json:"cleared,omitzero"`
}

// newEvidenceID returns a random evidence id, "ev_" and 16 hex digits.
func newEvidenceID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("mirror: random evidence id: %v", err))
	}
	return "ev_" + hex.EncodeToString(b)
}

// joinHashes concatenates hashes.
func joinHashes(hs []tlog.Hash) []byte {
	out := make([]byte, 0, len(hs)*tlog.HashSize)
	for _, h := range hs {
		out = append(out, h[:]...)
	}
	return out
}

// splitHashes cuts b into 32-byte hashes; it fails unless len(b) is a
// multiple of 32.
func splitHashes(b []byte) ([]tlog.Hash, error) {
	if len(b)%tlog.HashSize != 0 {
		return nil, errors.New("mirror: hash list is not a multiple of 32 bytes")
	}
	out := make([]tlog.Hash, len(b)/tlog.HashSize)
	for i := range out {
		copy(out[i][:], b[i*tlog.HashSize:])
	}
	return out, nil
}

// ErrHalted is returned by [Mirror.Sync] while evidence about the peer is
// not cleared.
var ErrHalted = errors.New("mirror: halted by evidence")

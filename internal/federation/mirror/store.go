package mirror

import (
	"context"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/witness"
)

// State is what the store holds of one origin.
type State struct {
	// Accepted is the last accepted checkpoint note (with its
	// cosignatures), nil if none was accepted yet.
	Accepted []byte
	// AcceptedAt is when Accepted was stored.
	AcceptedAt time.Time
	// Target is the checkpoint note the stored commitments beyond
	// Accepted were verified against, when a catch-up was cut off between
	// chunks; nil otherwise.
	Target []byte
	// Commitments are every stored commitment of the origin, in order from
	// seq 0.
	Commitments []tlog.Hash
	// HaltedBy is the id of the earliest evidence about the origin not yet
	// cleared by an operator, "" if there is none.
	HaltedBy string
}

// Content is the canonical bytes of one mirrored entry.
type Content struct {
	Seq       int64
	Canonical []byte
}

// Chunk is what one transaction applies: consecutive commitments from
// Start, the contents of those of their entries releasable to this node,
// and the checkpoint they were verified against.
type Chunk struct {
	Origin      string
	Start       int64
	Commitments []tlog.Hash
	// Contents are in seq order, each within [Start, Start+len(Commitments)).
	Contents []Content
	// Checkpoint is the verified note covering the commitments.
	Checkpoint []byte
	// Cosignatures are Checkpoint's cosignatures verified by the other
	// members' witness keys, with the times they sign: the store keeps
	// the earliest of each witness (timeliness).
	Cosignatures []witness.Cosignature
	// Size and Root are Checkpoint's tree.
	Size int64
	Root tlog.Hash
	// Complete is set on the chunk that brings the stored commitments to
	// Size: Checkpoint then becomes the accepted one. Otherwise it is kept
	// as the target of the catch-up under way.
	Complete bool
	// Time is when the chunk was verified.
	Time time.Time
}

// Store keeps mirrors durably. Implementations MUST apply a chunk in one
// transaction: all of it or nothing.
type Store interface {
	// MirrorState returns what is stored of origin (an empty State if
	// nothing is).
	MirrorState(ctx context.Context, origin string) (State, error)
	// ApplyMirrorChunk stores c in one transaction. It returns an error,
	// storing nothing, unless c.Start is the number of commitments stored
	// for c.Origin.
	ApplyMirrorChunk(ctx context.Context, c Chunk) error
	// SaveEvidence stores ev; the origin is halted from then on until it
	// is cleared.
	SaveEvidence(ctx context.Context, ev *Evidence) error
	// Evidence returns the evidence with id, or an error wrapping
	// fault.ErrNotFound.
	Evidence(ctx context.Context, id string) (*Evidence, error)
	// ClearEvidence records that an operator cleared evidence id at t; it
	// returns an error wrapping fault.ErrNotFound if there is none. The
	// evidence itself is kept.
	ClearEvidence(ctx context.Context, id string, t time.Time) error
	// AcceptedCheckpoints returns the accepted checkpoint note of every
	// mirrored origin, ordered by origin.
	AcceptedCheckpoints(ctx context.Context) ([][]byte, error)
}

package cite

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
)

// Source is what a node holds verified: the entries of its own log and
// those its mirrors stored after verifying them against their origin's
// cosigned checkpoints.
type Source interface {
	// Commitment returns the commitment of entry index of origin's log as
	// this node holds it verified, and ok false if it holds none there
	// (yet). An error is a failure to read, never an answer.
	Commitment(ctx context.Context, origin string, index int64) (c tlog.Hash, ok bool, err error)
}

// Verdict is what a node finds of one citation.
type Verdict int

// The verdicts of [Judge].
const (
	// Held: the node holds the cited entry with the cited leaf hash.
	Held Verdict = iota
	// Missing: the node holds no entry at the cited (origin, index) yet.
	Missing
	// Forged: the node holds another entry there (another leaf hash).
	Forged
)

// String returns the verdict's name.
func (v Verdict) String() string {
	switch v {
	case Held:
		return "held"
	case Missing:
		return "missing"
	default:
		return "forged"
	}
}

// ErrNotHeld is the kind of refusal (wrapping fault.ErrConflict, so 409) of
// a citation of an entry this node does not hold verified.
var ErrNotHeld = fmt.Errorf("a node cites only what it has mirrored and verified: %w", fault.ErrConflict)

// ErrWrongLeaf is the kind of refusal (wrapping fault.ErrConflict, so 409)
// of a citation whose leaf hash differs from the entry this node holds at
// that (origin, index).
var ErrWrongLeaf = fmt.Errorf("the cited leaf hash is not the one held: %w", fault.ErrConflict)

// Judge returns what src holds of c, with the commitment held (zero when
// Missing). The error is src's, and then the verdict means nothing.
func Judge(ctx context.Context, src Source, c Citation) (Verdict, tlog.Hash, error) {
	held, ok, err := src.Commitment(ctx, c.Origin, c.Index)
	if err != nil {
		return Missing, tlog.Hash{}, errorf(c, err)
	}
	if !ok {
		return Missing, tlog.Hash{}, nil
	}
	if !c.Matches(held) {
		return Forged, held, nil
	}
	return Held, held, nil
}

// Check is the check a node makes before it writes an entry citing c: c
// is well formed (an *fault.InvalidError naming field otherwise, 422) and
// names an entry the node holds verified with that leaf hash (a
// *fault.RefusalError of kind ErrNotHeld or ErrWrongLeaf otherwise, 409).
// The caller MUST write nothing when it fails.
func Check(ctx context.Context, src Source, field string, c Citation) error {
	if err := c.Validate(field, false); err != nil {
		return err
	}
	v, held, err := Judge(ctx, src, c)
	if err != nil {
		return err
	}
	switch v {
	case Missing:
		return &fault.RefusalError{Kind: ErrNotHeld, Msg: fmt.Sprintf(
			"%s: this node holds no verified entry %s#%d; wait until its mirror of %s has caught up (GET /api/v1/federation), nothing was written", field, c.Origin, c.Index, c.Origin)}
	case Forged:
		return &fault.RefusalError{Kind: ErrWrongLeaf, Msg: fmt.Sprintf(
			"%s: the entry held at %s#%d has leaf hash %s, not %s; nothing was written", field, c.Origin, c.Index, Of(c.Origin, c.Index, held).LeafHash, c.LeafHash)}
	}
	return nil
}

package witness

import (
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
)

// VerifyCosigned verifies a cosigned checkpoint as a reader of the log must
// before trusting it: the note must carry a valid signature from logVerifier,
// its text must be a canonical checkpoint, and it must carry valid
// cosignatures from at least quorum distinct witnesses among witnesses
// (typically [*CosignatureVerifier]s). Signatures from other keys are
// ignored, as C2SP signed-note requires; a signature line that names a
// configured key but does not verify makes the note invalid.
//
// It returns the checkpoint and the cosignatures that verified, one per
// witness, in note order. It does not compare the origin with anything: the
// caller MUST check that Origin is the log it expects. It returns an error
// wrapping a *[QuorumError] (saying how many it had and needed) if there are
// too few cosignatures, together with the checkpoint and the cosignatures it
// did find, which the caller MUST NOT trust; and other errors for a missing or invalid signature, a
// malformed note or checkpoint, or a bad configuration (quorum < 0, quorum
// larger than the number of distinct witnesses, a witness key equal to the
// log key).
func VerifyCosigned(signedNote []byte, logVerifier note.Verifier, witnesses []note.Verifier, quorum int) (Checkpoint, []Cosignature, error) {
	if logVerifier == nil {
		return Checkpoint{}, nil, errors.New("witness: verify: no log key")
	}
	ws := dedupeVerifiers(witnesses)
	if quorum < 0 || quorum > len(ws) {
		return Checkpoint{}, nil, fmt.Errorf("witness: verify: quorum %d impossible with %d distinct witness key(s)", quorum, len(ws))
	}
	for _, w := range ws {
		if w.Name() == logVerifier.Name() && w.KeyHash() == logVerifier.KeyHash() {
			return Checkpoint{}, nil, fmt.Errorf("witness: verify: witness key %s+%08x is the log key", w.Name(), w.KeyHash())
		}
	}
	n, err := note.Open(signedNote, note.VerifierList(append([]note.Verifier{logVerifier}, ws...)...))
	if err != nil {
		var unverified *note.UnverifiedNoteError
		if errors.As(err, &unverified) {
			return Checkpoint{}, nil, fmt.Errorf("witness: verify: no signature from log key %s", logVerifier.Name())
		}
		return Checkpoint{}, nil, fmt.Errorf("witness: verify: %w", err)
	}
	logSigned := false
	var cosigs []Cosignature
	for _, s := range n.Sigs {
		if s.Name == logVerifier.Name() && s.Hash == logVerifier.KeyHash() {
			logSigned = true
			continue
		}
		c, err := cosignatureFrom(s)
		if err != nil {
			return Checkpoint{}, nil, fmt.Errorf("witness: verify: %w", err)
		}
		cosigs = append(cosigs, c) // note.Open keeps one signature per key.
	}
	if !logSigned {
		return Checkpoint{}, nil, fmt.Errorf("witness: verify: no signature from log key %s", logVerifier.Name())
	}
	cp, err := ParseCheckpointBody(n.Text)
	if err != nil {
		return Checkpoint{}, nil, fmt.Errorf("witness: verify: %w", err)
	}
	if len(cosigs) < quorum {
		return cp, cosigs, fmt.Errorf("witness: verify %s at size %d: %w", cp.Origin, cp.Size, &QuorumError{Have: len(cosigs), Need: quorum})
	}
	return cp, cosigs, nil
}

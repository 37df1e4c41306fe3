package witness

import (
	"errors"
	"fmt"
)

// Errors shared by the witness server (which maps them to HTTP status codes)
// and the client (which maps HTTP status codes back to them). Test with
// errors.Is; the returned errors wrap them with context.
var (
	// ErrMalformed reports a request the witness could not parse, or an old
	// size larger than the checkpoint's size (HTTP 400).
	ErrMalformed = errors.New("malformed add-checkpoint request")
	// ErrUnverified reports a checkpoint that carries no valid signature
	// from a key the witness trusts for its origin (HTTP 403).
	ErrUnverified = errors.New("checkpoint not signed by a trusted log key")
	// ErrUnknownLog reports a checkpoint whose origin the witness does not
	// witness (HTTP 404).
	ErrUnknownLog = errors.New("unknown log origin")
	// ErrInconsistent reports a checkpoint that is not consistent with the
	// one the witness last cosigned: a consistency proof that does not
	// verify, a fork (same size, different root), or a size-zero checkpoint
	// whose root is not the empty tree's (HTTP 422).
	ErrInconsistent = errors.New("checkpoint inconsistent with the witness's view")
	// ErrBadCosignature reports a 200 response that does not carry a valid
	// cosignature from the witness key the client was configured with.
	ErrBadCosignature = errors.New("witness response has no valid cosignature")
)

// ConflictError reports that the old size of a request is not the size of
// the latest checkpoint the witness cosigned for the log (HTTP 409).
// WitnessSize is that size, which a client must prove consistency from.
type ConflictError struct {
	WitnessSize int64
}

// Error implements error.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("witness has cosigned size %d, not the old size given", e.WitnessSize)
}

// StatusError reports an HTTP response from a witness with a status code
// that the protocol does not assign a meaning to (5xx, 413, ...).
type StatusError struct {
	StatusCode int
	// Body is the start of the response body, for diagnosis.
	Body string
}

// Error implements error.
func (e *StatusError) Error() string {
	return fmt.Sprintf("unexpected HTTP status %d: %q", e.StatusCode, e.Body)
}

// QuorumError reports a checkpoint that carries fewer valid cosignatures
// from distinct configured witnesses than the quorum requires.
type QuorumError struct {
	Have, Need int
}

// Error implements error.
func (e *QuorumError) Error() string {
	return fmt.Sprintf("checkpoint has %d valid cosignature(s) from configured witnesses, need %d", e.Have, e.Need)
}

package ledger

import (
	"errors"
	"fmt"
	"sync/atomic"
)

// ErrHalted is matched (errors.Is) by the error Append returns once the
// sequencer was halted (see [Sequencer.Halt]).
var ErrHalted = errors.New("ledger: writes halted")

// HaltedError is returned by Append after Halt: it carries why writes were
// halted, and matches ErrHalted.
type HaltedError struct {
	// Cause is why writes were halted, as given to Halt.
	Cause error
}

func (e *HaltedError) Error() string {
	return fmt.Sprintf("ledger: writes halted: %v", e.Cause)
}

// Is reports whether target is ErrHalted.
func (e *HaltedError) Is(target error) bool { return target == ErrHalted }

// Unwrap returns the cause.
func (e *HaltedError) Unwrap() error { return e.Cause }

// halt is the state Halt installs.
type halt struct {
	err   *HaltedError
	allow func(*Draft) bool
}

// haltSlot holds a sequencer's halt state; nil while writes are allowed.
type haltSlot struct{ p atomic.Pointer[halt] }

// Halt makes every later Append fail with a *HaltedError carrying cause,
// without writing anything, except an Append every change of which allow
// (if not nil) accepts: a node that found its store altered still records
// the alert that says so, and nothing else. Appends already queued
// complete. The first Halt wins; later calls change nothing. A halted
// sequencer stays halted until the process restarts.
func (s *Sequencer) Halt(cause error, allow func(*Draft) bool) {
	s.halted.p.CompareAndSwap(nil, &halt{err: &HaltedError{Cause: cause}, allow: allow})
}

// Halted returns the *HaltedError Append returns, or nil if writes are
// allowed.
func (s *Sequencer) Halted() error {
	if h := s.halted.p.Load(); h != nil {
		return h.err
	}
	return nil
}

// refuse returns the halt error unless writes are allowed or allow accepts
// every change.
func (s *Sequencer) refuse(changes []Change) error {
	h := s.halted.p.Load()
	if h == nil {
		return nil
	}
	for i := range changes {
		if h.allow == nil || !h.allow(&changes[i].Draft) {
			return h.err
		}
	}
	return nil
}

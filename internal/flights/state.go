package flights

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// State, locks and writes.
//
// The service's state is what its engine holds (plans and reservations,
// each by version, with its releasability), the notified sites and
// movements, and the open records (openSet), each with the alerts raised
// with it. One mutex, s.mu, guards all of it, and every write takes one
// path (write):
//
//  1. Under s.mu, the caller's change is applied to the engine and the
//     records it makes or ends are computed (diff). They become one Append,
//     built by a writeSet: the caller's own entry first (a plan filed,
//     amended or cancelled, a reservation made or cancelled; none for a
//     tick), then each record raised, its conflict.raised entry followed by
//     its alerts' alert.raised entries (which name the record's entry by
//     its sequence number: ledger.Change.Bind), then each record cleared,
//     followed by its alerts' alert.cleared entries. The open set takes the
//     outcome at once.
//  2. Still under s.mu the Append is submitted (Sequencer.Submit, a queue
//     send), so that writes are sequenced in the order they were computed.
//  3. s.mu is released, and the caller waits for the commit outside it:
//     no fsync is waited for under s.mu, and concurrent writers share
//     commits (group commit).
//
// A record and its alerts are one commit, so the log holds no open record
// without its alerts, whenever the process stops. A write that fails (a
// precondition that no longer holds, a record changed through another
// process, an I/O error) changes nothing in the log, but the state computed
// for it is in memory already: the service is then stale, and the next
// write first waits for the writes in flight (before it takes s.mu) and
// brings the whole state back in step with the log (refresh). Load takes
// that same path at start, and Sync takes it, over what changed, for what
// other processes wrote: it is the one reconciliation path. Sync waits for
// no commit: a plan, reservation or record that a write of this process
// still in flight names is left for the next Sync, since its projection
// may be older than what the service holds (inFlight).

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	// Submit queues changes as one all-or-nothing write, in the order of
	// the calls, and returns at once; wait returns once the write is
	// durable or refused, with its entries or the error.
	Submit(ctx context.Context, changes ...ledger.Change) (wait func() ([]*ledger.Entry, error))
}

// errRecordChanged is returned by the check of a record's entry when the
// record was raised or cleared through another process meanwhile; write
// computes the write again on the refreshed state.
var errRecordChanged = fmt.Errorf("flights: a conflict record changed through another process meanwhile; try again: %w", fault.ErrConflict)

// maxAttempts is how many times write computes a write that meets records
// changed through another process.
const maxAttempts = 3

// write builds one write with op under s.mu (refreshing a stale state
// first), submits it, and waits for its commit with s.mu released (see
// above). op returns an error before it changes the engine, or marks the
// state stale (s.stale) when it fails after. A write refused because a
// record changed through another process is computed again on the
// refreshed state, up to maxAttempts times.
func (s *Service) write(ctx context.Context, op func(w *writeSet) error) error {
	for attempt := 1; ; attempt++ {
		err := s.writeOnce(ctx, op)
		if errors.Is(err, errRecordChanged) && attempt < maxAttempts {
			s.deps.Logger.InfoContext(ctx, "flights: a record changed through another process; computing the write again", "attempt", attempt, "err", err)
			continue
		}
		return err
	}
}

// writeOnce is one attempt of write.
func (s *Service) writeOnce(ctx context.Context, op func(w *writeSet) error) error {
	if s.stale.Load() {
		s.drain() // the refresh below reads the projections: let them hold every write first
	}
	s.mu.Lock()
	var waits []func() error
	if s.stale.Load() {
		w, err := s.newWriteSet(ctx)
		if err == nil {
			err = s.refresh(ctx, w, nil)
		}
		if err != nil {
			s.mu.Unlock()
			return err
		}
		waits = append(waits, s.submit(ctx, w))
	}
	w, err := s.newWriteSet(ctx)
	if err == nil {
		err = op(w)
	}
	own := w != nil && len(w.changes) > 0 // w is nil when newWriteSet failed
	if err == nil {
		waits = append(waits, s.submit(ctx, w))
	}
	s.mu.Unlock()
	if err != nil {
		return err // the refresh, if any, commits on its own
	}
	// The refresh's outcome is the caller's only when the caller wrote
	// nothing of its own (Load); otherwise a failed refresh leaves the
	// state stale for the next write, and the caller gets its own outcome.
	var refreshErr error
	for _, wait := range waits[:len(waits)-1] {
		if err := wait(); err != nil {
			refreshErr = err
			s.deps.Logger.ErrorContext(ctx, "flights: refresh from the log", "err", err)
		}
	}
	if err := waits[len(waits)-1](); err != nil || own {
		return err
	}
	return refreshErr
}

// submit queues w's Append and returns its wait, which returns once it is
// committed or refused; a refused write marks the state stale. The write
// goes on even if ctx ends: its state is in memory already. The caller
// holds s.mu.
func (s *Service) submit(ctx context.Context, w *writeSet) func() error {
	if len(w.changes) == 0 {
		return func() error { return nil }
	}
	subjects := map[string]bool{}
	for i := range w.changes {
		subjects[w.changes[i].Subject] = true
	}
	s.fly(subjects, 1)
	wait := s.deps.Log.Submit(context.WithoutCancel(ctx), w.changes...)
	done := make(chan error, 1)
	go func() {
		_, err := wait()
		if err != nil {
			s.stale.Store(true) // before the subjects land: a reader that sees them landed sees stale
		}
		s.fly(subjects, -1)
		done <- err
	}()
	return func() error { return <-done }
}

// fly adds n (1: submitted, -1: committed or refused) to the writes in
// flight, and to those of each of subjects.
func (s *Service) fly(subjects map[string]bool, n int) {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if s.inflight += n; s.inflight == 0 {
		s.landed.Broadcast()
	}
	for subj := range subjects {
		if s.flying[subj] += n; s.flying[subj] <= 0 {
			delete(s.flying, subj)
		}
	}
}

// inFlight reports whether a write of this process with an entry about
// subject is submitted and not yet committed or refused: the subject's
// projection may then be older than what the service holds of it.
func (s *Service) inFlight(subject string) bool {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	return s.flying[subject] > 0
}

// drain waits for every write in flight, so that the store holds all that
// this process wrote. write calls it before taking s.mu when the state is
// stale; refresh over everything calls it again under s.mu, where it
// waits only for a write submitted in between (none, unless a refusal
// landed meanwhile).
func (s *Service) drain() {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	for s.inflight > 0 {
		s.landed.Wait()
	}
}

// heldPlan is a plan the engine holds: its version, trajectory and
// releasability.
type heldPlan struct {
	version  int
	callsign string // named in an alert's about only to parties rel releases the plan to
	release  access.Releasability
}

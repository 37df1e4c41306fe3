package ledger

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// Change is one entry to append, with an optional precondition.
type Change struct {
	Draft
	// Check, if set, runs inside the write transaction, after every earlier
	// change of the same Append and before this one is sequenced. It sees
	// the state those changes produced. An error aborts the whole Append,
	// which then changes nothing; the error is returned to the caller as is.
	Check func(ctx context.Context, q Querier) error
	// Bind, if set, runs inside the write transaction, before Check, with
	// the sequence number this change's entry gets, and returns the payload
	// logged in place of Draft.Payload. The entries of one Append are
	// numbered consecutively, so a payload may name the entry of an earlier
	// change of the same Append by its sequence number: seq minus its
	// distance (an alert naming the conflict record it is raised with). An
	// error aborts the whole Append, as Check's does. Its payload is
	// canonicalised by the sequencer, not the caller: keep Bind for what
	// needs it.
	Bind func(seq int64) (any, error)
}

// Backend is the durable store behind the sequencer. Its implementations
// (SQLite, PostgreSQL) live in package store.
type Backend interface {
	// Begin starts the transaction in which one batch is written.
	Begin(ctx context.Context) (BatchTx, error)
}

// BatchTx is the transaction of one batch. Every Put of a batch is durable
// once Commit returns nil, and none is if it fails.
type BatchTx interface {
	Querier
	// Savepoint, Release and RollbackTo bracket one Append within the batch,
	// so that a failing Append leaves the others in place.
	Savepoint(ctx context.Context) error
	Release(ctx context.Context) error
	RollbackTo(ctx context.Context) error
	// Projects reports whether entries of kind have a projection, which
	// Put applies and which may fail for one Append alone.
	Projects(kind string) bool
	// Put stores an entry (its canonical bytes and commitment) and applies
	// its projection to the domain tables.
	Put(ctx context.Context, e *Entry, canonical []byte, commitment tlog.Hash) error
	// PutHashes stores tree hashes starting at storage index start.
	PutHashes(ctx context.Context, start int64, hashes []tlog.Hash) error
	Commit() error
	Rollback() error
}

// ErrClosed is returned by Append after the sequencer was closed.
var ErrClosed = errors.New("ledger: sequencer closed")

// Sequencer appends entries with group commit: concurrent Appends are
// collected into one batch, written in one transaction and made durable by
// one commit (one fsync). Each Append is all-or-nothing on its own.
//
// Append MUST NOT return an index before the entry is durably committed.
type Sequencer struct {
	backend  Backend
	hashes   *HashStore
	now      func() time.Time
	log      *slog.Logger
	onCommit func([]*Entry)
	observe  BatchObserver

	requests chan *appendRequest
	mu       sync.RWMutex // guards closed against sends on requests
	closed   bool
	done     chan struct{}
	lastTime time.Time
	maxBatch int
	halted   haltSlot    // see Halt (halt.go)
	parties  partyGuards // see SequencerOptions.Parties and SetParties (parties.go)
}

type appendRequest struct {
	ctx      context.Context
	changes  []Change
	payloads [][]byte // canonical payloads, prepared by the caller
	entries  []*Entry
	err      error
	done     chan struct{}
}

// SequencerOptions tune a Sequencer. Zero values take the defaults.
type SequencerOptions struct {
	Now      func() time.Time // clock; default time.Now
	Logger   *slog.Logger
	MaxBatch int // most changes in one transaction; default 4096
	// OnCommit is called, in log order, with the entries of each committed
	// batch, after they are durable and published. It must not block long.
	OnCommit func([]*Entry)
	// LastTime is the time of the last entry in the log: entry times never
	// go backwards even if the clock does.
	LastTime time.Time
	// Parties, if not empty, are the only parties in whose name entries
	// may be appended: on a party node of a federation, its own party and
	// the parties it hosts. Append refuses any other Draft.Party with
	// ErrOtherParty, writing nothing. Empty (a hosted node) allows every
	// party.
	Parties []string
	// Observer, if not nil, is told of every committed batch (the node's
	// metrics).
	Observer BatchObserver
}

// NewSequencer starts a sequencer writing to backend, with hashes holding
// the current tree. Close stops it.
func NewSequencer(backend Backend, hashes *HashStore, opts SequencerOptions) *Sequencer {
	s := &Sequencer{
		backend:  backend,
		hashes:   hashes,
		now:      opts.Now,
		log:      opts.Logger,
		onCommit: opts.OnCommit,
		requests: make(chan *appendRequest, 1024),
		done:     make(chan struct{}),
		lastTime: opts.LastTime,
		maxBatch: opts.MaxBatch,
		observe:  opts.Observer,
	}
	if s.observe == nil {
		s.observe = nopObserver{}
	}
	s.parties.set(opts.Parties)
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxBatch <= 0 {
		s.maxBatch = 4096
	}
	go s.run()
	return s
}

// Append sequences changes as one all-or-nothing write and returns the
// entries once they are durable. It returns the first precondition or
// validation error unchanged, a *fault.RefusalError of kind ErrOtherParty
// for a change in the name of a party the log does not speak for
// (SequencerOptions.Parties), ErrClosed after Close, a *HaltedError
// (ErrHalted) after Halt, or the context's error
// if ctx ends before the write is sequenced (after that point the write
// completes regardless, and its outcome is returned).
func (s *Sequencer) Append(ctx context.Context, changes ...Change) ([]*Entry, error) {
	return s.Submit(ctx, changes...)()
}

// Submit queues changes as one all-or-nothing write, as Append does, and
// returns without waiting for it: wait blocks until the write is durable
// (or refused) and returns what Append would. Writes are sequenced in the
// order their Submit calls returned, so a caller that submits under its
// own lock orders its writes without holding that lock across the commit.
// An error found before queueing (validation, ErrClosed, ErrHalted, ctx
// ended while the queue was full) is returned by wait.
func (s *Sequencer) Submit(ctx context.Context, changes ...Change) (wait func() ([]*Entry, error)) {
	fail := func(err error) func() ([]*Entry, error) { return func() ([]*Entry, error) { return nil, err } }
	if len(changes) == 0 {
		return fail(nil)
	}
	if err := s.refuse(changes); err != nil {
		return fail(err)
	}
	payloads := make([][]byte, len(changes))
	for i := range changes {
		if err := changes[i].Validate(); err != nil {
			return fail(err)
		}
		if err := s.parties.get().check(&changes[i].Draft); err != nil {
			return fail(err)
		}
		if changes[i].Bind != nil {
			continue // prepared in the transaction (applyRequest)
		}
		p, err := changes[i].prepare()
		if err != nil {
			return fail(err)
		}
		payloads[i] = p
	}
	req := &appendRequest{ctx: ctx, changes: changes, payloads: payloads, done: make(chan struct{})}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return fail(ErrClosed)
	}
	select {
	case s.requests <- req:
	case <-ctx.Done():
		s.mu.RUnlock()
		return fail(ctx.Err())
	}
	s.mu.RUnlock()
	return func() ([]*Entry, error) {
		<-req.done
		return req.entries, req.err
	}
}

// Close stops accepting appends, finishes those already queued and waits
// for the last batch to commit.
func (s *Sequencer) Close() {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.requests)
	}
	s.mu.Unlock()
	<-s.done
}

func (s *Sequencer) run() {
	defer close(s.done)
	for first := range s.requests {
		batch := []*appendRequest{first}
		n := len(first.changes)
	collect:
		for n < s.maxBatch {
			select {
			case r, ok := <-s.requests:
				if !ok {
					break collect
				}
				batch = append(batch, r)
				n += len(r.changes)
			default:
				break collect
			}
		}
		s.commitBatch(batch)
	}
}

func (s *Sequencer) commitBatch(batch []*appendRequest) {
	ctx := context.Background() // a batch is not cancelled by one caller
	start := time.Now()
	fail := func(err error) {
		for _, r := range batch {
			if r.err == nil {
				r.err = err
			}
			r.entries = nil
			close(r.done)
		}
	}
	tx, err := s.backend.Begin(ctx)
	if err != nil {
		fail(fmt.Errorf("ledger: begin batch: %w", err))
		return
	}
	seq := s.hashes.Size()
	var leaves []tlog.Hash
	var committed []*Entry
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.err = err // caller gave up before its write was sequenced
			continue
		}
		entries, rleaves, err := s.applyRequest(ctx, tx, r, seq)
		if err != nil {
			r.err = err
			continue
		}
		r.entries = entries
		leaves = append(leaves, rleaves...)
		committed = append(committed, entries...)
		seq += int64(len(entries))
	}
	if len(leaves) == 0 {
		_ = tx.Rollback()
		for _, r := range batch {
			close(r.done)
		}
		return
	}
	pending, err := s.hashes.Prepare(leaves)
	if err == nil {
		err = tx.PutHashes(ctx, pending.Start, pending.Hashes)
	}
	var commitTook time.Duration
	if err == nil {
		commitStart := time.Now()
		err = tx.Commit()
		commitTook = time.Since(commitStart)
	} else {
		_ = tx.Rollback()
	}
	s.observe.BatchCommitted(len(leaves), time.Since(start), commitTook, err)
	if err != nil {
		s.log.Error("ledger: batch commit failed", "entries", len(leaves), "err", err)
		fail(fmt.Errorf("ledger: commit: %w", err))
		return
	}
	if err := s.hashes.Publish(pending); err != nil {
		// Durable but not published: the in-memory tree is wrong. Stop
		// serving rather than sign a checkpoint that omits entries.
		panic(err)
	}
	s.lastTime = committed[len(committed)-1].TimeValue()
	if s.onCommit != nil {
		s.onCommit(committed)
	}
	for _, r := range batch {
		close(r.done)
	}
}

// applyRequest writes one Append inside a savepoint and returns its entries
// and their commitments.
func (s *Sequencer) applyRequest(ctx context.Context, tx BatchTx, r *appendRequest, seq int64) ([]*Entry, []tlog.Hash, error) {
	// A savepoint lets one failing Append leave the rest of the batch in
	// place. A single change without a projection needs none: its Check
	// runs before it writes, and a failing insert fails the whole batch.
	savepoint := len(r.changes) > 1 || tx.Projects(r.changes[0].Kind)
	if savepoint {
		if err := tx.Savepoint(ctx); err != nil {
			return nil, nil, fmt.Errorf("ledger: savepoint: %w", err)
		}
	}
	entries := make([]*Entry, 0, len(r.changes))
	leaves := make([]tlog.Hash, 0, len(r.changes))
	lastTime := s.lastTime
	for i := range r.changes {
		c := &r.changes[i]
		err := func() error {
			payload := r.payloads[i]
			if c.Bind != nil {
				v, err := c.Bind(seq + int64(i))
				if err != nil {
					return err
				}
				d := c.Draft
				d.Payload = v
				if payload, err = d.prepare(); err != nil {
					return err
				}
			}
			if c.Check != nil {
				if err := c.Check(ctx, tx); err != nil {
					return err
				}
			}
			if a, ok := tx.(Annotator); ok {
				var err error
				if payload, err = a.Annotate(ctx, &c.Draft, payload); err != nil {
					return err
				}
			}
			now := s.now().Round(0) // wall clock only: a stepped-back clock must not reorder times
			if now.Before(lastTime) {
				now = lastTime
			}
			e, canon, err := c.seal(payload, seq+int64(i), now)
			if err != nil {
				return err
			}
			commitment := Commitment(canon)
			if err := tx.Put(ctx, e, canon, commitment); err != nil {
				return err
			}
			lastTime = now
			entries = append(entries, e)
			leaves = append(leaves, commitment)
			return nil
		}()
		if err != nil {
			if !savepoint {
				return nil, nil, err // one change: nothing of it stands
			}
			if rbErr := tx.RollbackTo(ctx); rbErr != nil {
				return nil, nil, errors.Join(err, fmt.Errorf("ledger: rollback to savepoint: %w", rbErr))
			}
			return nil, nil, err
		}
	}
	if savepoint {
		if err := tx.Release(ctx); err != nil {
			return nil, nil, fmt.Errorf("ledger: release savepoint: %w", err)
		}
	}
	s.lastTime = lastTime
	return entries, leaves, nil
}

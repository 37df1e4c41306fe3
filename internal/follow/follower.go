// Package follow lets several processes append to one PostgreSQL log: the
// Follower (a ledger.Backend) sequences under the store's lock, catches the
// in-memory tree up with what other processes committed, verifying each
// entry and tree hash, and tails the log between writes. The SQL it runs is
// the store's (store.SequencingTx, ReadEntriesFrom, ReadTreeHashes,
// ListenCommits).
package follow

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/store"
)

// Follower lets several processes append to one PostgreSQL log. Each
// process runs its own ledger.Sequencer (group commit) with a Follower as
// its Backend:
//
//   - Begin takes a transaction-scoped advisory lock on the log, so exactly
//     one process sequences a batch at a time; the others wait for it. A
//     process that dies mid-batch loses its transaction and its lock
//     together, so the next holder sees only committed entries: nothing is
//     lost or duplicated (seq and idx are primary keys as a last fence).
//   - Under that lock, before sequencing, Begin catches the process's
//     in-memory tree up with entries other processes committed, checking
//     each commitment against its canonical bytes and every recomputed tree
//     hash against the stored one.
//   - Run tails the log between writes (LISTEN/NOTIFY, with polling as a
//     fallback), so that each process's tree and live stream follow the log
//     within milliseconds even if the process writes nothing.
//
// Every entry of the log is delivered exactly once, in log order, to the
// deliver function given to [New]: entries committed by this
// process (through [Follower.OnCommit], which MUST be the sequencer's
// OnCommit) and entries committed by others (through catching up).
//
// If the database's log ever disagrees with the tree (a tampered or forked
// store), the Follower stops: every later Begin and CatchUp returns an
// error wrapping ErrDiverged.
type Follower struct {
	db      *store.DB
	hashes  *ledger.HashStore
	deliver func([]*ledger.Entry)
	log     *slog.Logger

	// mu is held while catching up, and by a local batch from Begin until
	// it is published (OnCommit) or abandoned (Rollback or a failed
	// Commit): only its holder publishes to hashes.
	mu      sync.Mutex
	pending bool  // a committed local batch awaits OnCommit; guarded by mu
	broken  error // guarded by mu
}

// ErrDiverged is returned (wrapped) once the database's log differs from the
// tree a Follower holds.
var ErrDiverged = errors.New("follow: the database's log diverges from the verified tree")

// New returns a Follower keeping hashes (loaded from d) in step with d's
// log and delivering every newly seen entry to deliver (may be nil); logger
// nil means slog.Default(). It returns an error if d is not PostgreSQL.
func New(d *store.DB, hashes *ledger.HashStore, deliver func([]*ledger.Entry), logger *slog.Logger) (*Follower, error) {
	if d.Engine != store.Postgres {
		return nil, fmt.Errorf("follow: several processes per log need PostgreSQL, not %s", d.Engine)
	}
	if logger == nil {
		logger = slog.Default()
	}
	return &Follower{db: d, hashes: hashes, deliver: deliver, log: logger}, nil
}

// Begin implements ledger.Backend: it starts a batch's transaction, waits
// for the log's advisory lock and catches the tree up before returning.
func (f *Follower) Begin(ctx context.Context) (ledger.BatchTx, error) {
	f.mu.Lock()
	if f.broken != nil {
		f.mu.Unlock()
		return nil, f.broken
	}
	tx, err := f.db.BeginSequencing(ctx)
	if err != nil {
		f.mu.Unlock()
		return nil, err
	}
	if err := f.catchUpLocked(ctx, tx.Querier()); err != nil {
		tx.Rollback()
		f.mu.Unlock()
		return nil, err
	}
	return &followTx{SequencingTx: tx, f: f}, nil
}

// OnCommit is the sequencer's OnCommit: it delivers a local batch and lets
// catching up resume.
func (f *Follower) OnCommit(entries []*ledger.Entry) {
	if f.deliver != nil {
		f.deliver(entries)
	}
	if f.pending {
		f.pending = false
		f.mu.Unlock()
	}
}

// followTx is a local batch: it keeps the Follower's lock from Begin
// until the batch is published or abandoned.
type followTx struct {
	*store.SequencingTx
	f        *Follower
	released bool
}

// Commit notifies the other processes (delivered at commit) and commits.
// On success the Follower's lock stays held until OnCommit.
func (t *followTx) Commit() error {
	if err := t.SequencingTx.Commit(); err != nil {
		t.release()
		return err
	}
	t.f.pending = true
	return nil
}

// Rollback abandons the batch and releases the Follower's lock.
func (t *followTx) Rollback() error {
	err := t.SequencingTx.Rollback()
	t.release()
	return err
}

func (t *followTx) release() {
	if !t.released {
		t.released = true
		t.f.mu.Unlock()
	}
}

// CatchUp publishes to the tree, and delivers, every entry that other
// processes committed since the tree was last extended. It returns how many
// entries it added, or an error wrapping ErrDiverged if the log disagrees
// with the tree.
func (f *Follower) CatchUp(ctx context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.broken != nil {
		return 0, f.broken
	}
	before := f.hashes.Size()
	err := f.catchUpLocked(ctx, f.db.SQL)
	return int(f.hashes.Size() - before), err
}

// catchUpLocked reads new entries through q in chunks, verifies them and
// publishes them. f.mu is held.
func (f *Follower) catchUpLocked(ctx context.Context, q ledger.Querier) error {
	const chunk = 4096
	for {
		size := f.hashes.Size()
		var entries []*ledger.Entry
		var leaves []tlog.Hash
		err := f.db.ReadEntriesFrom(ctx, q, size, chunk, func(se ledger.StoredEntry) error {
			if want := size + int64(len(leaves)); se.Seq != want {
				return f.diverged(fmt.Errorf("entry %d follows entry %d", se.Seq, want-1))
			}
			if ledger.Commitment(se.Canonical) != se.Commitment {
				return f.diverged(fmt.Errorf("entry %d does not match its commitment", se.Seq))
			}
			e, err := ledger.DecodeEntry(se.Canonical)
			if err != nil {
				return f.diverged(fmt.Errorf("entry %d: %w", se.Seq, err))
			}
			entries = append(entries, e)
			leaves = append(leaves, se.Commitment)
			return nil
		})
		if errors.Is(err, store.ErrTampered) && !errors.Is(err, ErrDiverged) {
			err = f.diverged(err) // a row that fails the store's own check
		}
		if err != nil {
			return fmt.Errorf("follow: catch up from entry %d: %w", size, err)
		}
		if len(leaves) == 0 {
			return nil
		}
		pending, err := f.hashes.Prepare(leaves)
		if err != nil {
			return err
		}
		stored, err := store.ReadTreeHashes(ctx, q, pending.Start, int64(len(pending.Hashes)))
		if err != nil {
			return fmt.Errorf("follow: catch up: tree hashes from %d: %w", pending.Start, err)
		}
		for i, h := range pending.Hashes {
			if i >= len(stored) || stored[i] != h {
				return fmt.Errorf("follow: catch up: %w", f.diverged(fmt.Errorf("stored tree hash %d is missing or differs from the recomputed one", pending.Start+int64(i))))
			}
		}
		if err := f.hashes.Publish(pending); err != nil {
			return err
		}
		if f.deliver != nil {
			f.deliver(entries)
		}
		if len(leaves) < chunk {
			return nil
		}
	}
}

// diverged marks f broken by err, for good. f.mu is held.
func (f *Follower) diverged(err error) error {
	f.broken = fmt.Errorf("%w: %w", ErrDiverged, err)
	f.log.Error("refusing to follow the log", "err", f.broken)
	return f.broken
}

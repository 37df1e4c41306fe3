package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
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
// deliver function given to [DB.NewFollower]: entries committed by this
// process (through [Follower.OnCommit], which MUST be the sequencer's
// OnCommit) and entries committed by others (through catching up).
//
// If the database's log ever disagrees with the tree (a tampered or forked
// store), the Follower stops: every later Begin and CatchUp returns an
// error wrapping ErrDiverged.
type Follower struct {
	db      *DB
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
var ErrDiverged = errors.New("store: the database's log diverges from the verified tree")

// NewFollower returns a Follower keeping hashes (loaded from d) in step with
// d's log and delivering every newly seen entry to deliver (may be nil). It
// returns an error if d is not PostgreSQL.
func (d *DB) NewFollower(hashes *ledger.HashStore, deliver func([]*ledger.Entry), logger *slog.Logger) (*Follower, error) {
	if d.Engine != Postgres {
		return nil, fmt.Errorf("store: several processes per log need PostgreSQL, not %s", d.Engine)
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
	tx, err := f.db.SQL.BeginTx(ctx, nil)
	if err != nil {
		f.mu.Unlock()
		return nil, fmt.Errorf("store: begin batch: %w", err)
	}
	err = func() error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, f.db.lockKey); err != nil {
			return fmt.Errorf("store: wait for the sequencing lock: %w", err)
		}
		return f.catchUpLocked(ctx, tx)
	}()
	if err != nil {
		tx.Rollback()
		f.mu.Unlock()
		return nil, err
	}
	return &followTx{batchTx: &batchTx{Tx: tx}, f: f}, nil
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

type followTx struct {
	*batchTx
	f        *Follower
	released bool
}

// Commit notifies the other processes (delivered at commit) and commits.
// On success the Follower's lock stays held until OnCommit.
func (t *followTx) Commit() error {
	if _, err := t.Tx.Exec(`SELECT pg_notify($1, '')`, t.f.db.channel); err != nil {
		t.Tx.Rollback()
		t.release()
		return fmt.Errorf("store: notify: %w", err)
	}
	if err := t.Tx.Commit(); err != nil {
		t.release()
		return err
	}
	t.f.pending = true
	return nil
}

func (t *followTx) Rollback() error {
	err := t.Tx.Rollback()
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
		err := f.db.scanEntries(ctx, q, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`,
			[]any{size, chunk}, func(se StoredEntry) error {
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
		if errors.Is(err, ErrTampered) && !errors.Is(err, ErrDiverged) {
			err = f.diverged(err) // a row that fails the store's own check
		}
		if err != nil {
			return fmt.Errorf("store: catch up from entry %d: %w", size, err)
		}
		if len(leaves) == 0 {
			return nil
		}
		pending, err := f.hashes.Prepare(leaves)
		if err != nil {
			return err
		}
		stored, err := readHashColumnFrom(ctx, q, pending.Start, int64(len(pending.Hashes)))
		if err != nil {
			return fmt.Errorf("store: catch up: tree hashes from %d: %w", pending.Start, err)
		}
		for i, h := range pending.Hashes {
			if i >= len(stored) || stored[i] != h {
				return fmt.Errorf("store: catch up: %w", f.diverged(fmt.Errorf("stored tree hash %d is missing or differs from the recomputed one", pending.Start+int64(i))))
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

func (f *Follower) diverged(err error) error {
	f.broken = fmt.Errorf("%w: %w", ErrDiverged, err)
	f.log.Error("refusing to follow the log", "err", f.broken)
	return f.broken
}

// readHashColumnFrom reads n stored tree hashes from storage index start.
func readHashColumnFrom(ctx context.Context, q ledger.Querier, start, n int64) ([]tlog.Hash, error) {
	rows, err := q.QueryContext(ctx, `SELECT idx, hash FROM log_hashes WHERE idx >= $1 AND idx < $2 ORDER BY idx`, start, start+n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tlog.Hash
	for rows.Next() {
		var idx int64
		var b []byte
		if err := rows.Scan(&idx, &b); err != nil {
			return nil, err
		}
		if idx != start+int64(len(out)) || len(b) != tlog.HashSize {
			return nil, fmt.Errorf("tree hash row %d missing or malformed", start+int64(len(out)))
		}
		out = append(out, tlog.Hash(b))
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// The SQL that lets several processes append to one PostgreSQL log: the
// sequencing lock, the commit notification, reading entries and tree hashes
// from a position. The protocol built on it (catching up, verifying,
// tailing) is package follow's.

// SequencingTx is a batch transaction holding the log's sequencing lock (a
// transaction-scoped advisory lock: it ends with the transaction, so a
// process that dies mid-batch releases it). It implements ledger.BatchTx.
type SequencingTx struct {
	*batchTx
	channel string
}

// BeginSequencing starts a batch transaction and waits for the log's
// sequencing lock. It returns an error if d is not PostgreSQL or the lock
// cannot be had (ctx ended).
func (d *DB) BeginSequencing(ctx context.Context) (*SequencingTx, error) {
	if d.Engine != Postgres {
		return nil, fmt.Errorf("store: several processes per log need PostgreSQL, not %s", d.Engine)
	}
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin batch: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, d.lockKey); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("store: wait for the sequencing lock: %w", err)
	}
	return &SequencingTx{batchTx: &batchTx{Tx: tx, d: d}, channel: d.channel}, nil
}

// Querier returns the transaction, to read the log under the lock.
func (t *SequencingTx) Querier() ledger.Querier { return t.Tx }

// Commit notifies the log's listeners (delivered at commit) and commits.
// If the notification fails, it rolls back and returns the error.
func (t *SequencingTx) Commit() error {
	if _, err := t.Tx.Exec(`SELECT pg_notify($1, '')`, t.channel); err != nil {
		t.Tx.Rollback()
		return fmt.Errorf("store: notify: %w", err)
	}
	return t.Tx.Commit()
}

// ReadEntriesFrom calls fn with up to n entries from seq from on, in log
// order, read through q and each checked as ScanEntries checks them (a row
// that fails ends the read with a *TamperError wrapping ErrTampered).
func (d *DB) ReadEntriesFrom(ctx context.Context, q ledger.Querier, from int64, n int, fn func(ledger.StoredEntry) error) error {
	return d.scanEntries(ctx, q, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`, []any{from, n}, fn)
}

// ReadTreeHashes reads the n stored tree hashes from storage index start
// through q. It returns an error if one is missing or malformed.
func ReadTreeHashes(ctx context.Context, q ledger.Querier, start, n int64) ([]tlog.Hash, error) {
	rows, err := q.QueryContext(ctx, `SELECT idx, hash FROM log_hashes WHERE idx >= $1 AND idx < $2 ORDER BY idx`, start, start+n)
	if err != nil {
		return nil, fmt.Errorf("store: read tree hashes: %w", err)
	}
	defer rows.Close()
	var out []tlog.Hash
	for rows.Next() {
		var idx int64
		var b []byte
		if err := rows.Scan(&idx, &b); err != nil {
			return nil, fmt.Errorf("store: read tree hashes: %w", err)
		}
		if idx != start+int64(len(out)) || len(b) != tlog.HashSize {
			return nil, fmt.Errorf("store: tree hash row %d missing or malformed", start+int64(len(out)))
		}
		out = append(out, tlog.Hash(b))
	}
	return out, rows.Err()
}

// ListenCommits opens a dedicated connection listening for the commit
// notifications of d's log (SequencingTx.Commit sends them). The caller
// waits on it with WaitForNotification and closes it.
func (d *DB) ListenCommits(ctx context.Context) (*pgx.Conn, error) {
	if d.Engine != Postgres {
		return nil, fmt.Errorf("store: commit notifications need PostgreSQL, not %s", d.Engine)
	}
	c, err := pgx.Connect(ctx, d.dsn)
	if err != nil {
		return nil, classify(err, d.dsn, "listen")
	}
	if _, err := c.Exec(ctx, `LISTEN `+pgx.Identifier{d.channel}.Sanitize()); err != nil {
		c.Close(context.Background())
		return nil, classify(err, d.dsn, "listen")
	}
	return c, nil
}

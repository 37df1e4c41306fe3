package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
	"truce/internal/ledger"
)

// Begin implements ledger.Backend: it starts the write transaction of one
// batch (BEGIN IMMEDIATE on SQLite).
func (d *DB) Begin(ctx context.Context) (ledger.BatchTx, error) {
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &batchTx{Tx: tx, d: d, positional: d.Engine != Postgres}, nil
}

type batchTx struct {
	*sql.Tx
	d *DB
	// positional is set on SQLite, where "?" parameters bind by position;
	// "$N" ones are looked up by name, one linear search per argument,
	// which dominates an 800-argument multi-row INSERT.
	positional bool
	// Statements prepared once per batch: a batch runs thousands of them.
	savepoint, release, insert *sql.Stmt
}

func (b *batchTx) stmt(ctx context.Context, s **sql.Stmt, query string) (*sql.Stmt, error) {
	if *s == nil {
		st, err := b.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		*s = st
	}
	return *s, nil
}

func (b *batchTx) Savepoint(ctx context.Context) error {
	st, err := b.stmt(ctx, &b.savepoint, "SAVEPOINT append")
	if err == nil {
		_, err = st.ExecContext(ctx)
	}
	return err
}

func (b *batchTx) Release(ctx context.Context) error {
	st, err := b.stmt(ctx, &b.release, "RELEASE SAVEPOINT append")
	if err == nil {
		_, err = st.ExecContext(ctx)
	}
	return err
}

func (b *batchTx) RollbackTo(ctx context.Context) error {
	if _, err := b.ExecContext(ctx, "ROLLBACK TO SAVEPOINT append"); err != nil {
		return err
	}
	return b.Release(ctx)
}

func (b *batchTx) Projects(kind string) bool {
	_, ok := projectors[kind]
	return ok
}

func (b *batchTx) Put(ctx context.Context, e *ledger.Entry, canonical []byte, commitment tlog.Hash) error {
	query := `INSERT INTO log_entries (seq, canonical, commitment, kind, subject, party, tlp, audience, time)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`
	if b.positional {
		query = `INSERT INTO log_entries (seq, canonical, commitment, kind, subject, party, tlp, audience, time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	}
	st, err := b.stmt(ctx, &b.insert, query)
	if err != nil {
		return err
	}
	aud := ""
	if len(e.Release.Audience) > 0 {
		aud = "," + strings.Join(e.Release.Audience, ",") + ","
	}
	if err := refuseHeldByPeer(ctx, b.Tx, e); err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, e.Seq, canonical, commitment[:], e.Kind, e.Subject, e.Party, string(e.Release.TLP), aud, e.Time); err != nil {
		return fmt.Errorf("store: insert entry %d: %w", e.Seq, err)
	}
	return project(ctx, b.Tx, e)
}

func (b *batchTx) PutHashes(ctx context.Context, start int64, hashes []tlog.Hash) error {
	return putHashes(ctx, b.Tx, b.positional, start, hashes)
}

func putHashes(ctx context.Context, q ledger.Querier, positional bool, start int64, hashes []tlog.Hash) error {
	// Multi-row inserts: one statement per 400 hashes keeps well under
	// SQLite's parameter limit and is much faster than one per hash.
	const chunk = 400
	for off := 0; off < len(hashes); off += chunk {
		part := hashes[off:min(off+chunk, len(hashes))]
		args := make([]any, 0, 2*len(part))
		for i, h := range part {
			args = append(args, start+int64(off+i), h[:])
		}
		if _, err := q.ExecContext(ctx, insertHashesSQL(len(part), positional), args...); err != nil {
			return fmt.Errorf("store: insert hashes at %d: %w", start+int64(off), err)
		}
	}
	return nil
}

// insertHashesSQL returns the multi-row INSERT for n hashes, with "?" or
// "$N" parameters, built once per n: every batch needs one.
func insertHashesSQL(n int, positional bool) string {
	key := [2]any{n, positional}
	if q, ok := insertHashesCache.Load(key); ok {
		return q.(string)
	}
	var sb strings.Builder
	sb.WriteString("INSERT INTO log_hashes (idx, hash) VALUES ")
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		if positional {
			sb.WriteString("(?, ?)")
			continue
		}
		sb.WriteString("($")
		sb.WriteString(strconv.Itoa(2*i + 1))
		sb.WriteString(", $")
		sb.WriteString(strconv.Itoa(2*i + 2))
		sb.WriteByte(')')
	}
	q := sb.String()
	insertHashesCache.Store(key, q)
	return q
}

var insertHashesCache sync.Map // [n, positional] -> string

// LoadTree reads every commitment and stored hash, for the in-memory
// ledger.HashStore, checking that the rows are contiguous.
func (d *DB) LoadTree(ctx context.Context) (commitments, hashes []tlog.Hash, err error) {
	commitments, err = readHashColumn(ctx, d.SQL, `SELECT seq, commitment FROM log_entries ORDER BY seq`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: load commitments: %w", err)
	}
	hashes, err = readHashColumn(ctx, d.SQL, `SELECT idx, hash FROM log_hashes ORDER BY idx`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: load tree hashes: %w", err)
	}
	return commitments, hashes, nil
}

func readHashColumn(ctx context.Context, q ledger.Querier, query string, args ...any) ([]tlog.Hash, error) {
	rows, err := q.QueryContext(ctx, query, args...)
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
		if idx != int64(len(out)) {
			return nil, fmt.Errorf("row %d missing (next row is %d)", len(out), idx)
		}
		if len(b) != tlog.HashSize {
			return nil, fmt.Errorf("row %d holds %d bytes, not a 32-byte hash", idx, len(b))
		}
		out = append(out, tlog.Hash(b))
	}
	return out, rows.Err()
}

// Entry returns the stored entry seq, checked; an error wrapping fault.ErrNotFound if there is
// none, or an error matching ErrTampered if its row fails its check.
func (d *DB) Entry(ctx context.Context, seq int64) (*ledger.StoredEntry, error) {
	var out *ledger.StoredEntry
	err := d.scanEntries(ctx, d.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE seq = $1`, []any{seq}, func(se ledger.StoredEntry) error {
		out = &se
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: entry %d: %w", seq, err)
	}
	if out == nil {
		return nil, fmt.Errorf("store: %w", fault.ErrNotFound)
	}
	return out, nil
}

// EntriesBySubject returns the stored entries about subject, checked, in
// log order; it fails (ErrTampered) if any of their rows fails its check.
func (d *DB) EntriesBySubject(ctx context.Context, subject string) ([]ledger.StoredEntry, error) {
	var out []ledger.StoredEntry
	err := d.scanEntries(ctx, d.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE subject = $1 ORDER BY seq`, []any{subject}, func(se ledger.StoredEntry) error {
		out = append(out, se)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: entries of %s: %w", subject, err)
	}
	return out, nil
}

// ScanEntries calls fn for every stored entry from seq from on, in order,
// each checked first; it stops at fn's first error, or at the first row
// that fails its check (ErrTampered), and returns it.
func (d *DB) ScanEntries(ctx context.Context, from int64, fn func(ledger.StoredEntry) error) error {
	return d.scanEntries(ctx, d.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq`, []any{from}, fn)
}

// scanEntries runs query, which selects entryColumns, checks every row
// (entryRow.verify, against the tree CheckReadsAgainst installed) and calls
// fn with it. A row that fails its check is reported to the tamper hook
// and ends the scan with its *TamperError: nothing altered is returned.
func (d *DB) scanEntries(ctx context.Context, q ledger.Querier, query string, args []any, fn func(ledger.StoredEntry) error) error {
	g := d.guard.p.Load()
	var leaves Leaves
	if g != nil {
		leaves = g.leaves
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r entryRow
		if err := r.scan(rows); err != nil {
			return err
		}
		se, err := r.verify(leaves, false)
		if err != nil {
			var te *TamperError
			if g != nil && g.tampered != nil && errors.As(err, &te) {
				g.tampered(te)
			}
			return err
		}
		if err := fn(se); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SaveCheckpoint implements ledger.CheckpointStore.
func (d *DB) SaveCheckpoint(ctx context.Context, c *ledger.SignedCheckpoint) error {
	cos := []byte{}
	for _, l := range c.Cosignatures {
		cos = append(cos, l...)
	}
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save checkpoint %d: %w", c.N, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO log_checkpoints (size, root, signed, cosignatures, created) VALUES ($1, $2, $3, $4, $5)`,
		c.N, c.Hash[:], c.Signed, cos, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("store: save checkpoint %d: %w", c.N, err)
	}
	if err := recordCosignatures(ctx, tx, c.Origin, c.N, c.Note(), ownCosignatures(c)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save checkpoint %d: commit: %w", c.N, err)
	}
	return nil
}

// LatestCheckpoint implements ledger.CheckpointStore.
func (d *DB) LatestCheckpoint(ctx context.Context) (*ledger.SignedCheckpoint, error) {
	var size int64
	var root, signed, cos []byte
	err := d.SQL.QueryRowContext(ctx, `SELECT size, root, signed, cosignatures FROM log_checkpoints ORDER BY size DESC, id DESC LIMIT 1`).Scan(&size, &root, &signed, &cos)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: latest checkpoint: %w", err)
	}
	return storedCheckpoint(size, signed, cos)
}

// storedCheckpoint parses a log_checkpoints row: the signed note and its
// cosignature lines.
func storedCheckpoint(size int64, signed, cos []byte) (*ledger.SignedCheckpoint, error) {
	text, _, _ := strings.Cut(string(signed), "\n\n")
	cp, err := ledger.ParseCheckpoint(text + "\n")
	if err != nil {
		return nil, fmt.Errorf("store: stored checkpoint %d: %w", size, err)
	}
	sc := &ledger.SignedCheckpoint{Checkpoint: cp, Signed: signed}
	for _, l := range strings.SplitAfter(string(cos), "\n") {
		if l != "" {
			sc.Cosignatures = append(sc.Cosignatures, []byte(l))
		}
	}
	return sc, nil
}

// Checkpoints returns every stored checkpoint, oldest first.
func (d *DB) Checkpoints(ctx context.Context) ([]ledger.SignedCheckpoint, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT size, signed FROM log_checkpoints ORDER BY size, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.SignedCheckpoint
	for rows.Next() {
		var sc ledger.SignedCheckpoint
		if err := rows.Scan(&sc.N, &sc.Signed); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"truce/internal/ledger"
)

// Rebuild replays every entry of src into the projection tables of dst, a
// freshly migrated database with empty projections: the own log, and the
// mirrored entries src applied (local_mirror_applied), interleaved in the
// order src applied them. Projections depend only on entries, so dst ends
// up identical to what src's tables should be. Every own entry is checked
// as it is read (ErrTampered); a mirrored one was verified against its
// origin's checkpoint when it was stored.
func Rebuild(ctx context.Context, src, dst *DB, progress func(done, total int64)) error {
	return rebuild(ctx, src, src.SQL, dst, progress)
}

// rebuild is Rebuild reading src's entries through q (src.SQL or a
// snapshot's transaction). It reads both logs in pages, so that no result
// set stays open while the other is read (one snapshot transaction is one
// connection).
func rebuild(ctx context.Context, src *DB, q ledger.Querier, dst *DB, progress func(done, total int64)) error {
	var total int64
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&total); err != nil {
		return fmt.Errorf("store: rebuild: %w", err)
	}
	tx, err := dst.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: rebuild: %w", err)
	}
	defer tx.Rollback()
	if err := replayInto(ctx, src, q, tx, total, progress); err != nil {
		return err
	}
	return tx.Commit()
}

// replayInto projects into tx every own entry of src (read through q) and
// every mirrored entry src applied, in the order src applied them; total
// is the number of own entries, for progress.
func replayInto(ctx context.Context, src *DB, q ledger.Querier, tx *sql.Tx, total int64, progress func(done, total int64)) error {
	mirrored := &mirrorReplay{q: q, next: MirrorBase}
	var done, from int64
	for {
		var page []*ledger.Entry
		err := src.scanEntries(ctx, q, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT 1024`, []any{from},
			func(se ledger.StoredEntry) error {
				page = append(page, se.Entry)
				return nil
			})
		if err != nil {
			return fmt.Errorf("store: rebuild: %w", err)
		}
		for _, e := range page {
			if err := mirrored.applyUpTo(ctx, tx, e.Seq); err != nil {
				return fmt.Errorf("store: rebuild: %w", err)
			}
			if err := project(ctx, tx, e); err != nil {
				return fmt.Errorf("store: rebuild: %w", err)
			}
			done++
			if progress != nil && (done%10000 == 0 || done == total) {
				progress(done, total)
			}
		}
		if len(page) < 1024 {
			break
		}
		from = page[len(page)-1].Seq + 1
	}
	if err := mirrored.applyUpTo(ctx, tx, math.MaxInt64); err != nil {
		return fmt.Errorf("store: rebuild: %w", err)
	}
	return nil
}

// Snapshot is a read-only view of a DB as of one moment: its log and its
// projections agree, however many writes commit meanwhile. It holds one
// read transaction (deferred on SQLite, REPEATABLE READ on PostgreSQL),
// which blocks no writer; Close it soon.
type Snapshot struct {
	db *DB
	tx *sql.Tx
}

// Snapshot opens a Snapshot of d.
func (d *DB) Snapshot(ctx context.Context) (*Snapshot, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if d.Engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := d.SQL.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("store: snapshot: %w", err)
	}
	return &Snapshot{db: d, tx: tx}, nil
}

// Close ends the snapshot's read transaction.
func (s *Snapshot) Close() error { return s.tx.Rollback() }

// Rebuild replays the snapshot's log into dst (see [Rebuild]).
func (s *Snapshot) Rebuild(ctx context.Context, dst *DB, progress func(done, total int64)) error {
	return rebuild(ctx, s.db, s.tx, dst, progress)
}

// DumpTable is [DB.DumpTable] as of the snapshot.
func (s *Snapshot) DumpTable(ctx context.Context, table string) ([]string, error) {
	return dumpTable(ctx, s.tx, table)
}

// OpenScratch returns an empty, migrated database of d's engine for a
// replay, and a function that closes and removes it: on SQLite a file in a
// new directory under dir (the system's temporary directory if empty), on
// PostgreSQL a new schema of d's database, dropped by the function.
func (d *DB) OpenScratch(ctx context.Context, dir string) (*DB, func(), error) {
	b := make([]byte, 6)
	rand.Read(b)
	name := "truce_replay_" + hex.EncodeToString(b)
	if d.Engine != Postgres {
		tmp, err := os.MkdirTemp(dir, name+"-")
		if err != nil {
			return nil, nil, fmt.Errorf("store: scratch database: %w", err)
		}
		s, err := OpenSQLite(ctx, filepath.Join(tmp, "replay.db"))
		if err != nil {
			os.RemoveAll(tmp)
			return nil, nil, err
		}
		return s, func() { s.Close(); os.RemoveAll(tmp) }, nil
	}
	if _, err := d.SQL.ExecContext(ctx, `CREATE SCHEMA `+name); err != nil {
		return nil, nil, fmt.Errorf("store: scratch schema: %w", err)
	}
	drop := func() {
		d.SQL.ExecContext(context.WithoutCancel(ctx), `DROP SCHEMA `+name+` CASCADE`)
	}
	sep := "?"
	if strings.Contains(d.dsn, "?") {
		sep = "&"
	}
	s, err := OpenPostgres(ctx, d.dsn+sep+"search_path="+name)
	if err != nil {
		drop()
		return nil, nil, err
	}
	return s, func() { s.Close(); drop() }, nil
}

// ProjectionTables lists the tables that replaying the log rebuilds.
func ProjectionTables() []string { return slices.Clone(projectionTables) }

// DumpTable returns every row of table as text, ordered by all columns, for
// comparing a projection with its replay.
func (d *DB) DumpTable(ctx context.Context, table string) ([]string, error) {
	return dumpTable(ctx, d.SQL, table)
}

func dumpTable(ctx context.Context, q ledger.Querier, table string) ([]string, error) {
	if !slices.Contains(projectionTables, table) {
		return nil, fmt.Errorf("store: %q is not a projection table", table)
	}
	rows, err := q.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = fmt.Sprintf("%x", b)
			}
			parts[i] = fmt.Sprintf("%s=%v", cols[i], v)
		}
		out = append(out, strings.Join(parts, " "))
	}
	slices.Sort(out)
	return out, rows.Err()
}

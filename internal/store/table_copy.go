package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"truce/internal/ledger"
)

// The primitives below are the SQL that package backup needs to copy a
// node between databases (of either engine) and to verify the copy; the
// copy's logic (checking, replaying, comparing) lives in backup.

// ScanEntryRange calls fn for at most n stored entries from seq from on,
// in order, each checked first (as [DB.ScanEntries] does); it stops at fn's
// first error, or at the first row that fails its check (ErrTampered), and
// returns it. Rows are read in one query, so a caller that copies the log
// in batches holds no read open between them.
func (d *DB) ScanEntryRange(ctx context.Context, from, n int64, fn func(ledger.StoredEntry) error) error {
	return d.scanEntries(ctx, d.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`, []any{from, n}, fn)
}

// EntryCount returns the number of entries in d's log.
func (d *DB) EntryCount(ctx context.Context) (int64, error) {
	var n int64
	if err := d.SQL.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count entries: %w", err)
	}
	return n, nil
}

// CheckpointRow is one stored signed checkpoint, column for column, so
// that a copy keeps its bytes and its creation time exactly.
type CheckpointRow struct {
	Size                       int64
	Root, Signed, Cosignatures []byte // Cosignatures is never nil
	Created                    string
}

// CheckpointRows returns every signed checkpoint d stores, in the order
// they were saved.
func (d *DB) CheckpointRows(ctx context.Context) ([]CheckpointRow, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT size, root, signed, cosignatures, created FROM log_checkpoints ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: checkpoints: %w", err)
	}
	defer rows.Close()
	var out []CheckpointRow
	for rows.Next() {
		var r CheckpointRow
		if err := rows.Scan(&r.Size, &r.Root, &r.Signed, &r.Cosignatures, &r.Created); err != nil {
			return nil, fmt.Errorf("store: checkpoints: %w", err)
		}
		if r.Cosignatures == nil {
			r.Cosignatures = []byte{} // an empty BLOB may scan as nil, which would bind as NULL
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: checkpoints: %w", err)
	}
	return out, nil
}

// InsertCheckpointRows appends rows to d's signed checkpoints, in order, in
// one transaction: all of them or none.
func (d *DB) InsertCheckpointRows(ctx context.Context, rows []CheckpointRow) error {
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: insert checkpoints: %w", err)
	}
	defer tx.Rollback()
	for _, c := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO log_checkpoints (size, root, signed, cosignatures, created) VALUES ($1, $2, $3, $4, $5)`,
			c.Size, c.Root, c.Signed, c.Cosignatures, c.Created); err != nil {
			return fmt.Errorf("store: insert checkpoint of size %d: %w", c.Size, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: insert checkpoints: %w", err)
	}
	return nil
}

// LocalTables lists d's node-local tables (prefixed local_), which are not
// part of the log.
func (d *DB) LocalTables(ctx context.Context) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'local\_%' ESCAPE '\' ORDER BY name`
	if d.Engine == Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'local\_%' ESCAPE '\' ORDER BY table_name`
	}
	rows, err := d.SQL.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("store: local tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("store: local tables: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: local tables: %w", err)
	}
	return out, nil
}

// CopyTableRows copies every row of src's tables into d's tables of the same
// names, column by column name, in one transaction of d (all tables or
// none), calling done after each table. On PostgreSQL, each table's
// identity columns then continue after the largest copied value. tables
// MUST be names [DB.LocalTables] returned: they are not quoted.
func (d *DB) CopyTableRows(ctx context.Context, src *DB, tables []string, done func(table string)) error {
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: copy tables: %w", err)
	}
	defer tx.Rollback()
	for _, table := range tables {
		if err := copyTable(ctx, src.SQL, tx, table); err != nil {
			return fmt.Errorf("store: copy table %s: %w", table, err)
		}
		if d.Engine == Postgres {
			if err := resetIdentities(ctx, tx, table); err != nil {
				return fmt.Errorf("store: copy table %s: identity: %w", table, err)
			}
		}
		if done != nil {
			done(table)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: copy tables: %w", err)
	}
	return nil
}

// copyTable inserts every row of src's table into dst's table of the same
// name, binding columns by the names src reports.
func copyTable(ctx context.Context, src *sql.DB, dst *sql.Tx, table string) error {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	ph := make([]string, len(cols))
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	insert := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES (` + strings.Join(ph, ", ") + `)`
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if _, err := dst.ExecContext(ctx, insert, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// resetIdentities makes table's identity columns continue after the
// largest copied value.
func resetIdentities(ctx context.Context, tx *sql.Tx, table string) error {
	rows, err := tx.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'`, table)
	if err != nil {
		return err
	}
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cols {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(`+c+`) FROM `+table+`), 0) + 1, false)`, table, c); err != nil {
			return err
		}
	}
	return nil
}

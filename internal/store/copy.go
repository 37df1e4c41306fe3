package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// CopyProgress reports a copy's progress: the stage ("entries",
// "checkpoints", "local", "verify"), and how much of it is done.
type CopyProgress func(stage string, done, total int64)

// CopyLog copies the node in src into dst, which must hold no entry yet, by
// replaying src's log: each entry's canonical bytes are checked against its
// commitment and appended with its projection, the tree's hashes are
// recomputed, the signed checkpoints (with their cosignatures) are copied in
// order, and so are the node-local tables (credentials, sessions, the read
// audit). src's own tree is verified first. Entries are written in
// transactions of batch entries; a failed copy leaves dst with a prefix of
// the log that [VerifyCopy] reports. The engines of src and dst may differ.
func CopyLog(ctx context.Context, src, dst *DB, progress CopyProgress) error {
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	var have int64
	if err := dst.SQL.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&have); err != nil {
		return fmt.Errorf("store: copy: destination: %w", err)
	}
	if have > 0 {
		return fmt.Errorf("store: copy: destination %s already holds %d entries; copy into an empty database", dst.Path, have)
	}
	commitments, hashes, err := src.LoadTree(ctx)
	if err != nil {
		return fmt.Errorf("store: copy: source: %w", err)
	}
	srcTree, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		return err
	}
	if err := srcTree.Matches(hashes); err != nil {
		return fmt.Errorf("store: copy: source %s: %w", src.Path, err)
	}
	total := srcTree.Size()
	dstTree, _ := ledger.NewHashStore(nil, nil)
	const batch = 2000
	var done int64
	for done < total {
		n, err := copyBatch(ctx, src, dst, dstTree, done, min(batch, total-done))
		if err != nil {
			return fmt.Errorf("store: copy: entries from %d: %w", done, err)
		}
		done += n
		progress("entries", done, total)
	}
	if err := copyCheckpoints(ctx, src, dst, progress); err != nil {
		return fmt.Errorf("store: copy: checkpoints: %w", err)
	}
	if err := copyLocalTables(ctx, src, dst, progress); err != nil {
		return fmt.Errorf("store: copy: %w", err)
	}
	return nil
}

// copyBatch replays n entries from seq from in one transaction of dst.
func copyBatch(ctx context.Context, src, dst *DB, tree *ledger.HashStore, from, n int64) (int64, error) {
	tx, err := dst.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var leaves []tlog.Hash
	err = src.scanEntries(ctx, src.SQL, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`,
		[]any{from, n}, func(se StoredEntry) error {
			if want := from + int64(len(leaves)); se.Seq != want {
				return fmt.Errorf("source entry %d missing", want)
			}
			if ledger.Commitment(se.Canonical) != se.Commitment {
				return fmt.Errorf("source entry %d does not match its commitment", se.Seq)
			}
			e, err := ledger.DecodeEntry(se.Canonical)
			if err != nil {
				return fmt.Errorf("source entry %d: %w", se.Seq, err)
			}
			if e.Seq != se.Seq {
				return fmt.Errorf("source entry %d says it is entry %d", se.Seq, e.Seq)
			}
			leaves = append(leaves, se.Commitment)
			return tx.Put(ctx, e, se.Canonical, se.Commitment)
		})
	if err != nil {
		return 0, err
	}
	if int64(len(leaves)) != n {
		return 0, fmt.Errorf("source has %d entries from %d, want %d", len(leaves), from, n)
	}
	pending, err := tree.Prepare(leaves)
	if err != nil {
		return 0, err
	}
	if err := tx.PutHashes(ctx, pending.Start, pending.Hashes); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return n, tree.Publish(pending)
}

type checkpointRow struct {
	size                       int64
	root, signed, cosignatures []byte
	created                    string
}

func (d *DB) checkpointRows(ctx context.Context) ([]checkpointRow, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT size, root, signed, cosignatures, created FROM log_checkpoints ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []checkpointRow
	for rows.Next() {
		var r checkpointRow
		if err := rows.Scan(&r.size, &r.root, &r.signed, &r.cosignatures, &r.created); err != nil {
			return nil, err
		}
		if r.cosignatures == nil {
			r.cosignatures = []byte{} // an empty BLOB may scan as nil, which would bind as NULL
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func copyCheckpoints(ctx context.Context, src, dst *DB, progress CopyProgress) error {
	cps, err := src.checkpointRows(ctx)
	if err != nil {
		return err
	}
	tx, err := dst.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, c := range cps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO log_checkpoints (size, root, signed, cosignatures, created) VALUES ($1, $2, $3, $4, $5)`,
			c.size, c.root, c.signed, c.cosignatures, c.created); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	progress("checkpoints", int64(len(cps)), int64(len(cps)))
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
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// copyLocalTables copies every row of src's local_ tables into dst's
// tables of the same name, column by column name.
func copyLocalTables(ctx context.Context, src, dst *DB, progress CopyProgress) error {
	tables, err := src.LocalTables(ctx)
	if err != nil {
		return fmt.Errorf("local tables: %w", err)
	}
	tx, err := dst.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, table := range tables {
		if err := copyTable(ctx, src.SQL, tx, table); err != nil {
			return fmt.Errorf("table %s: %w", table, err)
		}
		if dst.Engine == Postgres {
			if err := resetIdentities(ctx, tx, table); err != nil {
				return fmt.Errorf("table %s: identity: %w", table, err)
			}
		}
		progress("local", int64(i+1), int64(len(tables)))
	}
	return tx.Commit()
}

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

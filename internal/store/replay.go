package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"truce/internal/ledger"
)

// Rebuild replays every entry of src into the projection tables of dst, a
// freshly migrated database with empty projections. Projections depend only
// on entries, so dst ends up identical to what src's tables should be.
func Rebuild(ctx context.Context, src, dst *DB, progress func(done, total int64)) error {
	var total int64
	if err := src.SQL.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&total); err != nil {
		return fmt.Errorf("store: rebuild: %w", err)
	}
	tx, err := dst.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: rebuild: %w", err)
	}
	defer tx.Rollback()
	var done int64
	err = src.ScanEntries(ctx, 0, func(se StoredEntry) error {
		e, err := ledger.DecodeEntry(se.Canonical)
		if err != nil {
			return fmt.Errorf("entry %d: %w", se.Seq, err)
		}
		if err := project(ctx, tx, e); err != nil {
			return err
		}
		done++
		if progress != nil && (done%10000 == 0 || done == total) {
			progress(done, total)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: rebuild: %w", err)
	}
	return tx.Commit()
}

// ProjectionTables lists the tables that replaying the log rebuilds.
func ProjectionTables() []string { return slices.Clone(projectionTables) }

// DumpTable returns every row of table as text, ordered by all columns, for
// comparing a projection with its replay.
func (d *DB) DumpTable(ctx context.Context, table string) ([]string, error) {
	if !slices.Contains(projectionTables, table) {
		return nil, fmt.Errorf("store: %q is not a projection table", table)
	}
	rows, err := d.SQL.QueryContext(ctx, `SELECT * FROM `+table)
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

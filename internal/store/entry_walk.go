package store

import (
	"context"
	"errors"
	"fmt"
)

// WalkEntries checks every entry row from seq from on, in log order, in
// pages of batch rows (one short query each, so that no read holds the
// database for long), against leaves if not nil, strictly: besides what
// every read checks, the canonical bytes must be in canonical form. It calls
// fn with each row and, if the row failed its check, the *TamperError that
// names it (se then holds what could be read; se.Entry is nil). Unlike the
// serving reads it does not stop at a failed row nor call the tamper hook:
// it is for verifiers, which report every problem. It stops at fn's first
// error and returns it; a read failure is returned wrapped.
func (d *DB) WalkEntries(ctx context.Context, from int64, batch int, leaves Leaves, fn func(se StoredEntry, problem *TamperError) error) error {
	if batch <= 0 {
		batch = 1000
	}
	for {
		rows, err := d.SQL.QueryContext(ctx, `SELECT `+entryColumns+` FROM log_entries WHERE seq >= $1 ORDER BY seq LIMIT $2`, from, batch)
		if err != nil {
			return fmt.Errorf("store: walk entries from %d: %w", from, err)
		}
		page := make([]entryRow, 0, batch)
		for rows.Next() {
			var r entryRow
			if err := r.scan(rows); err != nil {
				rows.Close()
				return fmt.Errorf("store: walk entries from %d: %w", from, err)
			}
			page = append(page, r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("store: walk entries from %d: %w", from, err)
		}
		for i := range page {
			se, err := page[i].verify(leaves, true)
			var te *TamperError
			if err != nil && !errors.As(err, &te) {
				return fmt.Errorf("store: walk entries: %w", err)
			}
			if err := fn(se, te); err != nil {
				return err
			}
		}
		if len(page) < batch {
			return nil
		}
		from = page[len(page)-1].seq + 1
	}
}

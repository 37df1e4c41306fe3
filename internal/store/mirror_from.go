package store

import (
	"context"
	"fmt"
)

// MirroredContentFrom calls fn with every entry of the mirror of origin
// from seq from on whose content this node holds (it was releasable to
// this node), in seq order, exactly as stored; it stops at fn's first
// error and returns it. Readers that follow a mirror (the roster changes
// of package rosterchange) read only what is new since their last call.
func (d *DB) MirroredContentFrom(ctx context.Context, origin string, from int64, fn func(MirroredEntry) error) error {
	rows, err := d.SQL.QueryContext(ctx, `SELECT seq, commitment, content FROM local_mirror_entries
		WHERE origin = $1 AND seq >= $2 AND content IS NOT NULL ORDER BY seq`, origin, from)
	if err != nil {
		return fmt.Errorf("store: mirrored content of %s: %w", origin, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e MirroredEntry
		if err := rows.Scan(&e.Seq, &e.Commitment, &e.Content); err != nil {
			return fmt.Errorf("store: mirrored content of %s: %w", origin, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: mirrored content of %s: %w", origin, err)
	}
	return nil
}

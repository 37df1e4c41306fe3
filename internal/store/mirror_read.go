package store

import (
	"context"
	"fmt"
)

// MirroredEntry is one row of a mirror as stored: the entry's seq, its
// commitment and, when it was releasable to this node, its canonical bytes
// (nil otherwise). Nothing in it has been checked.
type MirroredEntry struct {
	Seq        int64
	Commitment []byte
	Content    []byte
}

// MirroredEntries calls fn with every entry stored in the mirror of
// origin, in seq order, exactly as stored, so that a verifier can check
// the rows themselves; it stops at fn's first error and returns it.
func (d *DB) MirroredEntries(ctx context.Context, origin string, fn func(MirroredEntry) error) error {
	rows, err := d.SQL.QueryContext(ctx, `SELECT seq, commitment, content FROM local_mirror_entries WHERE origin = $1 ORDER BY seq`, origin)
	if err != nil {
		return fmt.Errorf("store: mirrored entries of %s: %w", origin, err)
	}
	defer rows.Close()
	for rows.Next() {
		var e MirroredEntry
		if err := rows.Scan(&e.Seq, &e.Commitment, &e.Content); err != nil {
			return fmt.Errorf("store: mirrored entries of %s: %w", origin, err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: mirrored entries of %s: %w", origin, err)
	}
	return nil
}

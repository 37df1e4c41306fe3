package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"truce/internal/ledger"
)

// CheckpointBefore returns the newest checkpoint published (stored) before
// the whole second t, with its cosignatures, or nil if none was: the
// public's view of the log in delayed batches (ledger.PublicLog). Rows are
// compared on their stored time, RFC 3339 in UTC, to the second.
func (d *DB) CheckpointBefore(ctx context.Context, t time.Time) (*ledger.SignedCheckpoint, error) {
	var size int64
	var signed, cos []byte
	err := d.SQL.QueryRowContext(ctx, `SELECT size, signed, cosignatures FROM log_checkpoints WHERE created < $1 ORDER BY size DESC, id DESC LIMIT 1`,
		t.UTC().Format("2006-01-02T15:04:05")).Scan(&size, &signed, &cos)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: checkpoint before %s: %w", t.UTC().Format(time.RFC3339), err)
	}
	return storedCheckpoint(size, signed, cos)
}

package store

import (
	"context"
	"encoding/hex"
	"fmt"

	"truce/internal/federation/joint"
)

// MirroredLogs returns each origin mirrored here with an accepted
// checkpoint: its size and root hash, by origin (the caller adds its own
// tree). A node that mirrors nothing returns none.
func (d *DB) MirroredLogs(ctx context.Context) ([]joint.Log, error) {
	rows, err := d.SQL.QueryContext(ctx, `SELECT origin, size, root FROM local_mirror_checkpoints WHERE note IS NOT NULL AND size > 0 ORDER BY origin`)
	if err != nil {
		return nil, fmt.Errorf("store: mirrored logs: %w", err)
	}
	defer rows.Close()
	var out []joint.Log
	for rows.Next() {
		var l joint.Log
		var root []byte
		if err := rows.Scan(&l.Origin, &l.TreeSize, &root); err != nil {
			return nil, fmt.Errorf("store: mirrored logs: %w", err)
		}
		l.RootHash = hex.EncodeToString(root)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: mirrored logs: %w", err)
	}
	return out, nil
}

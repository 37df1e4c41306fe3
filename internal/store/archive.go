package store

import (
	"context"
	"fmt"
	"time"

	"truce/internal/federation/mirror"
)

// ArchiveLog stores c, the whole of another log up to its signed
// checkpoint, as a read-only mirrored origin: its commitments (every
// member may hold them), the contents c carries (the caller MUST give only
// those releasable to this node's party) and the checkpoint as accepted.
// Unlike ApplyMirrorChunk it applies nothing to the projections: the
// archived entries are history this node can cite and prove, not records
// it shows. It is how a node split from a hosted centre keeps the hosted
// log ('truce federation split'). It refuses, storing nothing, an origin
// of which anything is stored already, and a chunk that is not complete
// from index 0.
func (d *DB) ArchiveLog(ctx context.Context, c mirror.Chunk) error {
	if c.Start != 0 || !c.Complete || int64(len(c.Commitments)) != c.Size {
		return fmt.Errorf("store: archive %s: want the whole log up to its checkpoint (%d commitments from %d for size %d)", c.Origin, len(c.Commitments), c.Start, c.Size)
	}
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: archive %s: begin: %w", c.Origin, err)
	}
	defer tx.Rollback()
	var held int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM local_mirror_checkpoints WHERE origin = $1`, c.Origin).Scan(&held); err != nil {
		return fmt.Errorf("store: archive %s: %w", c.Origin, err)
	}
	if held == 0 {
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM local_mirror_entries WHERE origin = $1`, c.Origin).Scan(&held)
		if err != nil {
			return fmt.Errorf("store: archive %s: %w", c.Origin, err)
		}
	}
	if held > 0 {
		return fmt.Errorf("store: archive %s: this node already holds entries of that origin", c.Origin)
	}
	if err := insertMirrorEntries(ctx, tx, d.Engine != Postgres, c); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO local_mirror_checkpoints (origin, note, size, root, accepted_at, target)
		VALUES ($1, $2, $3, $4, $5, NULL)`, c.Origin, c.Checkpoint, c.Size, c.Root[:], c.Time.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("store: archive %s: checkpoint %d: %w", c.Origin, c.Size, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: archive %s: commit: %w", c.Origin, err)
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
	"truce/internal/ledger"
)

// MirroredProof is one mirrored entry with what proves it: its content and
// commitment, the accepted checkpoint note of its origin (with the
// cosignatures), that checkpoint's tree size, and the entry's inclusion
// proof in that tree.
type MirroredProof struct {
	Content    []byte
	Commitment tlog.Hash
	Checkpoint []byte
	Size       int64
	Proof      tlog.RecordProof
}

// MirroredProof returns entry seq of origin's mirror with its inclusion
// proof against the accepted checkpoint, computed from the stored
// commitments (all of them up to its size: linear in the size of the
// mirror). It returns an error wrapping fault.ErrNotFound if no accepted
// checkpoint of origin covers seq or its content is not held, and one
// wrapping fault.ErrIntegrity if the stored commitments do not hash to the
// checkpoint's root.
func (d *DB) MirroredProof(ctx context.Context, origin string, seq int64) (*MirroredProof, error) {
	var mp MirroredProof
	var root []byte
	err := d.SQL.QueryRowContext(ctx, `SELECT note, size, root FROM local_mirror_checkpoints WHERE origin = $1 AND note IS NOT NULL`, origin).
		Scan(&mp.Checkpoint, &mp.Size, &root)
	if errors.Is(err, sql.ErrNoRows) || err == nil && seq >= mp.Size {
		return nil, fmt.Errorf("store: mirrored entry %d of %s: no accepted checkpoint covers it: %w", seq, origin, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: mirrored entry %d of %s: checkpoint: %w", seq, origin, err)
	}
	var c []byte
	err = d.SQL.QueryRowContext(ctx, `SELECT content, commitment FROM local_mirror_entries WHERE origin = $1 AND seq = $2`, origin, seq).
		Scan(&mp.Content, &c)
	if errors.Is(err, sql.ErrNoRows) || err == nil && mp.Content == nil {
		return nil, fmt.Errorf("store: mirrored entry %d of %s: no content held: %w", seq, origin, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: mirrored entry %d of %s: %w", seq, origin, err)
	}
	mp.Commitment = tlog.Hash(c)
	commitments, err := readHashColumn(ctx, d.SQL, `SELECT seq, commitment FROM local_mirror_entries WHERE origin = $1 AND seq < $2 ORDER BY seq`, origin, mp.Size)
	if err != nil {
		return nil, fmt.Errorf("store: mirrored entry %d of %s: commitments: %w", seq, origin, err)
	}
	tree, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		return nil, fmt.Errorf("store: mirrored entry %d of %s: tree: %w", seq, origin, err)
	}
	hr, _ := tree.Snapshot()
	if th, err := tlog.TreeHash(mp.Size, hr); err != nil || th != tlog.Hash(root) {
		return nil, fmt.Errorf("store: mirror of %s does not hash to its accepted checkpoint (%v): %w", origin, err, fault.ErrIntegrity)
	}
	if mp.Proof, err = tlog.ProveRecord(mp.Size, seq, hr); err != nil {
		return nil, fmt.Errorf("store: mirrored entry %d of %s: proof: %w", seq, origin, err)
	}
	return &mp, nil
}

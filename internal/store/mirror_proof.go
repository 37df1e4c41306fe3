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
// proof against the accepted checkpoint, as MirroredProofs does.
func (d *DB) MirroredProof(ctx context.Context, origin string, seq int64) (*MirroredProof, error) {
	mps, err := d.MirroredProofs(ctx, origin, []int64{seq})
	if err != nil {
		return nil, err
	}
	return &mps[0], nil
}

// MirroredProofs returns entries seqs of origin's mirror, in that order,
// each with its inclusion proof against the same accepted checkpoint,
// computed from the stored commitments (all of them up to its size, read
// once: linear in the size of the mirror). It returns an error wrapping
// fault.ErrNotFound if no accepted checkpoint of origin covers a seq or
// its content is not held, and one wrapping fault.ErrIntegrity if the
// stored commitments do not hash to the checkpoint's root.
func (d *DB) MirroredProofs(ctx context.Context, origin string, seqs []int64) ([]MirroredProof, error) {
	var note []byte
	var size int64
	var root []byte
	err := d.SQL.QueryRowContext(ctx, `SELECT note, size, root FROM local_mirror_checkpoints WHERE origin = $1 AND note IS NOT NULL`, origin).
		Scan(&note, &size, &root)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: mirrored entries of %s: no accepted checkpoint: %w", origin, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: mirrored entries of %s: checkpoint: %w", origin, err)
	}
	out := make([]MirroredProof, len(seqs))
	for i, seq := range seqs {
		mp := &out[i]
		mp.Checkpoint, mp.Size = note, size
		if seq < 0 || seq >= size {
			return nil, fmt.Errorf("store: mirrored entry %d of %s: no accepted checkpoint covers it: %w", seq, origin, fault.ErrNotFound)
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
		if len(c) != tlog.HashSize {
			return nil, fmt.Errorf("store: mirrored entry %d of %s: malformed commitment: %w", seq, origin, fault.ErrIntegrity)
		}
		mp.Commitment = tlog.Hash(c)
	}
	commitments, err := readHashColumn(ctx, d.SQL, `SELECT seq, commitment FROM local_mirror_entries WHERE origin = $1 AND seq < $2 ORDER BY seq`, origin, size)
	if err != nil {
		return nil, fmt.Errorf("store: mirrored entries of %s: commitments: %w", origin, err)
	}
	tree, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		return nil, fmt.Errorf("store: mirrored entries of %s: tree: %w", origin, err)
	}
	hr, _ := tree.Snapshot()
	if th, err := tlog.TreeHash(size, hr); err != nil || th != tlog.Hash(root) {
		return nil, fmt.Errorf("store: mirror of %s does not hash to its accepted checkpoint (%v): %w", origin, err, fault.ErrIntegrity)
	}
	for i := range out {
		if out[i].Proof, err = tlog.ProveRecord(size, seqs[i], hr); err != nil {
			return nil, fmt.Errorf("store: mirrored entry %d of %s: proof: %w", seqs[i], origin, err)
		}
	}
	return out, nil
}

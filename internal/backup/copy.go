package backup

import (
	"context"
	"fmt"
	"math"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/store"
)

// Progress reports a copy's progress: the stage ("entries",
// "checkpoints", "local", "verify"), and how much of it is done.
type Progress func(stage string, done, total int64)

// Copy copies the node in src into dst, which must hold no entry yet, by
// replaying src's log: each entry's canonical bytes are checked against its
// commitment and appended with its projection, the tree's hashes are
// recomputed, the signed checkpoints (with their cosignatures) are copied in
// order, and so are the node-local tables (credentials, sessions, the read
// audit). src's own tree is verified first. Entries are written in
// transactions of batch entries; a failed copy leaves dst with a prefix of
// the log that [Verify] reports. The engines of src and dst may differ.
func Copy(ctx context.Context, src, dst *store.DB, progress Progress) error {
	if progress == nil {
		progress = func(string, int64, int64) {}
	}
	have, err := dst.EntryCount(ctx)
	if err != nil {
		return fmt.Errorf("backup: copy: destination: %w", err)
	}
	if have > 0 {
		return fmt.Errorf("backup: copy: destination %s already holds %d entries; copy into an empty database", dst.Path, have)
	}
	commitments, hashes, err := src.LoadTree(ctx)
	if err != nil {
		return fmt.Errorf("backup: copy: source: %w", err)
	}
	srcTree, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		return fmt.Errorf("backup: copy: source %s: %w", src.Path, err)
	}
	if err := srcTree.Matches(hashes); err != nil {
		return fmt.Errorf("backup: copy: source %s: %w", src.Path, err)
	}
	total := srcTree.Size()
	// Node-local tables first: the mirrors among them are applied to the
	// projections between the own entries as the source applied them.
	tables, err := src.LocalTables(ctx)
	if err != nil {
		return fmt.Errorf("backup: copy: %w", err)
	}
	var copied int64
	err = dst.CopyTableRows(ctx, src, tables, func(string) {
		copied++
		progress("local", copied, int64(len(tables)))
	})
	if err != nil {
		return fmt.Errorf("backup: copy: %w", err)
	}
	mirrored := dst.MirrorCursor()
	dstTree, _ := ledger.NewHashStore(nil, nil)
	const batch = 2000
	var done int64
	for done < total {
		n, err := copyBatch(ctx, src, dst, dstTree, mirrored, done, min(batch, total-done))
		if err != nil {
			return fmt.Errorf("backup: copy: entries from %d: %w", done, err)
		}
		done += n
		progress("entries", done, total)
	}
	if err := applyMirroredRest(ctx, dst, mirrored); err != nil {
		return fmt.Errorf("backup: copy: %w", err)
	}
	cps, err := src.CheckpointRows(ctx)
	if err != nil {
		return fmt.Errorf("backup: copy: %w", err)
	}
	if err := dst.InsertCheckpointRows(ctx, cps); err != nil {
		return fmt.Errorf("backup: copy: %w", err)
	}
	progress("checkpoints", int64(len(cps)), int64(len(cps)))
	return nil
}

// applyMirroredRest applies the mirrored entries dst's mirrors hold after
// the last own entry, in one transaction.
func applyMirroredRest(ctx context.Context, dst *store.DB, mirrored *store.MirrorCursor) error {
	tx, err := dst.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := mirrored.ApplyBefore(ctx, tx, math.MaxInt64); err != nil {
		return err
	}
	return tx.Commit()
}

// copyBatch replays n entries from seq from in one transaction of dst,
// each after the mirrored entries the source applied before it.
func copyBatch(ctx context.Context, src, dst *store.DB, tree *ledger.HashStore, mirrored *store.MirrorCursor, from, n int64) (int64, error) {
	tx, err := dst.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var leaves []tlog.Hash
	err = src.ScanEntryRange(ctx, from, n, func(se ledger.StoredEntry) error {
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
		if err := mirrored.ApplyBefore(ctx, tx, se.Seq); err != nil {
			return err
		}
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

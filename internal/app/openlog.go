package app

import (
	"context"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
)

// loadLog loads the log's tree into a.Hashes and checks it: the tree is
// recomputed from the stored commitments, must match the stored hashes and
// must contain the latest signed checkpoint. It returns that checkpoint
// (nil if none was signed yet) and the time of the last entry (zero if the
// log is empty). An error means the store was altered or is unreadable;
// the node must not start.
func (a *App) loadLog(ctx context.Context) (*ledger.SignedCheckpoint, time.Time, error) {
	// The checkpoint is read before the tree: on PostgreSQL another process
	// may sign a larger checkpoint meanwhile, and every checkpoint covers
	// only entries committed before it was saved.
	prev, err := a.DB.LatestCheckpoint(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	commitments, hashes, err := a.DB.LoadTree(ctx)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("%w (run 'truce verify --deep --data %s' for details)", err, a.Config.Data)
	}
	// Recompute the tree from the commitments rather than trusting the
	// stored hashes (about a second per million entries): a stored hash that
	// differs means the store was altered.
	if a.Hashes, err = ledger.RebuildHashStore(commitments); err != nil {
		return nil, time.Time{}, err
	}
	if err := a.Hashes.Matches(hashes); err != nil {
		return nil, time.Time{}, fmt.Errorf("refusing to start: %w (run 'truce verify --deep --data %s' for details)", err, a.Config.Data)
	}
	if err := checkAgainstCheckpoint(a.Hashes, prev, a.Keys); err != nil {
		return nil, time.Time{}, fmt.Errorf("refusing to start: %w (run 'truce verify --deep --data %s' for details)", err, a.Config.Data)
	}
	var lastTime time.Time
	if n := a.Hashes.Size(); n > 0 {
		se, err := a.DB.Entry(ctx, n-1)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("refusing to start: %w (run 'truce verify --deep --data %s' for details)", err, a.Config.Data)
		}
		lastTime = se.Entry.TimeValue()
	}
	return prev, lastTime, nil
}

// checkAgainstCheckpoint verifies that the loaded tree contains the latest
// signed checkpoint: same root at its size, signed by this node (with its
// key in use, or a retired one if it was signed before a rotation).
func checkAgainstCheckpoint(h *ledger.HashStore, prev *ledger.SignedCheckpoint, keys *NodeKeys) error {
	if prev == nil {
		return nil
	}
	if _, _, err := ledger.OpenCheckpoint(prev.Signed, keys.SignedBy(prev.Signed)); err != nil {
		return fmt.Errorf("latest stored checkpoint: %w", err)
	}
	if prev.N > h.Size() {
		return fmt.Errorf("the log has %d entries but checkpoint %d was signed: entries are missing", h.Size(), prev.N)
	}
	hr, _ := h.Snapshot()
	root, err := tlog.TreeHash(prev.N, hr)
	if err != nil {
		return err
	}
	if root != prev.Hash {
		return fmt.Errorf("the tree at size %d has root %s, but the signed checkpoint says %s", prev.N, root, prev.Hash)
	}
	return nil
}

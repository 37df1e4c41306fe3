package verify

import (
	"context"
	"fmt"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
)

// CheckpointError is returned (possibly wrapped) by Remote when the node's
// checkpoint is signed by its log key and yet must not be accepted: it
// lacks the cosignature quorum, or it contradicts the saved checkpoint. It
// carries the signed notes that show it, in the order a federation
// mirror's evidence keeps them (mirror.Evidence), so that the caller can
// write evidence that 'truce verify --evidence' checks offline.
type CheckpointError struct {
	// Kind is mirror.KindNoQuorum, mirror.KindRollback or mirror.KindFork
	// (Remote), or mirror.KindStale (Federation).
	Kind mirror.Kind
	// Checkpoints are the signed notes: the node's alone for a missing
	// quorum or a stale one; the saved one, then the node's, for a rollback or a fork.
	Checkpoints [][]byte
	// Leaves are the concatenated commitments of the node's tree, read for
	// a fork of two sizes; LeavesErr says why they could not be read.
	Leaves    []byte
	LeavesErr error
	// Err says what did not verify.
	Err error
}

// Error returns what did not verify.
func (e *CheckpointError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *CheckpointError) Unwrap() error { return e.Err }

// readLeaves returns the concatenated commitments of the n entries of
// tree, read from the node's entry bundles (C2SP tlog-tiles), checked
// here only for their number: the evidence's verifier checks that they hash
// to tree's root.
func readLeaves(ctx context.Context, fetcher *torchwood.TileFetcher, tree tlog.Tree) ([]byte, error) {
	var tiles []tlog.Tile
	for k := int64(0); k*torchwood.TileWidth < tree.N; k++ {
		w := min(torchwood.TileWidth, tree.N-k*torchwood.TileWidth)
		tiles = append(tiles, tlog.Tile{H: torchwood.TileHeight, L: -1, N: k, W: int(w)})
	}
	out := make([]byte, 0, tree.N*tlog.HashSize)
	for start := 0; start < len(tiles); start += 64 {
		batch := tiles[start:min(start+64, len(tiles))]
		data, err := fetcher.ReadTiles(ctx, batch)
		if err != nil {
			return nil, fmt.Errorf("entry bundles: %w", err)
		}
		for i, bundle := range data {
			for j := 0; j < batch[i].W; j++ {
				var c []byte
				if c, bundle, err = torchwood.ReadTileEntry(bundle); err != nil {
					return nil, fmt.Errorf("entry bundle %d: %w", batch[i].N, err)
				}
				if len(c) != tlog.HashSize {
					return nil, fmt.Errorf("entry bundle %d: a commitment of %d bytes", batch[i].N, len(c))
				}
				out = append(out, c...)
			}
		}
	}
	return out, nil
}

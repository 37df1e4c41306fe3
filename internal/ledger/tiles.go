package ledger

import (
	"errors"
	"fmt"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/tlog"
)

// ErrTileNotFound reports a tile beyond the current tree.
var ErrTileNotFound = errors.New("ledger: no such tile")

// ErrLeafMismatch is matched by the error ReadTile returns for an entry
// bundle holding a commitment whose leaf hash is not the tree's.
var ErrLeafMismatch = errors.New("ledger: commitment does not match the tree")

// ReadTile returns the contents of the C2SP tlog-tiles resource at path
// ("tile/<L>/<N>[.p/<W>]" or "tile/entries/<N>[.p/<W>]"). Hash tiles hold
// 32-byte hashes; entry bundles hold each entry's 32-byte commitment with a
// two-byte length prefix, each checked first against the tree's level-0
// hash (ErrLeafMismatch). It returns ErrTileNotFound for a tile the tree does
// not (yet) cover, and a plain error for a malformed path.
func (h *HashStore) ReadTile(path string) ([]byte, error) {
	t, err := torchwood.ParseTilePath(path)
	if err != nil {
		return nil, err
	}
	hr, size := h.Snapshot()
	level := max(t.L, 0)
	// The tile's last hash covers this many leaves.
	need := (t.N*torchwood.TileWidth + int64(t.W)) << (uint(level) * torchwood.TileHeight)
	if need > size || need <= 0 {
		return nil, ErrTileNotFound
	}
	if t.L >= 0 {
		data, err := tlog.ReadTileData(t, hr)
		if err != nil {
			return nil, fmt.Errorf("ledger: read tile %s: %w", path, err)
		}
		return data, nil
	}
	start := t.N * torchwood.TileWidth
	leaves, err := h.Commitments(start, int64(t.W))
	if err != nil {
		return nil, err
	}
	// Each commitment must be the leaf the tree was computed over: its
	// record hash is the tree's level-0 hash, so a bundle never serves a
	// commitment the tree (checked against the signed checkpoint at start)
	// does not hold.
	idx := make([]int64, len(leaves))
	for i := range leaves {
		idx[i] = tlog.StoredHashIndex(0, start+int64(i))
	}
	level0, err := hr.ReadHashes(idx)
	if err != nil {
		return nil, fmt.Errorf("ledger: read tile %s: %w", path, err)
	}
	out := make([]byte, 0, len(leaves)*(2+tlog.HashSize))
	for i, c := range leaves {
		if LeafHash(c) != level0[i] {
			return nil, fmt.Errorf("ledger: read tile %s: commitment of entry %d does not hash to the tree's leaf: %w", path, start+int64(i), ErrLeafMismatch)
		}
		out, _ = torchwood.AppendTileEntry(out, c[:])
	}
	return out, nil
}

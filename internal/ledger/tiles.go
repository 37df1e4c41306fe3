package ledger

import (
	"errors"
	"fmt"

	"filippo.io/torchwood"
	"golang.org/x/mod/sumdb/tlog"
)

// ErrTileNotFound reports a tile beyond the current tree.
var ErrTileNotFound = errors.New("ledger: no such tile")

// ReadTile returns the contents of the C2SP tlog-tiles resource at path
// ("tile/<L>/<N>[.p/<W>]" or "tile/entries/<N>[.p/<W>]"). Hash tiles hold
// 32-byte hashes; entry bundles hold each entry's 32-byte commitment with a
// two-byte length prefix. It returns ErrTileNotFound for a tile the tree does
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
	leaves, err := h.Commitments(t.N*torchwood.TileWidth, int64(t.W))
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(leaves)*(2+tlog.HashSize))
	for _, c := range leaves {
		out, _ = torchwood.AppendTileEntry(out, c[:])
	}
	return out, nil
}

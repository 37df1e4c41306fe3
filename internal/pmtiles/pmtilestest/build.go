// Package pmtilestest builds small PMTiles v3 archives for tests: a
// header, an uncompressed root directory, JSON metadata and the tiles.
package pmtilestest

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"truce/internal/pmtiles"
)

// Tile is one tile of an archive to build.
type Tile struct {
	Z    uint8
	X, Y uint32
	Data []byte
}

// Write writes an archive of tiles (of tileType, e.g. pmtiles.TypePNG)
// with the attribution in its metadata to path.
func Write(path string, tileType uint8, attribution string, tiles []Tile) error {
	sort.Slice(tiles, func(i, j int) bool {
		return pmtiles.TileID(tiles[i].Z, tiles[i].X, tiles[i].Y) < pmtiles.TileID(tiles[j].Z, tiles[j].X, tiles[j].Y)
	})
	var data []byte
	var es []pmtiles.Entry
	minZ, maxZ := uint8(31), uint8(0)
	for _, t := range tiles {
		es = append(es, pmtiles.Entry{TileID: pmtiles.TileID(t.Z, t.X, t.Y), Offset: uint64(len(data)), Length: uint32(len(t.Data)), RunLength: 1})
		data = append(data, t.Data...)
		minZ, maxZ = min(minZ, t.Z), max(maxZ, t.Z)
	}
	root := pmtiles.EncodeDirectory(es)
	md, err := json.Marshal(map[string]string{"attribution": attribution})
	if err != nil {
		return err
	}
	h := pmtiles.Header{RootOffset: pmtiles.HeaderLen, RootLength: uint64(len(root)), InternalCompression: pmtiles.CompressionNone,
		TileCompression: pmtiles.CompressionNone, TileType: tileType, MinZoom: minZ, MaxZoom: maxZ, MinLon: -180, MinLat: -85, MaxLon: 180, MaxLat: 85}
	h.MetadataOffset, h.MetadataLength = h.RootOffset+h.RootLength, uint64(len(md))
	h.LeafOffset = h.MetadataOffset + h.MetadataLength
	h.DataOffset, h.DataLength = h.LeafOffset, uint64(len(data))
	out := append(pmtiles.MarshalHeader(h), root...)
	out = append(append(out, md...), data...)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return fmt.Errorf("pmtilestest: %w", err)
	}
	return nil
}

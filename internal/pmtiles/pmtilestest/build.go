// Package pmtilestest builds small PMTiles v3 archives for tests: a
// header, an uncompressed root directory, JSON metadata and the tiles.
package pmtilestest

import (
	"bytes"
	"compress/gzip"
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
	return write(path, tileType, attribution, tiles, false)
}

// WriteGzip is Write with every tile stored gzip compressed (the header's
// tile compression says so), as vector-tile archives commonly are.
func WriteGzip(path string, tileType uint8, attribution string, tiles []Tile) error {
	return write(path, tileType, attribution, tiles, true)
}

func write(path string, tileType uint8, attribution string, tiles []Tile, gz bool) error {
	sort.Slice(tiles, func(i, j int) bool {
		return pmtiles.TileID(tiles[i].Z, tiles[i].X, tiles[i].Y) < pmtiles.TileID(tiles[j].Z, tiles[j].X, tiles[j].Y)
	})
	var data []byte
	var es []pmtiles.Entry
	minZ, maxZ := uint8(31), uint8(0)
	for _, t := range tiles {
		if gz {
			var b bytes.Buffer
			w := gzip.NewWriter(&b)
			if _, err := w.Write(t.Data); err != nil {
				return err
			}
			if err := w.Close(); err != nil {
				return err
			}
			t.Data = b.Bytes()
		}
		es = append(es, pmtiles.Entry{TileID: pmtiles.TileID(t.Z, t.X, t.Y), Offset: uint64(len(data)), Length: uint32(len(t.Data)), RunLength: 1})
		data = append(data, t.Data...)
		minZ, maxZ = min(minZ, t.Z), max(maxZ, t.Z)
	}
	root := pmtiles.EncodeDirectory(es)
	md, err := json.Marshal(map[string]string{"attribution": attribution})
	if err != nil {
		return err
	}
	tileCompression := uint8(pmtiles.CompressionNone)
	if gz {
		tileCompression = pmtiles.CompressionGzip
	}
	h := pmtiles.Header{RootOffset: pmtiles.HeaderLen, RootLength: uint64(len(root)), InternalCompression: pmtiles.CompressionNone,
		TileCompression: tileCompression, TileType: tileType, MinZoom: minZ, MaxZoom: maxZ, MinLon: -180, MinLat: -85, MaxLon: 180, MaxLat: 85}
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

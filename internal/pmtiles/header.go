package pmtiles

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// HeaderLen is the length of a version 3 header.
const HeaderLen = 127

// Compression values of the header.
const (
	CompressionUnknown = 0
	CompressionNone    = 1
	CompressionGzip    = 2
)

// Tile types of the header.
const (
	TypeUnknown = 0
	TypeMVT     = 1
	TypePNG     = 2
	TypeJPEG    = 3
	TypeWebP    = 4
	TypeAVIF    = 5
)

// Header is the fixed-size header of an archive.
type Header struct {
	RootOffset, RootLength         uint64
	MetadataOffset, MetadataLength uint64
	LeafOffset, LeafLength         uint64
	DataOffset, DataLength         uint64
	InternalCompression            uint8
	TileCompression                uint8
	TileType                       uint8
	MinZoom, MaxZoom               uint8
	// MinLon … MaxLat are the archive's bounds in degrees.
	MinLon, MinLat, MaxLon, MaxLat float64
}

// ErrFormat is returned (wrapped) for a file that is not a PMTiles v3
// archive this package can read.
var ErrFormat = errors.New("pmtiles: not a PMTiles version 3 archive")

// parseHeader decodes the first HeaderLen bytes of an archive.
func parseHeader(b []byte) (Header, error) {
	if len(b) < HeaderLen || string(b[:7]) != "PMTiles" {
		return Header{}, fmt.Errorf("%w: no PMTiles magic", ErrFormat)
	}
	if b[7] != 3 {
		return Header{}, fmt.Errorf("%w: version %d", ErrFormat, b[7])
	}
	u := func(at int) uint64 { return binary.LittleEndian.Uint64(b[at:]) }
	e7 := func(at int) float64 { return float64(int32(binary.LittleEndian.Uint32(b[at:]))) / 1e7 }
	h := Header{RootOffset: u(8), RootLength: u(16), MetadataOffset: u(24), MetadataLength: u(32), LeafOffset: u(40), LeafLength: u(48),
		DataOffset: u(56), DataLength: u(64), InternalCompression: b[97], TileCompression: b[98], TileType: b[99], MinZoom: b[100], MaxZoom: b[101],
		MinLon: e7(102), MinLat: e7(106), MaxLon: e7(110), MaxLat: e7(114)}
	return h, nil
}

// MarshalHeader encodes h as the first HeaderLen bytes of an archive
// (the counts of tiles and entries, which readers do not need, as zero).
func MarshalHeader(h Header) []byte {
	b := make([]byte, HeaderLen)
	copy(b, "PMTiles")
	b[7] = 3
	for i, v := range []uint64{h.RootOffset, h.RootLength, h.MetadataOffset, h.MetadataLength, h.LeafOffset, h.LeafLength, h.DataOffset, h.DataLength} {
		binary.LittleEndian.PutUint64(b[8+8*i:], v)
	}
	b[96] = 1 // clustered
	b[97], b[98], b[99], b[100], b[101] = h.InternalCompression, h.TileCompression, h.TileType, h.MinZoom, h.MaxZoom
	for i, v := range []float64{h.MinLon, h.MinLat, h.MaxLon, h.MaxLat} {
		binary.LittleEndian.PutUint32(b[102+4*i:], uint32(int32(v*1e7)))
	}
	b[118] = (h.MinZoom + h.MaxZoom) / 2
	return b
}

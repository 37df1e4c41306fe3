package pmtiles

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
)

// Entry is one directory entry: RunLength tiles from TileID stored at
// Offset (relative to the tile data) with Length bytes, or, with
// RunLength 0, a leaf directory at Offset (relative to the leaf
// directories).
type Entry struct {
	TileID    uint64
	Offset    uint64
	Length    uint32
	RunLength uint32
}

// decodeDirectory decodes an uncompressed directory.
func decodeDirectory(b []byte) ([]Entry, error) {
	r := bytes.NewReader(b)
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(len(b)) {
		return nil, fmt.Errorf("%w: directory length", ErrFormat)
	}
	es := make([]Entry, n)
	read := func(what string) (uint64, error) {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return 0, fmt.Errorf("%w: directory %s: %v", ErrFormat, what, err)
		}
		return v, nil
	}
	var last uint64
	for i := range es {
		d, err := read("tile id")
		if err != nil {
			return nil, err
		}
		last += d
		es[i].TileID = last
	}
	for i := range es {
		v, err := read("run length")
		if err != nil {
			return nil, err
		}
		es[i].RunLength = uint32(v)
	}
	for i := range es {
		v, err := read("length")
		if err != nil {
			return nil, err
		}
		es[i].Length = uint32(v)
	}
	for i := range es {
		v, err := read("offset")
		if err != nil {
			return nil, err
		}
		if v == 0 && i > 0 {
			es[i].Offset = es[i-1].Offset + uint64(es[i-1].Length)
		} else {
			es[i].Offset = v - 1
		}
	}
	return es, nil
}

// EncodeDirectory encodes entries (sorted by TileID) as an uncompressed
// directory.
func EncodeDirectory(es []Entry) []byte {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(es)))
	var last uint64
	for _, e := range es {
		b = binary.AppendUvarint(b, e.TileID-last)
		last = e.TileID
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.RunLength))
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.Length))
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, e.Offset+1)
	}
	return b
}

// find returns the entry of es that holds id: the last with TileID <= id,
// if it is a leaf directory or its run covers id.
func find(es []Entry, id uint64) (Entry, bool) {
	i := sort.Search(len(es), func(i int) bool { return es[i].TileID > id }) - 1
	if i < 0 {
		return Entry{}, false
	}
	e := es[i]
	if e.RunLength == 0 || id-e.TileID < uint64(e.RunLength) {
		return e, true
	}
	return Entry{}, false
}

package pmtiles

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrNotFound is returned by Archive.Tile for a tile the archive does not
// hold.
var ErrNotFound = errors.New("pmtiles: no such tile")

// maxDirectory bounds a directory read, so that a corrupt header cannot
// make the reader allocate without limit.
const maxDirectory = 64 << 20

// Archive is an open PMTiles v3 file. Its methods are safe for concurrent
// use (they read with ReadAt only).
type Archive struct {
	f      *os.File
	Header Header
	root   []Entry
	// Attribution is the metadata's "attribution" (may be empty).
	Attribution string
}

// Open opens the archive at path, reading its header, root directory and
// metadata. It returns an error wrapping ErrFormat for a file that is not
// a PMTiles v3 archive it can read.
func Open(path string) (*Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("pmtiles: open: %w", err)
	}
	a, err := open(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("pmtiles: %s: %w", path, err)
	}
	return a, nil
}

func open(f *os.File) (*Archive, error) {
	hb := make([]byte, HeaderLen)
	if _, err := f.ReadAt(hb, 0); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrFormat, err)
	}
	h, err := parseHeader(hb)
	if err != nil {
		return nil, err
	}
	if h.InternalCompression != CompressionNone && h.InternalCompression != CompressionGzip {
		return nil, fmt.Errorf("%w: directory compression %d not supported", ErrFormat, h.InternalCompression)
	}
	a := &Archive{f: f, Header: h}
	if a.root, err = a.directory(h.RootOffset, h.RootLength); err != nil {
		return nil, err
	}
	if h.MetadataLength > 0 {
		b, err := a.read(h.MetadataOffset, h.MetadataLength, h.InternalCompression)
		if err != nil {
			return nil, fmt.Errorf("metadata: %w", err)
		}
		var md struct {
			Attribution string `json:"attribution"`
		}
		if err := json.Unmarshal(b, &md); err != nil {
			return nil, fmt.Errorf("%w: metadata: %v", ErrFormat, err)
		}
		a.Attribution = md.Attribution
	}
	return a, nil
}

// Close closes the file.
func (a *Archive) Close() error { return a.f.Close() }

// read reads length bytes at offset, decompressing as compression says.
func (a *Archive) read(offset, length uint64, compression uint8) ([]byte, error) {
	if length > maxDirectory {
		return nil, fmt.Errorf("%w: a section of %d bytes", ErrFormat, length)
	}
	b := make([]byte, length)
	if _, err := a.f.ReadAt(b, int64(offset)); err != nil {
		return nil, fmt.Errorf("pmtiles: read %d bytes at %d: %w", length, offset, err)
	}
	if compression != CompressionGzip {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w: gzip: %v", ErrFormat, err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, maxDirectory))
	if err != nil {
		return nil, fmt.Errorf("%w: gzip: %v", ErrFormat, err)
	}
	return out, nil
}

func (a *Archive) directory(offset, length uint64) ([]Entry, error) {
	b, err := a.read(offset, length, a.Header.InternalCompression)
	if err != nil {
		return nil, err
	}
	return decodeDirectory(b)
}

// Tile returns the stored bytes of tile (z, x, y) (compressed as
// Header.TileCompression says), or ErrNotFound.
func (a *Archive) Tile(z uint8, x, y uint32) ([]byte, error) {
	if z > 31 || uint64(x) >= 1<<z || uint64(y) >= 1<<z {
		return nil, ErrNotFound
	}
	id := TileID(z, x, y)
	es := a.root
	for depth := 0; depth < 4; depth++ {
		e, ok := find(es, id)
		if !ok {
			return nil, ErrNotFound
		}
		if e.RunLength > 0 {
			return a.read(a.Header.DataOffset+e.Offset, uint64(e.Length), CompressionNone)
		}
		var err error
		if es, err = a.directory(a.Header.LeafOffset+e.Offset, uint64(e.Length)); err != nil {
			return nil, err
		}
	}
	return nil, ErrNotFound
}

// ContentType is the media type of the archive's tiles.
func (a *Archive) ContentType() string {
	switch a.Header.TileType {
	case TypePNG:
		return "image/png"
	case TypeJPEG:
		return "image/jpeg"
	case TypeWebP:
		return "image/webp"
	case TypeAVIF:
		return "image/avif"
	case TypeMVT:
		return "application/vnd.mapbox-vector-tile"
	}
	return "application/octet-stream"
}

// Raster reports whether the tiles are images a browser draws as they
// are (PNG, JPEG, WebP, AVIF).
func (a *Archive) Raster() bool {
	t := a.Header.TileType
	return t == TypePNG || t == TypeJPEG || t == TypeWebP || t == TypeAVIF
}

// Package tilearchive opens the offline basemap an operator gives a node
// (truce serve --basemap FILE): a PMTiles v3 archive (package pmtiles) or
// an MBTiles file (package mbtiles), told apart by the file's first bytes,
// behind the one interface the API serves tiles from. Tiles are raster
// images or Mapbox Vector Tiles; either way they are served as stored.
package tilearchive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"truce/internal/mbtiles"
	"truce/internal/pmtiles"
)

// ErrNotFound is returned by Archive.Tile for a tile the file does not
// hold, or a z/x/y outside the grid.
var ErrNotFound = errors.New("tilearchive: no such tile")

// ErrFormat is returned (wrapped) by Open for a file that is neither a
// PMTiles v3 archive nor an MBTiles (SQLite) file.
var ErrFormat = errors.New("tilearchive: not a PMTiles or MBTiles file")

// Info describes an archive's tiles.
type Info struct {
	// Format is "pmtiles" or "mbtiles".
	Format string
	// ContentType is the tiles' media type; Raster tells whether a
	// browser draws them as they are (PNG, JPEG, WebP, AVIF) rather than
	// as vector tiles (application/vnd.mapbox-vector-tile).
	ContentType string
	Raster      bool
	// Attribution is the archive's credit line (its metadata's).
	Attribution string
	// MinZoom and MaxZoom are the zooms the archive holds.
	MinZoom, MaxZoom int
}

// Tile is one stored tile: its bytes, and whether they are gzip
// compressed (then served with Content-Encoding: gzip).
type Tile struct {
	Data []byte
	Gzip bool
}

// Archive is an open tile file. Implementations are safe for concurrent
// use.
type Archive interface {
	// Info describes the archive.
	Info() Info
	// Tile returns tile (z, x, y), y counted from the north (XYZ), or an
	// error wrapping ErrNotFound.
	Tile(ctx context.Context, z uint8, x, y uint32) (Tile, error)
	// Close closes the file.
	Close() error
}

// sqliteMagic starts every SQLite 3 database file, MBTiles included.
var sqliteMagic = []byte("SQLite format 3\x00")

// Open opens the PMTiles or MBTiles file at path, which it tells apart by
// the file's first bytes (not its name). A file of neither kind is an
// error wrapping ErrFormat.
func Open(path string) (Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tilearchive: open: %w", err)
	}
	head := make([]byte, len(sqliteMagic))
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("tilearchive: %s: %w: %v", path, ErrFormat, err)
	}
	switch {
	case bytes.Equal(head, sqliteMagic):
		a, err := mbtiles.Open(path)
		if err != nil {
			return nil, fmt.Errorf("tilearchive: %w", err)
		}
		return mbArchive{a}, nil
	case bytes.HasPrefix(head, []byte("PMTiles")):
		a, err := pmtiles.Open(path)
		if err != nil {
			return nil, fmt.Errorf("tilearchive: %w", err)
		}
		return pmArchive{a}, nil
	}
	return nil, fmt.Errorf("tilearchive: %s: %w", path, ErrFormat)
}

// pmArchive serves a PMTiles archive.
type pmArchive struct{ a *pmtiles.Archive }

func (p pmArchive) Info() Info {
	return Info{Format: "pmtiles", ContentType: p.a.ContentType(), Raster: p.a.Raster(), Attribution: p.a.Attribution,
		MinZoom: int(p.a.Header.MinZoom), MaxZoom: int(p.a.Header.MaxZoom)}
}

func (p pmArchive) Tile(_ context.Context, z uint8, x, y uint32) (Tile, error) {
	b, err := p.a.Tile(z, x, y)
	if errors.Is(err, pmtiles.ErrNotFound) {
		return Tile{}, fmt.Errorf("tile %d/%d/%d: %w", z, x, y, ErrNotFound)
	}
	if err != nil {
		return Tile{}, fmt.Errorf("tilearchive: %w", err)
	}
	return Tile{Data: b, Gzip: p.a.Header.TileCompression == pmtiles.CompressionGzip}, nil
}

func (p pmArchive) Close() error { return p.a.Close() }

// mbArchive serves an MBTiles file.
type mbArchive struct{ a *mbtiles.Archive }

func (m mbArchive) Info() Info {
	return Info{Format: "mbtiles", ContentType: m.a.ContentType(), Raster: m.a.Raster(), Attribution: m.a.Attribution,
		MinZoom: m.a.MinZoom, MaxZoom: m.a.MaxZoom}
}

func (m mbArchive) Tile(ctx context.Context, z uint8, x, y uint32) (Tile, error) {
	b, gz, err := m.a.Tile(ctx, z, x, y)
	if errors.Is(err, mbtiles.ErrNotFound) {
		return Tile{}, fmt.Errorf("tile %d/%d/%d: %w", z, x, y, ErrNotFound)
	}
	if err != nil {
		return Tile{}, fmt.Errorf("tilearchive: %w", err)
	}
	return Tile{Data: b, Gzip: gz}, nil
}

func (m mbArchive) Close() error { return m.a.Close() }

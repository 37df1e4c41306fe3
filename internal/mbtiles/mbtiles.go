package mbtiles

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver the store uses too
)

// ErrNotFound is returned by Archive.Tile for a tile the file does not
// hold.
var ErrNotFound = errors.New("mbtiles: no such tile")

// ErrFormat is returned (wrapped) by Open for a file that is not an
// MBTiles file it can read.
var ErrFormat = errors.New("mbtiles: not an MBTiles file")

// Archive is an open MBTiles file, safe for concurrent use.
type Archive struct {
	db *sql.DB
	// Format is the metadata's format: "pbf" (vector tiles), "png",
	// "jpg", "webp" (raster tiles).
	Format string
	// Attribution is the metadata's attribution (may be empty).
	Attribution string
	// MinZoom and MaxZoom are the metadata's zooms, or, where the
	// metadata lacks them, the least and greatest zoom_level held.
	MinZoom, MaxZoom int
}

// Open opens the MBTiles file at path read only and reads its metadata.
// It returns an error wrapping ErrFormat for a SQLite file without the
// metadata and tiles tables, or whose format it does not know.
func Open(path string) (*Archive, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("mbtiles: %s: %w", path, err)
	}
	if _, err := os.Stat(abs); err != nil { // sqlite would create a missing file
		return nil, fmt.Errorf("mbtiles: open: %w", err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", "query_only(1)")
	db, err := sql.Open("sqlite", "file:"+abs+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("mbtiles: open %s: %w", path, err)
	}
	a := &Archive{db: db}
	if err := a.readMetadata(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("mbtiles: %s: %w", path, err)
	}
	return a, nil
}

func (a *Archive) readMetadata(ctx context.Context) error {
	rows, err := a.db.QueryContext(ctx, `SELECT name, value FROM metadata`)
	if err != nil {
		return fmt.Errorf("%w: metadata: %v", ErrFormat, err)
	}
	defer rows.Close()
	md := map[string]string{}
	for rows.Next() {
		var name, value sql.NullString
		if err := rows.Scan(&name, &value); err != nil {
			return fmt.Errorf("%w: metadata: %v", ErrFormat, err)
		}
		md[name.String] = value.String
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w: metadata: %v", ErrFormat, err)
	}
	a.Format, a.Attribution = md["format"], md["attribution"]
	if a.Format == "jpeg" {
		a.Format = "jpg"
	}
	if a.ContentType() == "application/octet-stream" {
		return fmt.Errorf("%w: format %q (want pbf, png, jpg or webp)", ErrFormat, a.Format)
	}
	var lo, hi sql.NullInt64
	if err := a.db.QueryRowContext(ctx, `SELECT min(zoom_level), max(zoom_level) FROM tiles`).Scan(&lo, &hi); err != nil {
		return fmt.Errorf("%w: tiles: %v", ErrFormat, err)
	}
	a.MinZoom, a.MaxZoom = int(lo.Int64), int(hi.Int64)
	if z, err := strconv.Atoi(md["minzoom"]); err == nil && z >= 0 && z <= 31 {
		a.MinZoom = z
	}
	if z, err := strconv.Atoi(md["maxzoom"]); err == nil && z >= 0 && z <= 31 {
		a.MaxZoom = z
	}
	return nil
}

// Close closes the file.
func (a *Archive) Close() error { return a.db.Close() }

// Tile returns the stored bytes of tile (z, x, y), y counted from the
// north as in XYZ web maps (the TMS row is flipped here), and whether the
// bytes are gzip compressed; ErrNotFound for a tile the file lacks or
// outside the grid.
func (a *Archive) Tile(ctx context.Context, z uint8, x, y uint32) (data []byte, gzipped bool, err error) {
	if z > 31 || uint64(x) >= 1<<z || uint64(y) >= 1<<z {
		return nil, false, ErrNotFound
	}
	row := uint64(1)<<z - 1 - uint64(y)
	err = a.db.QueryRowContext(ctx, `SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?`, int64(z), int64(x), int64(row)).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, ErrNotFound
	}
	if err != nil {
		return nil, false, fmt.Errorf("mbtiles: tile %d/%d/%d: %w", z, x, y, err)
	}
	return data, bytes.HasPrefix(data, []byte{0x1f, 0x8b}), nil
}

// ContentType is the media type of the file's tiles
// (application/octet-stream for a format it does not know).
func (a *Archive) ContentType() string {
	switch a.Format {
	case "pbf":
		return "application/vnd.mapbox-vector-tile"
	case "png":
		return "image/png"
	case "jpg":
		return "image/jpeg"
	case "webp":
		return "image/webp"
	}
	return "application/octet-stream"
}

// Raster reports whether the tiles are images a browser draws as they
// are.
func (a *Archive) Raster() bool { return a.Format != "pbf" }

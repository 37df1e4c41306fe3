// Package mbtilestest builds small MBTiles files for tests: the metadata
// and tiles tables of the MBTiles 1.3 specification, tiles given in XYZ
// and stored with their TMS row.
package mbtilestest

import (
	"database/sql"
	"fmt"
	"strconv"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// Tile is one tile of a file to build, y counted from the north (XYZ).
type Tile struct {
	Z    uint8
	X, Y uint32
	Data []byte
}

// Write creates the MBTiles file path holding tiles, with format (e.g.
// "pbf", "png"), the attribution and the zooms of the tiles in its
// metadata.
func Write(path, format, attribution string, tiles []Tile) error {
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return fmt.Errorf("mbtilestest: %w", err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE metadata (name text, value text);
		CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);
		CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)`); err != nil {
		return fmt.Errorf("mbtilestest: schema: %w", err)
	}
	tx, err := db.Begin()
	if err != nil {
		return fmt.Errorf("mbtilestest: %w", err)
	}
	defer tx.Rollback()
	minZ, maxZ := 31, 0
	for _, t := range tiles {
		row := uint64(1)<<t.Z - 1 - uint64(t.Y)
		if _, err := tx.Exec(`INSERT INTO tiles VALUES (?, ?, ?, ?)`, int64(t.Z), int64(t.X), int64(row), t.Data); err != nil {
			return fmt.Errorf("mbtilestest: tile %d/%d/%d: %w", t.Z, t.X, t.Y, err)
		}
		minZ, maxZ = min(minZ, int(t.Z)), max(maxZ, int(t.Z))
	}
	md := [][2]string{{"name", "test"}, {"format", format}, {"attribution", attribution},
		{"minzoom", strconv.Itoa(minZ)}, {"maxzoom", strconv.Itoa(maxZ)}}
	for _, kv := range md {
		if _, err := tx.Exec(`INSERT INTO metadata VALUES (?, ?)`, kv[0], kv[1]); err != nil {
			return fmt.Errorf("mbtilestest: metadata: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mbtilestest: %w", err)
	}
	return nil
}

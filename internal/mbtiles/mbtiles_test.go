package mbtiles_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"truce/internal/mbtiles"
	"truce/internal/mbtiles/mbtilestest"
)

// TestZoomsAndRows reads a file's zooms from its tiles where its metadata
// lacks them, and a tile by its XYZ address from its TMS row.
func TestZoomsAndRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.mbtiles")
	if err := mbtilestest.Write(path, "png", "© R", []mbtilestest.Tile{{Z: 2, X: 1, Y: 0, Data: []byte("north")}, {Z: 3, X: 0, Y: 7, Data: []byte("south")}}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM metadata WHERE name IN ('minzoom', 'maxzoom')`); err != nil {
		t.Fatal(err)
	}
	var row int
	if err := db.QueryRow(`SELECT tile_row FROM tiles WHERE zoom_level = 2`).Scan(&row); err != nil || row != 3 {
		t.Fatalf("the north row of zoom 2 is stored as row %d (%v), want TMS row 3", row, err)
	}
	db.Close()
	a, err := mbtiles.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.MinZoom != 2 || a.MaxZoom != 3 || a.Format != "png" || a.Attribution != "© R" || !a.Raster() || a.ContentType() != "image/png" {
		t.Errorf("archive %+v", a)
	}
	for _, tc := range []struct {
		z    uint8
		x, y uint32
		want string
	}{{2, 1, 0, "north"}, {3, 0, 7, "south"}, {2, 1, 3, ""}, {3, 0, 0, ""}} {
		b, gz, err := a.Tile(context.Background(), tc.z, tc.x, tc.y)
		if tc.want == "" {
			if !errors.Is(err, mbtiles.ErrNotFound) {
				t.Errorf("%d/%d/%d: %q %v, want not found", tc.z, tc.x, tc.y, b, err)
			}
			continue
		}
		if err != nil || string(b) != tc.want || gz {
			t.Errorf("%d/%d/%d: %q %v %v, want %q", tc.z, tc.x, tc.y, b, gz, err, tc.want)
		}
	}
}

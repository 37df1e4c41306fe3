package tilearchive_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"truce/internal/mbtiles/mbtilestest"
	"truce/internal/pmtiles"
	"truce/internal/pmtiles/pmtilestest"
	"truce/internal/tilearchive"
)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOpen opens a PMTiles archive and an MBTiles file of vector tiles
// (gzip compressed, as such archives commonly are) told apart by their
// bytes whatever their names, and reads each tile by its XYZ address: in
// MBTiles the north row of zoom 1 is stored as TMS row 1, so the two rows
// of zoom 1 must not be swapped.
func TestOpen(t *testing.T) {
	north, south := []byte("\x1a\x02north"), []byte("\x1a\x02south")
	dir := t.TempDir()
	pm := filepath.Join(dir, "region.mbtiles") // a misleading name: the bytes decide
	if err := pmtilestest.WriteGzip(pm, pmtiles.TypeMVT, "© PM", []pmtilestest.Tile{{Z: 1, X: 0, Y: 0, Data: north}, {Z: 1, X: 0, Y: 1, Data: south}}); err != nil {
		t.Fatal(err)
	}
	mb := filepath.Join(dir, "region.bin")
	if err := mbtilestest.Write(mb, "pbf", "© MB", []mbtilestest.Tile{{Z: 1, X: 0, Y: 0, Data: gz(t, north)}, {Z: 1, X: 0, Y: 1, Data: gz(t, south)}}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		want tilearchive.Info
	}{
		{pm, tilearchive.Info{Format: "pmtiles", ContentType: "application/vnd.mapbox-vector-tile", Attribution: "© PM", MinZoom: 1, MaxZoom: 1}},
		{mb, tilearchive.Info{Format: "mbtiles", ContentType: "application/vnd.mapbox-vector-tile", Attribution: "© MB", MinZoom: 1, MaxZoom: 1}},
	} {
		t.Run(tc.want.Format, func(t *testing.T) {
			a, err := tilearchive.Open(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if got := a.Info(); got != tc.want {
				t.Errorf("info %+v, want %+v", got, tc.want)
			}
			for y, want := range [][]byte{north, south} {
				tile, err := a.Tile(context.Background(), 1, 0, uint32(y))
				if err != nil {
					t.Fatalf("tile 1/0/%d: %v", y, err)
				}
				zr, err := gzip.NewReader(bytes.NewReader(tile.Data))
				if err != nil || !tile.Gzip {
					t.Fatalf("tile 1/0/%d: gzip %v, %v", y, tile.Gzip, err)
				}
				if got, _ := io.ReadAll(zr); !bytes.Equal(got, want) {
					t.Errorf("tile 1/0/%d is %q, want %q", y, got, want)
				}
			}
			for _, c := range [][3]uint32{{1, 1, 0}, {0, 0, 0}, {1, 2, 0}, {32, 0, 0}} {
				if _, err := a.Tile(context.Background(), uint8(c[0]), c[1], c[2]); !errors.Is(err, tilearchive.ErrNotFound) {
					t.Errorf("tile %v: %v, want not found", c, err)
				}
			}
		})
	}
}

// TestOpenRejects refuses files that are not tile archives, so that a
// node given one does not start: a text file, a SQLite file without the
// MBTiles tables, an MBTiles file of an unknown format, a missing file.
func TestOpenRejects(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.pmtiles")
	if err := os.WriteFile(text, []byte("not a tile archive at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(dir, "bare.mbtiles")
	db, err := sql.Open("sqlite", "file:"+bare)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE other (a)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	odd := filepath.Join(dir, "odd.mbtiles")
	if err := mbtilestest.Write(odd, "tiff", "", []mbtilestest.Tile{{Z: 0, Data: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{text, bare, odd, filepath.Join(dir, "missing.pmtiles")} {
		if a, err := tilearchive.Open(p); err == nil {
			a.Close()
			t.Errorf("%s opened", filepath.Base(p))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.pmtiles")); err == nil {
		t.Error("opening a missing file created it")
	}
}

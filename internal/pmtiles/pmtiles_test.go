package pmtiles_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"truce/internal/pmtiles"
	"truce/internal/pmtiles/pmtilestest"
)

// TestTileID checks the Hilbert tile ids against the values the
// specification's reference implementation gives.
func TestTileID(t *testing.T) {
	cases := []struct {
		z    uint8
		x, y uint32
		want uint64
	}{
		{0, 0, 0, 0}, {1, 0, 0, 1}, {1, 0, 1, 2}, {1, 1, 1, 3}, {1, 1, 0, 4}, {2, 0, 0, 5}, {3, 0, 0, 21}, {20, 0, 0, 366503875925},
	}
	for _, c := range cases {
		if got := pmtiles.TileID(c.z, c.x, c.y); got != c.want {
			t.Errorf("TileID(%d, %d, %d) = %d, want %d", c.z, c.x, c.y, got, c.want)
		}
	}
}

// TestArchive builds a small archive and reads its tiles back: each held
// tile's bytes, ErrNotFound for one it lacks or outside the zoom's grid,
// the attribution from its metadata; a file that is not an archive is
// refused with ErrFormat.
func TestArchive(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tiny.pmtiles")
	tiles := []pmtilestest.Tile{{Z: 0, X: 0, Y: 0, Data: []byte("zero")}, {Z: 3, X: 4, Y: 2, Data: []byte("three-four-two")}, {Z: 1, X: 1, Y: 0, Data: []byte("one")}}
	if err := pmtilestest.Write(path, pmtiles.TypePNG, "© test contributors", tiles); err != nil {
		t.Fatal(err)
	}
	a, err := pmtiles.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, tl := range tiles {
		got, err := a.Tile(tl.Z, tl.X, tl.Y)
		if err != nil || !bytes.Equal(got, tl.Data) {
			t.Errorf("tile %d/%d/%d: %q, %v; want %q", tl.Z, tl.X, tl.Y, got, err, tl.Data)
		}
	}
	for _, miss := range [][3]uint32{{1, 0, 0}, {3, 4, 3}, {2, 9, 0}, {40, 0, 0}} {
		if _, err := a.Tile(uint8(miss[0]), miss[1], miss[2]); !errors.Is(err, pmtiles.ErrNotFound) {
			t.Errorf("tile %v: %v, want ErrNotFound", miss, err)
		}
	}
	if a.Attribution != "© test contributors" || a.ContentType() != "image/png" || !a.Raster() || a.Header.MaxZoom != 3 {
		t.Errorf("attribution %q, type %q, raster %v, max zoom %d", a.Attribution, a.ContentType(), a.Raster(), a.Header.MaxZoom)
	}
	bad := filepath.Join(dir, "bad.pmtiles")
	if err := os.WriteFile(bad, bytes.Repeat([]byte("x"), 200), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := pmtiles.Open(bad); !errors.Is(err, pmtiles.ErrFormat) {
		t.Errorf("a file of x's opens: %v", err)
	}
}

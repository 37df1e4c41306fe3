package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"truce/internal/mbtiles/mbtilestest"
	"truce/internal/pmtiles"
	"truce/internal/pmtiles/pmtilestest"
	"truce/internal/store"
	"truce/internal/tilearchive"
)

// TestBasemapTiles serves the tiles of a PMTiles archive and of an
// MBTiles file the test builds: a held tile as stored with its media
// type, a tile the archive lacks as a 404 problem, a z/x/y outside the
// grid as a 400 problem, and the UI config describes the archive (route,
// attribution, raster); a node without an archive offers none and
// answers 404.
func TestBasemapTiles(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n-a-tile")
	for _, format := range []string{"pmtiles", "mbtiles"} {
		t.Run(format, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "region."+format)
			var err error
			if format == "pmtiles" {
				err = pmtilestest.Write(path, pmtiles.TypePNG, "© OpenStreetMap contributors", []pmtilestest.Tile{{Z: 1, X: 1, Y: 0, Data: png}, {Z: 0, X: 0, Y: 0, Data: []byte("z0")}})
			} else {
				err = mbtilestest.Write(path, "png", "© OpenStreetMap contributors", []mbtilestest.Tile{{Z: 1, X: 1, Y: 0, Data: png}, {Z: 0, X: 0, Y: 0, Data: []byte("z0")}})
			}
			if err != nil {
				t.Fatal(err)
			}
			a, err := tilearchive.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			testBasemapTiles(t, a, png)
		})
	}
}

func testBasemapTiles(t *testing.T, a tilearchive.Archive, png []byte) {
	serve := func(s *Server, target string) *httptest.ResponseRecorder {
		mux := http.NewServeMux()
		mux.HandleFunc("GET "+basemapTilesPath, s.getBasemapTile)
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
		return rec
	}
	s := newServer(Deps{DB: &store.DB{}}, Options{Basemap: a})
	cases := []struct {
		target, ctype string
		status        int
		body          []byte
	}{
		{"/api/v1/basemap/tiles/1/1/0", "image/png", 200, png},
		{"/api/v1/basemap/tiles/1/0/0", "application/problem+json", 404, nil},
		{"/api/v1/basemap/tiles/1/2/0", "application/problem+json", 400, nil},
		{"/api/v1/basemap/tiles/x/0/0", "application/problem+json", 400, nil},
		{"/api/v1/basemap/tiles/32/0/0", "application/problem+json", 400, nil},
	}
	for _, tc := range cases {
		rec := serve(s, tc.target)
		if rec.Code != tc.status || rec.Header().Get("Content-Type") != tc.ctype || (tc.body != nil && !bytes.Equal(rec.Body.Bytes(), tc.body)) {
			t.Errorf("%s: %d %s %q, want %d %s", tc.target, rec.Code, rec.Header().Get("Content-Type"), rec.Body.Bytes(), tc.status, tc.ctype)
		}
	}
	rec := httptest.NewRecorder()
	s.getUIConfig(rec, httptest.NewRequest("GET", "/api/v1/ui/config", nil))
	var c UIConfig
	if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil || c.BasemapTiles == nil {
		t.Fatalf("ui config: %v %s", err, rec.Body.Bytes())
	}
	if b := *c.BasemapTiles; b.URL != basemapTilesPath || b.Attribution != "© OpenStreetMap contributors" || !b.Raster || b.Type != "image/png" || b.MaxZoom != 1 {
		t.Errorf("basemap tiles described as %+v", b)
	}
	none := newServer(Deps{DB: &store.DB{}}, Options{})
	if rec := serve(none, "/api/v1/basemap/tiles/0/0/0"); rec.Code != 404 {
		t.Errorf("a node without an archive answers %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	none.getUIConfig(rec, httptest.NewRequest("GET", "/api/v1/ui/config", nil))
	if bytes.Contains(rec.Body.Bytes(), []byte("basemap_tiles")) {
		t.Errorf("a node without an archive describes one: %s", rec.Body.Bytes())
	}
}

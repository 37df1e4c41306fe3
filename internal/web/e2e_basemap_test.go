package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/config"
	"truce/internal/pmtiles"
	"truce/internal/pmtiles/pmtilestest"
)

// TestBrowserBasemapTiles starts a node on a PMTiles archive the test
// builds (every tile of zooms 0 to 3, plain PNG squares) and checks that
// the map draws the node's tiles, loaded from the node's tile route with
// no other origin, and credits the archive's attribution; a node without
// an archive offers no such layer.
func TestBrowserBasemapTiles(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = []uint8{0xa8, 0xd0, 0xa0, 0xff}[i%4]
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	var tiles []pmtilestest.Tile
	for z := uint8(0); z <= 3; z++ {
		for x := uint32(0); x < 1<<z; x++ {
			for y := uint32(0); y < 1<<z; y++ {
				tiles = append(tiles, pmtilestest.Tile{Z: z, X: x, Y: y, Data: buf.Bytes()})
			}
		}
	}
	path := filepath.Join(t.TempDir(), "region.pmtiles")
	if err := pmtilestest.Write(path, pmtiles.TypePNG, "© Test Tiles contributors", tiles); err != nil {
		t.Fatal(err)
	}
	n := startNodeWith(t, func(c *config.Server) { c.Basemap = path })
	bare := startNode(t)
	browser := startBrowser(t)
	tb := tab(t, browser)
	base := n.srv.URL
	loginAPI(t, tb, base, "us-liaison", "password-us")
	run(t, tb, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`#layer-basemaptiles`))
	waitFor(t, tb, "the node's tiles drawn", `[...document.querySelectorAll('#map .basemap-tiles img')].some((i) => i.complete && i.naturalWidth === 256)`)
	srcs := get(t, tb, "tile sources", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#map .basemap-tiles img')].map((i) => i.src)`))
	for _, s := range srcs {
		if !strings.HasPrefix(s, base+"/api/v1/basemap/tiles/") {
			t.Errorf("a basemap tile comes from %s", s)
		}
	}
	if credit := get(t, tb, "attribution", chromedp.Text(`#map .leaflet-control-attribution`)); !strings.Contains(credit, "© Test Tiles contributors") {
		t.Errorf("the map credits %q, not the archive's attribution", credit)
	}
	shot(t, tb, screenshotDir(t), "99-basemap-tiles")

	other := tab(t, browser)
	loginAPI(t, other, bare.srv.URL, "us-liaison", "password-us")
	run(t, other, "map without an archive", chromedp.Navigate(bare.srv.URL+"/#/map"), chromedp.WaitVisible(`#layer-countries`))
	if has := get(t, other, "no layer", chromedp.Evaluate[bool](`!!document.getElementById('layer-basemaptiles')`)); has {
		t.Error("a node without an archive offers the basemap tiles layer")
	}
}

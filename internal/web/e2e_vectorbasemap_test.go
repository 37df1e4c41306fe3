package web_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/config"
	"truce/internal/mbtiles/mbtilestest"
	"truce/internal/pmtiles"
	"truce/internal/pmtiles/pmtilestest"
	"truce/internal/testseed"
	"truce/internal/vectortile"
)

// vectorBasemapTile is the one tile every address of the test archives
// holds, in the layer names of schema ("openmaptiles" or "protomaps"):
// water over the north-west quarter, a primary road across at three
// quarters of the height (on a pixel row's middle, so a 1-pixel road
// fills it), and a city at the north-east, named in three languages.
func vectorBasemapTile(t *testing.T, schema string) []byte {
	t.Helper()
	water := vectortile.Feature{Type: vectortile.Polygon, Geometry: [][][2]int{{{0, 0}, {2048, 0}, {2048, 2048}, {0, 2048}}}, Props: map[string]any{"class": "ocean", "kind": "ocean"}}
	road := vectortile.Feature{Type: vectortile.LineString, Geometry: [][][2]int{{{-64, 3080}, {4160, 3080}}}, Props: map[string]any{"class": "primary", "kind": "major_road"}}
	city := vectortile.Feature{Type: vectortile.Point, Geometry: [][][2]int{{{3072, 1024}}},
		Props: map[string]any{"class": "city", "kind": "locality", "name": "Dimashq", "name:ar": "دمشق", "name:ru": "Дамаск", "name:en": "Damascus"}}
	layers := []vectortile.Layer{{Name: "water", Features: []vectortile.Feature{water}}, {Name: "transportation", Features: []vectortile.Feature{road}}, {Name: "place", Features: []vectortile.Feature{city}}}
	if schema == "protomaps" {
		earth := vectortile.Feature{Type: vectortile.Polygon, Geometry: [][][2]int{{{0, 0}, {4096, 0}, {4096, 4096}, {0, 4096}}}, Props: map[string]any{"kind": "earth"}}
		layers = []vectortile.Layer{{Name: "earth", Features: []vectortile.Feature{earth}}, {Name: "water", Features: []vectortile.Feature{water}},
			{Name: "roads", Features: []vectortile.Feature{road}}, {Name: "places", Features: []vectortile.Feature{city}}}
	}
	b, err := vectortile.Encode(layers)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBrowserVectorBasemap starts one node on a PMTiles archive of
// gzip-compressed OpenMapTiles-schema vector tiles and one on an MBTiles
// file of Protomaps-schema tiles (both built here, zooms 0 to 5), and
// checks in Chromium that the map draws them with no other origin: the
// water's and the road's pixels in the style's colours at their places
// in a drawn tile, the city named in the page's language (Arabic drawn by
// the canvas, Russian, English), and the archive's credit shown.
func TestBrowserVectorBasemap(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	dir := t.TempDir()
	var pm []pmtilestest.Tile
	var mb []mbtilestest.Tile
	omt, pmaps := vectorBasemapTile(t, "openmaptiles"), vectorBasemapTile(t, "protomaps")
	for z := uint8(0); z <= 5; z++ {
		for x := uint32(0); x < 1<<z; x++ {
			for y := uint32(0); y < 1<<z; y++ {
				pm = append(pm, pmtilestest.Tile{Z: z, X: x, Y: y, Data: omt})
				mb = append(mb, mbtilestest.Tile{Z: z, X: x, Y: y, Data: pmaps})
			}
		}
	}
	pmPath, mbPath := filepath.Join(dir, "region.pmtiles"), filepath.Join(dir, "region.mbtiles")
	if err := pmtilestest.WriteGzip(pmPath, pmtiles.TypeMVT, "© PM Test contributors", pm); err != nil {
		t.Fatal(err)
	}
	if err := mbtilestest.Write(mbPath, "pbf", "© MB Test contributors", mb); err != nil {
		t.Fatal(err)
	}
	pmNode := startNodeWith(t, func(c *config.Server) { c.Basemap = pmPath })
	mbNode := startNodeWith(t, func(c *config.Server) { c.Basemap = mbPath })
	browser := startBrowser(t)
	for _, tc := range []struct {
		name, lang, base, credit, city string
	}{
		{"pmtiles-ar", "ar", pmNode.srv.URL, "© PM Test contributors", "دمشق"},
		{"mbtiles-en", "en", mbNode.srv.URL, "© MB Test contributors", "Damascus"},
		{"pmtiles-ru", "ru", pmNode.srv.URL, "© PM Test contributors", "Дамаск"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := tab(t, browser)
			loginAPI(t, tb, tc.base, "us-liaison", "password-us")
			setLanguage(t, tb, tc.lang)
			run(t, tb, "map", chromedp.Navigate(tc.base+"/#/map"), chromedp.WaitVisible(`#layer-basemaptiles`))
			waitFor(t, tb, "a vector tile drawn", `!!document.querySelector('#map .basemap-vector canvas[data-drawn]')`)
			// Pixels of the first drawn tile, in CSS pixels of the 256-pixel tile.
			probe := get(t, tb, "tile pixels", chromedp.Evaluate[map[string]any](`(() => {
				const c = document.querySelector('#map .basemap-vector canvas[data-drawn]');
				const g = c.getContext('2d');
				const r = c.width / 256;
				const px = (x, y) => [...g.getImageData(Math.floor(x * r), Math.floor(y * r), 1, 1).data].slice(0, 3);
				const road = []; for (let y = 186; y <= 198; y++) road.push(px(128, y));
				let dark = 0; const box = g.getImageData(Math.floor(150 * r), Math.floor(54 * r), Math.floor(84 * r), Math.floor(20 * r)).data;
				for (let i = 0; i < box.length; i += 4) if (box[i] + box[i + 1] + box[i + 2] < 240) dark++;
				return { tile: c.dataset.tile, water: px(64, 64), land: px(64, 230), road, dark, labels: JSON.parse(c.dataset.labels) };
			})()`))
			near := func(got any, want [3]float64) bool {
				g, ok := got.([]any)
				if !ok || len(g) != 3 {
					return false
				}
				for i := range want {
					if d := g[i].(float64) - want[i]; d < -12 || d > 12 {
						return false
					}
				}
				return true
			}
			if !near(probe["water"], [3]float64{0xa9, 0xd3, 0xde}) {
				t.Errorf("tile %v: the water is drawn %v", probe["tile"], probe["water"])
			}
			if !near(probe["land"], [3]float64{0xf2, 0xef, 0xe9}) {
				t.Errorf("tile %v: the land is drawn %v", probe["tile"], probe["land"])
			}
			roadSeen := false
			for _, p := range probe["road"].([]any) {
				roadSeen = roadSeen || near(p, [3]float64{0xf6, 0xcf, 0x95})
			}
			if !roadSeen {
				t.Errorf("tile %v: no pixel of the road's colour across it: %v", probe["tile"], probe["road"])
			}
			if labels := fmt.Sprint(probe["labels"]); !strings.Contains(labels, tc.city) {
				t.Errorf("tile %v names %s, want %s", probe["tile"], labels, tc.city)
			}
			if dark, _ := probe["dark"].(float64); dark < 10 {
				t.Errorf("tile %v: %v dark pixels where the city's name is written", probe["tile"], dark)
			}
			srcs := get(t, tb, "requests", chromedp.Evaluate[[]string](`performance.getEntriesByType('resource').map((e) => e.name).filter((n) => !n.startsWith(location.origin))`))
			if len(srcs) > 0 {
				t.Errorf("the page fetched from other origins: %v", srcs)
			}
			if credit := get(t, tb, "attribution", chromedp.Text(`#map .leaflet-control-attribution`)); !strings.Contains(credit, tc.credit) {
				t.Errorf("the map credits %q, not the archive's attribution", credit)
			}
			shot(t, tb, screenshotDir(t), "99-basemap-vector-"+tc.name)
		})
	}
}

// TestBrowserVectorTileDecoder decodes in Chromium, with the UI's decoder
// (js/map/mvt/decode.js), random tiles encoded by the Go encoder
// (internal/vectortile), and checks that it gives back every layer,
// extent, feature type, property and coordinate (rings closed by their
// first point). It prints its seed.
func TestBrowserVectorTileDecoder(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	rng := rand.New(rand.NewPCG(testseed.Seed(t), 0))
	type feature struct {
		Type     int              `json:"type"`
		Props    map[string]any   `json:"props"`
		Geometry [][]([2]float64) `json:"geometry"`
	}
	type layer struct {
		Extent   int       `json:"extent"`
		Features []feature `json:"features"`
	}
	n := startNode(t)
	browser := startBrowser(t)
	tb := tab(t, browser)
	run(t, tb, "page", chromedp.Navigate(n.srv.URL+"/"), chromedp.WaitReady(`body`))
	words := []string{"Damascus", "دمشق", "Дамаск", "", "a\"b", "road ✓"}
	for i := 0; i < 20; i++ {
		var ls []vectortile.Layer
		want := map[string]layer{}
		for li := 0; li < 1+rng.IntN(3); li++ {
			l := vectortile.Layer{Name: fmt.Sprintf("layer%d", li), Extent: uint32([]int{4096, 512, 8192}[rng.IntN(3)])}
			wl := layer{Extent: int(l.Extent)}
			for fi := 0; fi < rng.IntN(5); fi++ {
				typ := vectortile.GeomType(1 + rng.IntN(3))
				f := vectortile.Feature{Type: typ, Props: map[string]any{}}
				wf := feature{Type: int(typ), Props: map[string]any{}}
				for pi := 0; pi < rng.IntN(4); pi++ {
					k := fmt.Sprintf("k%d", rng.IntN(3))
					switch rng.IntN(4) {
					case 0:
						f.Props[k] = words[rng.IntN(len(words))]
					case 1:
						f.Props[k] = float64(rng.IntN(2000)-1000) / 8
					case 2:
						f.Props[k] = int64(rng.IntN(1<<40) - 1<<39)
					default:
						f.Props[k] = rng.IntN(2) == 1
					}
					wf.Props[k] = f.Props[k]
					if v, ok := f.Props[k].(int64); ok {
						wf.Props[k] = float64(v)
					}
				}
				parts := 1
				if typ != vectortile.Point {
					parts += rng.IntN(3)
				}
				for p := 0; p < parts; p++ {
					var part [][2]int
					var wpart [][2]float64
					for q := 0; q < 3+rng.IntN(4); q++ {
						pt := [2]int{rng.IntN(int(l.Extent)+512) - 256, rng.IntN(int(l.Extent)+512) - 256}
						part = append(part, pt)
						wpart = append(wpart, [2]float64{float64(pt[0]), float64(pt[1])})
					}
					if typ == vectortile.Polygon {
						wpart = append(wpart, wpart[0])
					}
					f.Geometry = append(f.Geometry, part)
					wf.Geometry = append(wf.Geometry, wpart)
				}
				l.Features = append(l.Features, f)
				wl.Features = append(wl.Features, wf)
			}
			ls = append(ls, l)
			if wl.Features == nil {
				wl.Features = []feature{}
			}
			want[l.Name] = wl
		}
		b, err := vectortile.Encode(ls)
		if err != nil {
			t.Fatal(err)
		}
		js := fmt.Sprintf(`import('/static/js/map/mvt/decode.js').then((m) => {
			const t = m.decodeTile(Uint8Array.from(atob(%q), (c) => c.charCodeAt(0)));
			const out = {};
			for (const [name, l] of Object.entries(t.layers)) out[name] = { extent: l.extent, features: l.features.map((f) => ({ type: f.type, props: f.props, geometry: f.geometry })) };
			return JSON.stringify(out);
		})`, base64.StdEncoding.EncodeToString(b))
		raw := get(t, tb, fmt.Sprintf("decode tile %d", i), chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		var got map[string]layer
		if err := json.Unmarshal([]byte(raw), &got); err != nil {
			t.Fatalf("tile %d: %v: %s", i, err, raw)
		}
		for name, l := range got { // float32-free: the encoder writes doubles, so values compare exactly
			if l.Features == nil {
				l.Features = []feature{}
				got[name] = l
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("tile %d decodes as\n%+v\nwant\n%+v", i, got, want)
		}
	}
}

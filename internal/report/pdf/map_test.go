package pdf

import (
	"image"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"truce/internal/report/doc"
)

// near reports whether c is within tol of the RGB colour want on every channel.
func near(c [3]int, want [3]int, tol int) bool {
	for i := range 3 {
		if d := c[i] - want[i]; d > tol || d < -tol {
			return false
		}
	}
	return true
}

// rgb returns the 8-bit RGB of the pixel at (x, y).
func rgb(img image.Image, x, y int) [3]int {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}

// mapArea returns the pixels of page 1 (rasterised at 50 dpi) between the bottom of the word
// above and the top of the word below, from margin to margin: the map frame without its legend.
func mapArea(t *testing.T, ws []word, above, below string) image.Rectangle {
	t.Helper()
	a, ok := findWord(ws, 1, above)
	if !ok {
		t.Fatalf("word %q not on page 1", above)
	}
	// The word below is the lowest that reads it (a layer's name may label a feature on the map).
	b, ok := word{}, false
	for i := range ws {
		if x, found := findWord(ws[i:i+1], 1, below); found && x.yMin > b.yMin {
			b, ok = x, true
		}
	}
	if !ok {
		t.Fatalf("word %q not on page 1", below)
	}
	px := 50.0 / 72 // pixels per point
	left, right := margin/mmPerPt*px, (pageW-margin)/mmPerPt*px
	return image.Rect(int(left)+2, int((a.yMin+12)*px), int(right)-2, int(b.yMin*px)-2)
}

// TestRenderMap rasterises a page with a map and checks that the frame holds pixels of the basemap's
// land and of each layer's colour, and that a map with no layers and no basemap holds none of them.
func TestRenderMap(t *testing.T) {
	land := [3]int{245, 243, 237}
	layerColours := map[string][3]int{
		"incident.confirmed": styles["incident.confirmed"].colour,
		"site":               styles["site"].colour,
		"zone":               styles["zone"].colour,
	}
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			full := fixture(lang, 0, 0, 300)
			mapSection := full.Sections[3]
			tests := []struct {
				name  string
				m     doc.Map
				layer bool // layers and basemap are expected
			}{
				{"layers over basemap", mapSection.Blocks[0].(doc.Map), true},
				{"empty", doc.Map{Title: "x", Bound: orb.Bound{Min: orb.Point{36, 35.6}, Max: orb.Point{38.2, 36.8}}}, false},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					d := doc.Document{Title: full.Title, Lang: lang, RTL: full.RTL,
						Sections: []doc.Section{{ID: "map", Heading: mapSection.Heading, Blocks: []doc.Block{tt.m}}}}
					b, err := Render(d)
					if err != nil {
						t.Fatal(err)
					}
					path := writePDF(t, b)
					img := raster(t, path, 1)
					below := "1" // no legend: down to the page number in the footer
					if tt.layer {
						below = strings.Fields(tt.m.Layers[0].Name)[0]
					}
					box := mapArea(t, pdfWords(t, path), strings.Fields(tt.m.Title)[0], below)
					if box.Dy() < 60 {
						t.Fatalf("map area %v: want the frame's height", box)
					}
					counts := map[string]int{}
					for y := box.Min.Y; y < box.Max.Y; y++ {
						for x := box.Min.X; x < box.Max.X; x++ {
							c := rgb(img, x, y)
							if near(c, land, 3) {
								counts["land"]++
							}
							for name, want := range layerColours {
								if near(c, want, 50) {
									counts[name]++
								}
							}
						}
					}
					for _, name := range []string{"land", "incident.confirmed", "site", "zone"} {
						if tt.layer && counts[name] < 3 {
							t.Errorf("%s: %d pixels of its colour in the map frame, want some", name, counts[name])
						}
						if !tt.layer && counts[name] > 0 {
							t.Errorf("%s: %d pixels of its colour in an empty map", name, counts[name])
						}
					}
				})
			}
		})
	}
}

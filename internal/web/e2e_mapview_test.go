package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// mapLayout measures the map page: the document's height against the
// window's, and the rectangles of the map, its credits, zoom buttons and
// legend, and of the visible incident markers.
const mapLayout = `(() => {
  const r = (el) => { if (!el) return null; const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  return {
    doc: [document.documentElement.scrollWidth, document.documentElement.scrollHeight, innerWidth, innerHeight],
    map: r(document.getElementById('map')),
    credits: r(document.querySelector('#map .leaflet-control-attribution')),
    legend: r(document.getElementById('legend')),
    tools: r(document.querySelector('.maptools')),
    incidents: [...document.querySelectorAll('#map .leaflet-marker-icon.incident')].map(r),
  };
})()`

type mapRects struct {
	Doc       []float64   `json:"doc"`
	Map       []float64   `json:"map"`
	Credits   []float64   `json:"credits"`
	Legend    []float64   `json:"legend"`
	Tools     []float64   `json:"tools"`
	Incidents [][]float64 `json:"incidents"`
}

// inside reports whether rectangle a lies within b (1 px of rounding).
func inside(a, b []float64) bool {
	return len(a) == 4 && len(b) == 4 && a[0] >= b[0]-1 && a[1] >= b[1]-1 && a[2] <= b[2]+1 && a[3] <= b[3]+1
}

// overlap reports whether rectangles a and b intersect.
func overlap(a, b []float64) bool { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] }

// setLanguage makes lang the language of the next page loaded in ctx.
func setLanguage(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	get(t, ctx, "language "+lang, chromedp.Evaluate[bool](fmt.Sprintf(`(localStorage.setItem('truce.lang', %q), true)`, lang)))
}

// TestBrowserMapView checks the operations map in English, Russian and
// Arabic: it fills the window beside its tools at desktop and tablet sizes
// (no page scrolling; credits, legend and the monitored area's incidents
// from Damascus to Abu Kamal on screen); the arrow keys pan it while a
// feature inside it has focus, and never scroll the page; a popup opened
// next to the zoom buttons is not covered by them; a flight route under a
// zone is what a click there hits; the two aircraft of a conflict are
// labelled with callsign and party in distinct colours; and the conflict's
// popup names them as far as the viewer may know them (party un is not
// told the callsign of party us's AMBER aircraft), gives its times to the
// second and links to the conflict's record page.
func TestBrowserMapView(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.seedMapView(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	browser := startBrowser(t)
	us := tab(t, browser)
	un := tab(t, browser)
	loginAPI(t, us, base, "us-liaison", "password-us")
	loginAPI(t, un, base, "un-liaison", "password-un")
	seconds := regexp.MustCompile(`\p{Nd}{1,2}:\p{Nd}{2}:\p{Nd}{2}`)
	machine := regexp.MustCompile(`fpl_|ref_|\.\d{4,}|\d{4}-\d\d-\d\dT`)

	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			setLanguage(t, us, lang)
			setLanguage(t, un, lang)
			// One page load; the window then takes each size in turn (the
			// map, not moved yet, is fitted to the monitored area again).
			run(t, us, "map", chromedp.EmulateViewport(1280, 800), chromedp.Navigate(fmt.Sprintf("%s/?%s#/map", base, lang)))
			for _, size := range [][2]int64{{1280, 800}, {1920, 1080}, {1024, 640}, {800, 1100}} {
				name := fmt.Sprintf("%dx%d", size[0], size[1])
				run(t, us, "viewport "+name, chromedp.EmulateViewport(size[0], size[1]))
				run(t, us, "map at "+name, chromedp.WaitVisible(`#map .leaflet-marker-icon.incident`), chromedp.WaitVisible(`#map path.flight-route`))
				get(t, us, "incidents drawn", chromedp.Poll[bool](`document.querySelectorAll('#map .leaflet-marker-icon.incident').length === 3`))
				l := get(t, us, "layout "+name, chromedp.Evaluate[mapRects](mapLayout))
				win := []float64{0, 0, l.Doc[2], l.Doc[3]}
				if l.Doc[1] > l.Doc[3]+1 || l.Doc[0] > l.Doc[2]+1 {
					t.Errorf("%s: the page is %v×%v in a %v×%v window", name, l.Doc[0], l.Doc[1], l.Doc[2], l.Doc[3])
				}
				if !inside(l.Map, win) || !inside(l.Credits, l.Map) {
					t.Errorf("%s: map %v or its credits %v not within the window %v", name, l.Map, l.Credits, win)
				}
				if !inside(l.Tools, win) {
					t.Errorf("%s: the map's tools %v leave the window %v", name, l.Tools, win)
				}
				// The legend starts on screen in a window 800 px high or more;
				// in a lower one it is further down the tools, which scroll.
				if size[0] > 900 && size[1] >= 800 && (l.Legend[1] >= l.Doc[3] || l.Legend[1] <= 0) {
					t.Errorf("%s: the legend starts at y=%v, off the %v px window", name, l.Legend[1], l.Doc[3])
				}
				for i, r := range l.Incidents {
					if !inside(r, l.Map) {
						t.Errorf("%s: incident marker %d at %v is outside the map %v on the first view", name, i, r, l.Map)
					}
				}
				shot(t, us, dir, fmt.Sprintf("50-map-%s-%s", lang, name))
			}
			run(t, us, "desktop", chromedp.EmulateViewport(1280, 800))
			run(t, us, "conflict drawn", chromedp.WaitVisible(`#map path.conflict`), chromedp.WaitVisible(`#map path.flight-route.in-conflict`))
			checkConflictLabels(t, us)
			checkRouteUnderZone(t, us)
			checkKeyboardPan(t, us)
			checkPopupClearOfZoom(t, us, seconds, machine)
			shot(t, us, dir, fmt.Sprintf("51-map-conflict-popup-%s", lang))
			// Party un may know its own aircraft, not party us's AMBER one.
			run(t, un, "un map", chromedp.Navigate(fmt.Sprintf("%s/?%s#/map", base, lang)))
			run(t, un, "un conflict", chromedp.WaitVisible(`#map path.conflict`))
			if routes := get(t, un, "un routes", chromedp.Evaluate[int](`document.querySelectorAll('#map path.flight-route').length`)); routes != 1 {
				t.Errorf("party un is shown %d routes, want its own only", routes)
			}
			text := openConflictPopup(t, un)
			if !strings.Contains(text, "UNO101") || strings.Contains(text, "USA101") || strings.Contains(text, "United States") || machine.MatchString(text) {
				t.Errorf("party un's conflict popup %q: want UNO101 named and party us's aircraft neither named nor given by reference", text)
			}
			if all := get(t, un, "un map text", chromedp.Evaluate[string](`document.getElementById('map').textContent`)); strings.Contains(all, "USA101") {
				t.Errorf("party un's map mentions USA101")
			}
			shot(t, un, dir, fmt.Sprintf("52-map-conflict-un-%s", lang))
			// The popup's link opens the conflict's record page.
			run(t, un, "record link", chromedp.Click(`.leaflet-popup a.popup-record`), chromedp.WaitVisible(`#conflict-fields`))
			if h := get(t, un, "hash", chromedp.Evaluate[string](`location.hash`)); !strings.HasPrefix(h, "#/conflicts/") {
				t.Errorf("the conflict popup's link led to %q", h)
			}
		})
	}
}

// checkConflictLabels checks that both aircraft of the conflict carry a
// permanent label with callsign and party, and that their routes differ
// in colour.
func checkConflictLabels(t *testing.T, ctx context.Context) {
	t.Helper()
	get(t, ctx, "labels", chromedp.Poll[bool](`document.querySelectorAll('#map .leaflet-tooltip.flight-label').length === 2`))
	labels := get(t, ctx, "label text", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#map .leaflet-tooltip.flight-label')].map((e) => e.textContent)`))
	joined := strings.Join(labels, " | ")
	for _, want := range []string{"UNO101", "USA101", "United States", "UN monitoring cell"} {
		if !strings.Contains(joined, want) {
			t.Errorf("conflict labels %q lack %q", joined, want)
		}
	}
	colours := get(t, ctx, "route colours", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#map path.flight-route.in-conflict')].map((p) => p.getAttribute('stroke'))`))
	if len(colours) != 2 || colours[0] == colours[1] {
		t.Errorf("the routes in conflict are drawn in %v, want two distinct colours", colours)
	}
}

// checkRouteUnderZone finds the point of a route inside a zone and checks
// that a click there hits the route.
func checkRouteUnderZone(t *testing.T, ctx context.Context) {
	t.Helper()
	hit := get(t, ctx, "route under zone", chromedp.Evaluate[string](`(() => {
		for (const path of document.querySelectorAll('#map path.flight-route')) {
			const p = path.getPointAtLength(path.getTotalLength() * 0.3), m = path.getScreenCTM();
			const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
			if (!document.elementsFromPoint(x, y).some((e) => e.matches('path.zone'))) continue;
			const top = document.elementFromPoint(x, y);
			return top.matches('path.flight-route') ? 'route' : top.getAttribute('class') || top.tagName;
		}
		return 'no route under a zone';
	})()`))
	if hit != "route" {
		t.Errorf("a click on the route inside the zone hits %q, not the route", hit)
	}
}

// checkKeyboardPan focuses a feature inside the map and presses the arrow
// keys: the map pans, the page does not scroll.
func checkKeyboardPan(t *testing.T, ctx context.Context) {
	t.Helper()
	pane := `document.querySelector('#map .leaflet-map-pane').style.transform`
	before := get(t, ctx, "pane", chromedp.Evaluate[string](pane))
	run(t, ctx, "focus a zone", chromedp.Focus(`#map path.zone[tabindex="0"]`), chromedp.KeyEvent(kb.ArrowDown))
	get(t, ctx, "panned", chromedp.Poll[bool](fmt.Sprintf(`%s !== %q`, pane, before)))
	scrolled := get(t, ctx, "scroll", chromedp.Evaluate[float64](`window.scrollY + document.getElementById('main').scrollTop + document.documentElement.scrollTop`))
	if scrolled != 0 {
		t.Errorf("the arrow key scrolled the page by %v px", scrolled)
	}
}

// openConflictPopup clicks the conflict's ring and returns its popup's text.
func openConflictPopup(t *testing.T, ctx context.Context) string {
	t.Helper()
	xy := get(t, ctx, "conflict at", chromedp.Evaluate[[]float64](`(() => { const b = document.querySelector('#map path.conflict').getBoundingClientRect(); return [(b.left + b.right) / 2, (b.top + b.bottom) / 2]; })()`))
	run(t, ctx, "open conflict popup", chromedp.MouseClickXY(xy[0], xy[1]), chromedp.WaitVisible(`.leaflet-popup .map-popup`))
	return get(t, ctx, "popup text", chromedp.Text(`.leaflet-popup .map-popup`))
}

// checkPopupClearOfZoom pans the conflict with the arrow keys next to the
// zoom buttons (where its popup would open under them), opens its popup
// and checks that the buttons do not cover it; the popup names both
// aircraft, gives times to the second and no machine text.
func checkPopupClearOfZoom(t *testing.T, ctx context.Context, seconds, machine *regexp.Regexp) {
	t.Helper()
	at := `(() => { const m = document.getElementById('map').getBoundingClientRect(), b = document.querySelector('#map path.conflict').getBoundingClientRect();
		return [(b.left + b.right) / 2 - m.left, (b.top + b.bottom) / 2 - m.top]; })()`
	pane := `document.querySelector('#map .leaflet-map-pane').style.transform`
	// Each arrow key pans the view 80 px; features move the opposite way.
	// The conflict is brought into x ≤ 150, 120 ≤ y ≤ 250 of the map, where
	// its popup (above it) would open under the zoom buttons.
	var p []float64
	for range 12 {
		p = get(t, ctx, "conflict position", chromedp.Evaluate[[]float64](at))
		key := ""
		switch {
		case p[0] > 150:
			key = kb.ArrowRight
		case p[0] < 40:
			key = kb.ArrowLeft
		case p[1] > 250:
			key = kb.ArrowDown
		case p[1] < 120:
			key = kb.ArrowUp
		}
		if key == "" {
			break
		}
		before := get(t, ctx, "pane", chromedp.Evaluate[string](pane))
		run(t, ctx, "arrow", chromedp.Focus(`#map`), chromedp.KeyEvent(key))
		get(t, ctx, "pan done", chromedp.Poll[bool](fmt.Sprintf(`%s !== %q && !document.querySelector('#map .leaflet-pan-anim')`, pane, before)))
	}
	if p[0] > 150 || p[0] < 40 || p[1] > 250 || p[1] < 120 {
		t.Fatalf("the conflict is at %v in the map, not beside the zoom buttons", p)
	}
	text := openConflictPopup(t, ctx)
	get(t, ctx, "popup settled", chromedp.Poll[bool](`!document.querySelector('#map .leaflet-pan-anim')`))
	rects := get(t, ctx, "popup and zoom", chromedp.Evaluate[[][]float64](`[document.querySelector('.leaflet-popup-content-wrapper'), document.querySelector('#map .leaflet-control-zoom')]
		.map((e) => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })`))
	if overlap(rects[0], rects[1]) {
		t.Errorf("the zoom buttons %v cover the popup %v", rects[1], rects[0])
	}
	for _, want := range []string{"UNO101", "USA101", "United States", "UN monitoring cell"} {
		if !strings.Contains(text, want) {
			t.Errorf("conflict popup %q lacks %q", text, want)
		}
	}
	if !seconds.MatchString(text) || machine.MatchString(text) {
		t.Errorf("conflict popup %q: want times to the second and no ids or raw times", text)
	}
	if href := get(t, ctx, "link", chromedp.Evaluate[string](`document.querySelector('.leaflet-popup a.popup-record').getAttribute('href')`)); !strings.HasPrefix(href, "#/conflicts/") {
		t.Errorf("conflict popup links to %q", href)
	}
}

package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/flights"
)

// filePlannedFlight files a GREEN flight plan of party us flying from four
// to five hours from now, south of Damascus.
func (n *e2eNode) filePlannedFlight(t *testing.T) {
	t.Helper()
	now := time.Now().UTC()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	if _, err := n.app.Flights.File(context.Background(), n.principalOf(t, "us-liaison"), flights.PlanInput{Callsign: "USA707", Category: "transport",
		Waypoints:     []flights.Waypoint{{Lat: 33.0, Lon: 36.0, AltFt: 12000, Time: at(4 * time.Hour)}, {Lat: 33.0, Lon: 37.0, AltFt: 12000, Time: at(5 * time.Hour)}},
		Releasability: &access.Releasability{TLP: access.TLPGreen}}); err != nil {
		t.Fatalf("file USA707: %v", err)
	}
}

// TestBrowserTimeRange drives the map's time controls in English, Russian
// and Arabic over incidents from July 2016 to an hour ago, a conflict
// between aircraft flying now and a flight planned four hours ahead: the
// presets set the range (the data's extent reaching back to 2016, the
// next 12 hours reaching ahead), the date pickers set a range of their
// own, the step and play buttons move the moment, and every layer shows
// the moment chosen: at 21 July 2016 neither today's conflict nor today's
// flights are drawn, four and a half hours ahead only the planned flight
// flies.
func TestBrowserTimeRange(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.seedTimedIncidents(t)
	if n.app.Flights == nil {
		t.Fatal("this node has no deconfliction service")
	}
	n.fileParallelFlights(t) // a conflict open for hours
	n.filePlannedFlight(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	browser := startBrowser(t)
	var us context.Context // a tab of its own for each language
	count := func(sel string) string { return fmt.Sprintf(`document.querySelectorAll(%q).length`, sel) }
	wait := func(t *testing.T, step, cond string) { t.Helper(); waitFor(t, us, step, cond) }
	choose := func(t *testing.T, sel, v string) {
		t.Helper()
		get(t, us, "choose "+v, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.querySelector(%q); e.value = %q; e.dispatchEvent(new Event('change')); return true })()`, sel, v)))
	}
	// moveTo puts the slider's thumb at the moment (a JavaScript expression
	// of milliseconds since the epoch) as a user dragging it would.
	moveTo := func(t *testing.T, moment string) {
		t.Helper()
		get(t, us, "move to "+moment, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const s = document.getElementById('time-slider');
			s.value = Math.round((%s - Number(s.dataset.start)) / Number(s.dataset.step)); s.dispatchEvent(new Event('input')); return true })()`, moment)))
	}
	sliderValue := `Number(document.getElementById('time-slider').value)`
	liveText := map[string]string{}
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			us = tab(t, browser)
			loginAPI(t, us, base, "us-liaison", "password-us")
			setLanguage(t, us, lang)
			run(t, us, "map", chromedp.Navigate(fmt.Sprintf("%s/?%s#/map", base, lang)))
			run(t, us, "drawn", chromedp.WaitVisible(`#map path.conflict`), chromedp.WaitVisible(`#time-preset`))
			wait(t, "live: three incidents", count(`#map .leaflet-marker-icon.incident`)+` === 3`)
			liveText[lang] = get(t, us, "live label", chromedp.Text(`#time-value`))
			if opts := get(t, us, "presets", chromedp.Evaluate[int](count(`#time-preset option:not([hidden])`))); opts != 5 {
				t.Errorf("%d range presets, want 5", opts)
			}
			choose(t, `#time-preset`, "extent")
			wait(t, "the extent reaches back to July 2016", `Number(document.getElementById('time-slider').dataset.start) <= Date.parse('2016-07-15T00:00:00Z')`)

			moveTo(t, `Date.parse('2016-07-21T00:00:00Z')`)
			wait(t, "21 July 2016: the air strike only", count(`#map .leaflet-marker-icon.incident`)+` === 1`)
			wait(t, "21 July 2016: no conflict, no flight", count(`#map path.conflict, #map path.flight-route, #map path.aircraft`)+` === 0`)
			shot(t, us, dir, "60-map-2016-"+lang)

			before := get(t, us, "value", chromedp.Evaluate[int](sliderValue))
			run(t, us, "step forward", chromedp.Click(`#time-forward`))
			wait(t, "one step on", fmt.Sprintf(`%s === %d`, sliderValue, before+1))
			run(t, us, "play", chromedp.Click(`#time-play`), chromedp.WaitVisible(`#time-play[aria-pressed="true"]`))
			wait(t, "playing moves on", fmt.Sprintf(`%s >= %d`, sliderValue, before+3))
			run(t, us, "pause", chromedp.Click(`#time-play`), chromedp.WaitVisible(`#time-play[aria-pressed="false"]`))
			run(t, us, "step back", chromedp.Click(`#time-back`))

			choose(t, `#time-preset`, "next")
			wait(t, "the range reaches 12 hours ahead", `Number(document.getElementById('time-slider').dataset.end) >= Date.now() + 11 * 3600000`)
			moveTo(t, `Date.now() + 4.5 * 3600000`)
			wait(t, "4.5 h ahead: the planned flight alone", count(`#map path.aircraft`)+` === 1 && `+count(`#map path.conflict`)+` === 0 && `+count(`#map path.flight-route`)+` === 1`)
			shot(t, us, dir, "61-map-next-hours-"+lang)

			get(t, us, "dates", chromedp.Evaluate[bool](`(() => { const a = document.getElementById('time-from'), b = document.getElementById('time-to');
				a.value = '2016-07-01'; b.value = '2016-07-31'; a.dispatchEvent(new Event('change')); b.dispatchEvent(new Event('change')); return true })()`))
			wait(t, "range of the dates chosen", `(() => { const s = document.getElementById('time-slider').dataset;
				return Number(s.start) === Date.parse('2016-07-01T00:00:00Z') && Number(s.end) === Date.parse('2016-08-01T00:00:00Z') })()`)
			if p := get(t, us, "preset", chromedp.Evaluate[string](`document.getElementById('time-preset').value`)); p != "custom" {
				t.Errorf("after choosing dates the preset reads %q", p)
			}
			wait(t, "July 2016: the air strike", count(`#map .leaflet-marker-icon.incident`)+` === 1`)
			if v := get(t, us, "label", chromedp.Text(`#time-value`)); v == liveText[lang] {
				t.Errorf("the end of July 2016 is labelled %q, as live", v)
			}
			shot(t, us, dir, "62-map-july-2016-"+lang)

			run(t, us, "back to live", chromedp.Click(`#time-live`))
			wait(t, "live again", count(`#map .leaflet-marker-icon.incident`)+` === 3 && `+count(`#map path.conflict`)+` === 1`)
			if v := get(t, us, "live label", chromedp.Text(`#time-value`)); strings.TrimSpace(v) != strings.TrimSpace(liveText[lang]) {
				t.Errorf("back to live the label reads %q, want %q", v, liveText[lang])
			}
		})
	}
}

// waitFor polls the page in ctx until the script cond is true, failing the
// test with a screenshot if it is not within the step's time limit.
func waitFor(t *testing.T, ctx context.Context, step, cond string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(c, chromedp.Poll[bool](cond)); err != nil {
		failureShot(t, ctx, step)
		t.Fatalf("%s: %v", step, err)
	}
}

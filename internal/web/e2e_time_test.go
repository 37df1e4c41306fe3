package web_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/incidents"
)

// seedTimedIncidents reports three GREEN incidents near Aleppo at very
// different times: an air strike in July 2016, sniper fire ten days ago
// and an armed clash an hour ago.
func (n *e2eNode) seedTimedIncidents(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	us := n.principalOf(t, "us-liaison")
	now := time.Now().UTC()
	for _, tc := range []struct {
		cat      incidents.Category
		at       time.Time
		lon, lat float64
		place    string
	}{
		{incidents.CategoryAirStrike, time.Date(2016, 7, 15, 10, 0, 0, 0, time.UTC), 37.16, 36.20, "Aleppo"},
		{incidents.CategorySniperFire, now.Add(-10 * 24 * time.Hour), 36.63, 35.93, "Idlib"},
		{incidents.CategoryArmedClash, now.Add(-time.Hour), 37.95, 36.53, "Manbij"},
	} {
		loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{tc.lon, tc.lat}})
		if _, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: tc.cat,
			Time:     incidents.TimeSpan{Start: tc.at.Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
			Location: loc, LocationPrecision: "1km", PlaceName: tc.place, Perpetrator: incidents.Perpetrator{Kind: "unknown"},
			Narrative: "Timed test incident near " + tc.place + ".", Releasability: &access.Releasability{TLP: access.TLPGreen}}); err != nil {
			t.Fatalf("report incident near %s: %v", tc.place, err)
		}
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserTimeSlider moves the map's time slider over incidents years
// apart: its range reaches back to the earliest (July 2016), and markers
// appear and disappear with the moment and the window chosen.
func TestBrowserTimeSlider(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.seedTimedIncidents(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	us := tab(t, startBrowser(t))
	loginAPI(t, us, base, "us-liaison", "password-us")
	count := `document.querySelectorAll('#map .leaflet-marker-icon.incident').length`
	markers := func(step string, want int) {
		t.Helper()
		get(t, us, step, chromedp.Poll[bool](fmt.Sprintf(`%s === %d`, count, want)))
	}
	// moveTo sets the slider to the moment (ms since the epoch, or "live")
	// as a user dragging it would, and the window (hours, "" for all).
	moveTo := func(moment, window string) {
		t.Helper()
		get(t, us, "move to "+moment, chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
			const s = document.getElementById('time-slider'), w = document.getElementById('time-window');
			w.value = %q; w.dispatchEvent(new Event('change'));
			const m = %s;
			s.value = m === 'live' ? s.max : Math.round((m - Number(s.dataset.start)) / Number(s.dataset.step));
			s.dispatchEvent(new Event('input'));
			return true;
		})()`, window, moment)))
	}
	run(t, us, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`#map .incident`), chromedp.WaitVisible(`#time-slider`))
	markers("live: all three", 3)
	get(t, us, "range reaches July 2016", chromedp.Poll[bool](`Number(document.getElementById('time-slider').dataset.start) <= Date.parse('2016-07-15T00:00:00Z')`))

	moveTo(`Date.parse('2017-01-01T00:00:00Z')`, "")
	markers("1 Jan 2017, all so far: the air strike", 1)
	run(t, us, "air strike", chromedp.WaitVisible(`#map .incident.incident-cat-air_strike`))
	if v := get(t, us, "label", chromedp.Text(`#time-value`)); v == "Live (now)" || v == "" {
		t.Errorf("slider label %q at 1 Jan 2017", v)
	}
	shot(t, us, dir, "40-map-2017")

	moveTo(`Date.parse('2017-01-01T00:00:00Z')`, "168")
	markers("1 Jan 2017, week before: nothing", 0)
	moveTo(`Date.parse('2016-07-18T00:00:00Z')`, "168")
	markers("18 Jul 2016, week before: the air strike", 1)
	moveTo(`Date.now() - 5 * 86400000`, "")
	markers("five days ago, all so far: air strike and sniper fire", 2)
	run(t, us, "sniper fire", chromedp.WaitVisible(`#map .incident.incident-cat-sniper_fire`))
	moveTo(`'live'`, "168")
	markers("live, last week: the armed clash", 1)
	run(t, us, "armed clash", chromedp.WaitVisible(`#map .incident.incident-cat-armed_clash`))
	moveTo(`'live'`, "")
	markers("live again: all three", 3)
}

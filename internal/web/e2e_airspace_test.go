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

// TestBrowserAirspace drives the airspace screens in headless Chromium:
// party ru files a plan through the API; us-liaison files a crossing plan
// through the form (a waypoint out of time order is refused first, with
// the error beside that row) and ru's airspace page shows the conflict
// live, with us's plan redacted to a trajectory; the plan's page shows its
// waypoints, the conflict and its history verified; an amendment sent with
// a stale ETag is refused and the form says the plan changed; a
// reservation is drawn on the map. It also covers forms tested nowhere
// else (e2e_forms_test.go): notifying a movement, the gazetteer search of
// the report form and the assessment form's 412.
func TestBrowserAirspace(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	if n.app.Flights == nil {
		t.Skip("this node has no deconfliction service")
	}
	n.addAnalysts(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	t.Logf("screenshots in %s", dir)
	browser := startBrowser(t)
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Minute)
	at := func(d time.Duration) time.Time { return now.Add(d) }
	local := func(d time.Duration) string { return at(d).Format("2006-01-02T15:04") }

	if _, err := n.app.Flights.File(ctx, n.principalOf(t, "ru-liaison"), flights.PlanInput{Callsign: "RFF202", Category: "transport",
		Waypoints: []flights.Waypoint{{Lat: 35.2, Lon: 36.2, AltFt: 20000, Time: at(-30 * time.Minute).Format(time.RFC3339)},
			{Lat: 34.2, Lon: 37.2, AltFt: 20000, Time: at(30 * time.Minute).Format(time.RFC3339)}},
		Releasability: &access.Releasability{TLP: access.TLPGreen}}); err != nil {
		t.Fatalf("file ru's plan: %v", err)
	}
	us := tab(t, browser)
	ru := tab(t, browser)
	loginAPI(t, us, base, "us-liaison", "password-us")
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	var planID, conflictID string

	t.Run("file a crossing plan: the other party sees the conflict live", func(t *testing.T) {
		run(t, ru, "airspace", chromedp.Navigate(base+"/#/airspace"), chromedp.WaitVisible(`#plan-list a[data-plan]`),
			chromedp.WaitVisible(`#conflict-list .empty`))
		run(t, us, "form", chromedp.Navigate(base+"/#/flightplans/new"), chromedp.WaitVisible(`#plan-form .picker-map .leaflet-overlay-pane path`),
			// A click on the map fills the first waypoint's position.
			chromedp.Click(`#plan-form .picker-map`), chromedp.WaitVisible(`#plan-form .picker-vertex`),
			chromedp.Click(`#add-waypoint`), chromedp.WaitVisible(`#waypoint-table tbody tr:nth-child(3)`))
		if lat := get(t, us, "picked", chromedp.Value(`#waypoint-table tbody tr:nth-child(1) input[name=wp_lat]`)); lat == "" {
			t.Errorf("a click on the map did not fill the first waypoint")
		}
		row := func(i int, lat, lon, alt, tm string) []chromedp.Action[chromedp.Void] {
			sel := func(k string) string {
				return fmt.Sprintf(`#waypoint-table tbody tr:nth-child(%d) input[name=wp_%s]`, i, k)
			}
			return []chromedp.Action[chromedp.Void]{chromedp.SetValue(sel("lat"), lat), chromedp.SetValue(sel("lon"), lon),
				chromedp.SetValue(sel("alt_ft"), alt), chromedp.SetValue(sel("time"), tm)}
		}
		var fill []chromedp.Action[chromedp.Void]
		fill = append(fill, chromedp.SendKeys(`#plan-form input[name=callsign]`, "USA101"), chromedp.SetValue(`#plan-form select[name=category]`, "fixed_wing"))
		fill = append(fill, row(1, "34.2", "36.2", "20000", local(-30*time.Minute))...)
		fill = append(fill, row(2, "35.2", "37.2", "20000", local(30*time.Minute))...)
		// The third waypoint is earlier than the second: refused, and said
		// next to that row's time.
		fill = append(fill, row(3, "35.5", "37.5", "20000", local(20*time.Minute))...)
		fill = append(fill, chromedp.Click(`#plan-form-submit`), chromedp.WaitVisible(`#plan-form [data-field="waypoints.2.time"] .field-error span`))
		run(t, us, "out of order", fill...)
		if msg := get(t, us, "error", chromedp.Text(`#plan-form [data-field="waypoints.2.time"] .field-error`)); !strings.Contains(msg, "after the previous") {
			t.Errorf("row 3's time error %q", msg)
		}
		// The API's own words stay in the tooltip.
		if raw := get(t, us, "raw error", chromedp.Evaluate[string](`document.querySelector('#plan-form [data-field="waypoints.2.time"] .field-error span').title`)); !strings.Contains(raw, "waypoints[2].time") {
			t.Errorf("row 3's time error tooltip %q", raw)
		}
		if inv := get(t, us, "aria-invalid", chromedp.Evaluate[string](`document.querySelector('#waypoint-table tbody tr:nth-child(3) input[name=wp_time]').getAttribute('aria-invalid')`)); inv != "true" {
			t.Errorf("row 3's time aria-invalid=%q", inv)
		}
		shot(t, us, dir, "50-plan-form-error")
		run(t, us, "file", chromedp.SetValue(`#waypoint-table tbody tr:nth-child(3) input[name=wp_time]`, local(40*time.Minute)),
			chromedp.Click(`#plan-form-submit`), chromedp.WaitVisible(`#plan-waypoints`))
		planID = strings.TrimPrefix(get(t, us, "hash", chromedp.Evaluate[string](`location.hash`)), "#/flightplans/")
		if !strings.HasPrefix(planID, "fpl_") {
			t.Fatalf("after filing the page is %q", planID)
		}
		// ru's airspace page shows the conflict without a reload, and us's
		// plan (AMBER to us) as a trajectory only.
		run(t, ru, "conflict live", chromedp.WaitVisible(`#conflict-list a[data-conflict].ckind-conflict`),
			chromedp.WaitVisible(fmt.Sprintf(`#plan-list a[data-plan="%s"]`, planID)), chromedp.WaitVisible(`#plan-list .badge.redacted`))
		conflictID = get(t, ru, "conflict id", chromedp.Evaluate[string](`document.querySelector('#conflict-list a[data-conflict]').dataset.conflict`))
		shot(t, ru, dir, "51-airspace-ru")
		run(t, us, "plan page", chromedp.WaitVisible(`#plan-conflicts a[data-conflict]`), chromedp.WaitVisible(`#record-history [data-verified="true"]`))
		if rows := get(t, us, "waypoints", chromedp.Evaluate[int](`document.querySelectorAll('#plan-waypoints tbody tr').length`)); rows != 3 {
			t.Errorf("plan page shows %d waypoints, want 3", rows)
		}
		shot(t, us, dir, "52-plan")
	})

	t.Run("conflict page, verified", func(t *testing.T) {
		run(t, ru, "conflict", chromedp.Navigate(base+"/#/conflicts/"+conflictID), chromedp.WaitVisible(`#conflict-fields`),
			chromedp.WaitVisible(`#record-history [data-verified="true"]`))
		if f := get(t, ru, "fields", chromedp.Text(`#conflict-fields`)); !strings.Contains(f, planID) || !strings.Contains(f, "United States") {
			t.Errorf("conflict fields %q", f)
		}
		shot(t, ru, dir, "53-conflict")
	})

	t.Run("amend with a stale ETag: changed by someone else", func(t *testing.T) {
		run(t, us, "amend form", chromedp.Navigate(base+"/#/flightplans/"+planID+"/amend"), chromedp.WaitVisible(`#waypoint-table tbody tr:nth-child(3)`))
		// Meanwhile the plan is amended elsewhere (another liaison of us).
		if _, err := n.app.Flights.Amend(ctx, n.principalOf(t, "us-liaison"), planID, -1, flights.PlanInput{Callsign: "USA101", Category: "fixed_wing",
			Waypoints: []flights.Waypoint{{Lat: 34.2, Lon: 36.2, AltFt: 30000, Time: at(-30 * time.Minute).Format(time.RFC3339)},
				{Lat: 35.2, Lon: 37.2, AltFt: 30000, Time: at(30 * time.Minute).Format(time.RFC3339)}}}); err != nil {
			t.Fatalf("amend: %v", err)
		}
		run(t, us, "stale", chromedp.SetValue(`#waypoint-table tbody tr:nth-child(1) input[name=wp_alt_ft]`, "24000"),
			chromedp.Click(`#plan-form-submit`), chromedp.WaitVisible(`#plan-form .form-error .stale`))
		if msg := get(t, us, "message", chromedp.Text(`#plan-form .form-error`)); !strings.Contains(msg, "Changed by someone else") || !strings.Contains(msg, "Reload") {
			t.Errorf("412 message %q", msg)
		}
		shot(t, us, dir, "54-plan-amend-stale")
		// Reloading reads the latest version (two waypoints at 30,000 ft);
		// the amendment then goes through.
		run(t, us, "reload", chromedp.Click(`#plan-form [data-reload]`), chromedp.WaitNotPresent(`#waypoint-table tbody tr:nth-child(3)`),
			chromedp.SetValue(`#waypoint-table tbody tr:nth-child(1) input[name=wp_alt_ft]`, "32000"),
			chromedp.Click(`#plan-form-submit`), chromedp.WaitVisible(`#plan-waypoints`))
		if w := get(t, us, "amended", chromedp.Text(`#plan-waypoints tbody`)); !strings.Contains(w, "32,000") {
			t.Errorf("amended waypoints %q", w)
		}
		// Cancelling it from its page.
		// Cancelling asks once before it commits, then confirms.
		run(t, us, "cancel", chromedp.SendKeys(`#cancel-form input[name=reason]`, "Mission postponed"), chromedp.Click(`#cancel-form-submit`),
			chromedp.WaitVisible(`#cancel-form .confirm-yes`), chromedp.Click(`#cancel-form .confirm-yes`),
			chromedp.WaitVisible(`.record-meta [data-status="cancelled"]`), chromedp.WaitVisible(`#flash`))
	})

	t.Run("reserve airspace drawn on the map", func(t *testing.T) {
		run(t, us, "form", chromedp.Navigate(base+"/#/reservations/new"), chromedp.WaitVisible(`#reservation-form .picker-map .leaflet-overlay-pane path`))
		get(t, us, "paste", chromedp.Evaluate[bool](`(() => { const a = document.querySelector('#reservation-form textarea.picker-text');
			a.value = '{"type":"Polygon","coordinates":[[[37.0,35.0],[37.4,35.0],[37.4,35.3],[37.0,35.3],[37.0,35.0]]]}';
			a.dispatchEvent(new Event('change')); return true })()`))
		run(t, us, "drawn", chromedp.WaitVisible(`#reservation-form .picker-shape`), chromedp.SendKeys(`#reservation-form input[name=name]`, "Airdrop box north of Hama"))
		shot(t, us, dir, "55-reservation-form")
		run(t, us, "reserve", chromedp.Click(`#reservation-form-submit`), chromedp.WaitVisible(`#reservation-fields`),
			chromedp.WaitVisible(`#record-history [data-verified="true"]`))
		run(t, us, "listed", chromedp.Navigate(base+"/#/airspace"), chromedp.WaitVisible(`#reservation-list a[data-reservation]`))
	})

	t.Run("arabic and tablet width", func(t *testing.T) {
		setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
		get(t, us, "switch", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "ar")))
		for _, p := range []struct{ path, ready, name string }{
			{"/airspace", `#plan-list a[data-plan]`, "57-airspace-ar"},
			{"/flightplans/new", `#waypoint-table`, "58-plan-form-ar"},
		} {
			run(t, us, p.path, chromedp.Navigate(base+"/#"+p.path), chromedp.WaitVisible(`html[dir="rtl"]`), chromedp.WaitVisible(p.ready))
			navLeft := get(t, us, "nav x", chromedp.Evaluate[float64](`document.getElementById('nav').getBoundingClientRect().left`))
			mainLeft := get(t, us, "main x", chromedp.Evaluate[float64](`document.getElementById('main').getBoundingClientRect().left`))
			if navLeft <= mainLeft {
				t.Errorf("%s in Arabic: navigation at x=%v is not right of the main area at x=%v", p.path, navLeft, mainLeft)
			}
			shot(t, us, dir, p.name)
		}
		get(t, us, "back to English", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "en")))
		run(t, us, "tablet", chromedp.EmulateViewport(800, 1100))
		for _, p := range []struct{ path, ready, name string }{
			{"/airspace", `#plan-list a[data-plan]`, "59-airspace-tablet"},
			{"/flightplans/" + planID, `#plan-waypoints`, "61-plan-tablet"},
		} {
			run(t, us, p.path, chromedp.Navigate(base+"/#"+p.path), chromedp.WaitVisible(p.ready))
			if w := get(t, us, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 800 {
				t.Errorf("%s at 800 px wide scrolls sideways (%d px)", p.path, w)
			}
			shot(t, us, dir, p.name)
		}
		run(t, us, "desktop", chromedp.EmulateViewport(1280, 800))
	})

	testUntestedForms(t, n, browser, us, dir)
}

package web_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserOperations drives the operations screens in headless Chromium
// with several parties' browsers open at once: a report made through the
// form in one party's browser appears live in another's; a field error
// from the API is shown next to its field; the co-chairs' analysts
// complete a joint verification from two browsers; a liaison acknowledges
// a notification and sees the queue count drop; the dashboard draws its
// charts; the flights layer shows the deconfliction API's plans and
// conflicts; the public page shows only CLEAR records, verified; and the
// new pages are right-to-left in Arabic.
func TestBrowserOperations(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.addAnalysts(t)
	n.seedMapRecords(t)
	seed := n.seedOperations(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	t.Logf("screenshots in %s", dir)
	browser := startBrowser(t)

	us := tab(t, browser) // us-liaison: reports, acknowledges
	ru := tab(t, browser) // ru-liaison: watches the list live
	login(t, us, base, "us-liaison", "password-us")
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	var incidentID string

	t.Run("report through the form, seen live by another party", func(t *testing.T) {
		evidence := filepath.Join(t.TempDir(), "impact-photo.txt")
		if err := os.WriteFile(evidence, bytes.Repeat([]byte("evidence of the impact site\n"), 4000), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, ru, "list", chromedp.Navigate(base+"/#/incidents"), chromedp.WaitVisible(`#incident-list table`))
		run(t, us, "form", chromedp.Navigate(base+"/#/incidents/new"), chromedp.WaitVisible(`#report-form .picker-map .leaflet-overlay-pane path`))
		shot(t, us, dir, "20-report-form")
		// A field error from the API lands next to its field.
		run(t, us, "bad end time",
			chromedp.SetValue(`#report-form select[name=category]`, "shelling_missile"),
			chromedp.SendKeys(`#report-form textarea[name=narrative]`, "Shelling reported by our liaison in Aleppo."),
			chromedp.SetValue(`#report-form input[name=end]`, "2001-01-01T00:00"),
			chromedp.Click(`#report-form-submit`),
			chromedp.WaitVisible(`#report-form [data-field="time.end"] .field-error span`))
		msg := get(t, us, "field error", chromedp.Text(`#report-form [data-field="time.end"] .field-error`))
		if !strings.Contains(msg, "The end must be after the start") {
			t.Errorf("field error %q", msg)
		}
		if raw := get(t, us, "raw error", chromedp.Evaluate[string](`document.querySelector('#report-form [data-field="time.end"] .field-error span').title`)); !strings.Contains(raw, "before time.start") {
			t.Errorf("field error tooltip %q, want the API's text", raw)
		}
		if general := get(t, us, "general", chromedp.Text(`#report-form .form-error`)); general != "" {
			t.Errorf("general error %q shown besides the field error", general)
		}
		if inv := get(t, us, "aria-invalid", chromedp.Evaluate[string](`document.querySelector('#report-form input[name=end]').getAttribute('aria-invalid')`)); inv != "true" {
			t.Errorf("end field aria-invalid=%q", inv)
		}
		shot(t, us, dir, "21-report-field-error")
		// Fixed, with the location clicked on the map and a rated source.
		run(t, us, "report",
			chromedp.SetValue(`#report-form input[name=end]`, ""),
			chromedp.Click(`#report-form .picker-map`),
			chromedp.WaitVisible(`#report-form .picker-vertex`),
			chromedp.Click(`#add-source`),
			chromedp.SendKeys(`#report-form input[name=s_name]`, "Liaison officer on site"),
			chromedp.SetValue(`#report-form select[name=s_rel]`, "B"),
			chromedp.SetValue(`#report-form select[name=s_cred]`, "2"),
			// Evidence is uploaded first, with a progress bar, and cited.
			chromedp.SetUploadFiles(`#evidence-file`, []string{evidence}),
			chromedp.WaitVisible(`#evidence-rows .upload.done`),
			chromedp.Click(`#report-form-submit`),
			chromedp.WaitVisible(`#incident-status`))
		hash := get(t, us, "hash", chromedp.Evaluate[string](`location.hash`))
		incidentID = strings.TrimPrefix(hash, "#/incidents/")
		if !strings.HasPrefix(incidentID, "inc_") {
			t.Fatalf("after reporting the page is %q", hash)
		}
		// Party ru's list shows it without a reload.
		run(t, ru, "live row", chromedp.WaitVisible(fmt.Sprintf(`#incident-list a[data-incident="%s"]`, incidentID)))
		run(t, us, "history verified", chromedp.WaitVisible(`#record-history [data-verified="true"]`))
		if ev := get(t, us, "evidence", chromedp.Text(`#incident-fields`)); !strings.Contains(ev, "impact-photo.txt") {
			t.Errorf("incident fields lack the uploaded evidence: %q", ev)
		}
	})

	t.Run("joint verification across two browsers", func(t *testing.T) {
		usA := tab(t, browser)
		ruA := tab(t, browser)
		loginAPI(t, usA, base, "us-analyst", "password-us-analyst")
		loginAPI(t, ruA, base, "ru-analyst", "password-ru-analyst")
		page := fmt.Sprintf("%s/#/incidents/%s", base, incidentID)
		for _, a := range []struct {
			name string
			ctx  context.Context
		}{{"us", usA}, {"ru", ruA}} {
			run(t, a.ctx, "open "+a.name, chromedp.Navigate(page), chromedp.WaitVisible(`#assess-form`))
		}
		run(t, usA, "us assesses",
			chromedp.SetValue(`#assess-form select[name=verdict]`, "confirmed"),
			chromedp.SendKeys(`#assess-form textarea[name=reasoning]`, "Our monitors saw the impacts."),
			chromedp.Click(`#assess-form-submit`),
			chromedp.WaitVisible(`#assessments .assessment[data-party="us"].verdict-confirmed`))
		// ru's page learns of us's verdict live, then ru confirms too.
		run(t, ruA, "ru sees us's verdict", chromedp.WaitVisible(`#assessments .assessment[data-party="us"].verdict-confirmed`))
		run(t, ruA, "ru assesses",
			chromedp.SetValue(`#assess-form select[name=verdict]`, "confirmed"),
			chromedp.SendKeys(`#assess-form textarea[name=reasoning]`, "Confirmed by our reconciliation centre."),
			chromedp.Click(`#assess-form-submit`),
			chromedp.WaitVisible(`#incident-status[data-status="confirmed"]`))
		run(t, usA, "confirmed in us's browser", chromedp.WaitVisible(`#incident-status[data-status="confirmed"]`))
		shot(t, usA, dir, "22-incident-confirmed")
	})

	t.Run("acknowledge a notification from the queue", func(t *testing.T) {
		run(t, us, "queues", chromedp.Navigate(base+"/#/queues"),
			chromedp.WaitVisible(fmt.Sprintf(`#queue-acks button[data-ack="%s"]`, seed.siteID)))
		before := queueCount(t, us)
		shot(t, us, dir, "23-queues")
		run(t, us, "acknowledge", chromedp.Click(fmt.Sprintf(`#queue-acks button[data-ack="%s"]`, seed.siteID)),
			chromedp.WaitVisible(`#queue-acks .confirm-yes`), chromedp.Click(`#queue-acks .confirm-yes`), chromedp.WaitVisible(`#flash`),
			chromedp.WaitNotPresent(fmt.Sprintf(`#queue-acks button[data-ack="%s"]`, seed.siteID)))
		get(t, us, "count dropped", chromedp.Poll[bool](fmt.Sprintf(`document.querySelector('[data-count="queues"]').textContent === '%d'`, before-1)))
		run(t, us, "site page", chromedp.Navigate(fmt.Sprintf("%s/#/notifications/sites/%s", base, seed.siteID)),
			chromedp.WaitVisible(`#notice-acks .ack-acknowledged`))
	})

	t.Run("forms for zones, sites and hotline", func(t *testing.T) {
		run(t, us, "zone form", chromedp.Navigate(base+"/#/zones/new"), chromedp.WaitVisible(`#zone-form .picker-map .leaflet-overlay-pane path`))
		// Pasted GeoJSON (a Feature) is drawn on the map.
		get(t, us, "paste", chromedp.Evaluate[bool](`(() => { const a = document.querySelector('#zone-form textarea.picker-text');
			a.value = '{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[36.9,36.0],[37.1,36.0],[37.1,36.15],[36.9,36.0]]]}}';
			a.dispatchEvent(new Event('change')); return true })()`))
		run(t, us, "drawn", chromedp.WaitVisible(`#zone-form .picker-shape`))
		shot(t, us, dir, "24-zone-form")
		// No name: the API says which field is wrong.
		run(t, us, "zone without name", chromedp.Click(`#zone-form-submit`), chromedp.WaitVisible(`#zone-form [data-field="name"] .field-error span`))
		run(t, us, "propose", chromedp.SendKeys(`#zone-form input[name=name]`, "Corridor test area"), chromedp.Click(`#zone-form-submit`),
			chromedp.WaitVisible(`#zone-versions`))
		run(t, ru, "agree", chromedp.Navigate(get(t, us, "zone url", chromedp.Evaluate[string](`location.href`))),
			chromedp.WaitVisible(`#zone-versions button[data-agree="1"]`), chromedp.Click(`#zone-versions button[data-agree="1"]`),
			chromedp.WaitVisible(`#zone-versions .confirm-yes`), chromedp.Click(`#zone-versions .confirm-yes`),
			chromedp.WaitVisible(`#zone-status.zstatus-in_force`))
		shot(t, ru, dir, "25-zone-agreed")
		run(t, us, "site form", chromedp.Navigate(base+"/#/notifications/new/site"), chromedp.WaitVisible(`#notice-form .picker-map .leaflet-overlay-pane path`))
		shot(t, us, dir, "26-site-form")
		run(t, us, "hotline", chromedp.Navigate(base+"/#/hotline"), chromedp.WaitVisible(`#message-form`),
			chromedp.SetValue(`#message-form select[name=to]`, "ru"),
			chromedp.SendKeys(`#message-form input[name=subject]`, "Convoy at the Bab al-Hawa crossing"),
			chromedp.SendKeys(`#message-form textarea[name=body]`, "Please confirm the convoy window for tomorrow 06:00–10:00 UTC."),
			chromedp.Click(`#message-form-submit`), chromedp.WaitVisible(`#outbox a`))
		run(t, ru, "unread count", chromedp.Navigate(base+"/#/hotline"), chromedp.WaitVisible(`#inbox a.unread`))
		get(t, ru, "hotline badge", chromedp.Poll[bool](`document.querySelector('[data-count="hotline"]').textContent === '1'`))
		run(t, ru, "read", chromedp.Click(`#inbox a.unread`), chromedp.WaitVisible(`#message-ack`))
		get(t, ru, "badge cleared", chromedp.Poll[bool](`document.querySelector('[data-count="hotline"]').textContent === '0'`))
	})

	t.Run("dashboard draws its charts", func(t *testing.T) {
		run(t, us, "dashboard", chromedp.Navigate(base+"/#/dashboard"),
			chromedp.WaitVisible(`#chart-days svg.chart rect`), chromedp.WaitVisible(`#chart-zones svg.chart rect`),
			chromedp.WaitVisible(`#chart-timeliness svg.chart rect`), chromedp.WaitVisible(`#chart-alerts svg.chart`),
			chromedp.WaitVisible(`#chart-day-zone svg.heatmap rect.cell:not(.empty)`))
		// Per day in each zone: yesterday's incident near Aleppo is in the
		// test ceasefire area.
		cells := get(t, us, "heatmap cells", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#chart-day-zone rect.cell:not(.empty) title')].map((e) => e.textContent)`))
		if !slices.ContainsFunc(cells, func(c string) bool { return strings.Contains(c, "Test ceasefire area: ") }) {
			t.Errorf("per-day-per-zone cells %q lack the test ceasefire area", cells)
		}
		shot(t, us, dir, "27-dashboard")
		run(t, us, "scroll", chromedp.ScrollIntoView(`#chart-day-zone`))
		shot(t, us, dir, "27b-dashboard-day-zone")
		run(t, us, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`#map .incident svg`), chromedp.WaitVisible(`#map path.site`))
		shot(t, us, dir, "28-map")
	})

	t.Run("flights layer over the deconfliction API", func(t *testing.T) {
		if n.app.Flights == nil {
			t.Skip("this node has no deconfliction service")
		}
		n.fileCrossingFlights(t)
		n.checkFlightsLayer(t, us, dir)
	})

	t.Run("public page: CLEAR only, verified", func(t *testing.T) {
		pub := tab(t, browser)
		run(t, pub, "public", chromedp.Navigate(base+"/#/public"),
			chromedp.WaitVisible(`#public-zones-table [data-verified="true"]`),
			chromedp.WaitVisible(`#public-incidents-table [data-verified="true"]`),
			chromedp.WaitVisible(`#public-chart-days svg.chart rect`),
			chromedp.WaitVisible(`#public-chart-day-zone svg.heatmap rect.cell:not(.empty)`))
		zonesText := get(t, pub, "zones", chromedp.Text(`#public-zones`))
		if !strings.Contains(zonesText, "Public ceasefire area") || strings.Contains(zonesText, "Test ceasefire area") || strings.Contains(zonesText, "Corridor test area") {
			t.Errorf("public zones %q: want only the CLEAR zone", zonesText)
		}
		rows := get(t, pub, "rows", chromedp.Evaluate[int](`document.querySelectorAll('#public-incidents-table tbody tr').length`))
		if rows != 1 {
			t.Errorf("public page lists %d incidents, want the 1 CLEAR one", rows)
		}
		run(t, pub, "all verified", chromedp.WaitNotPresent(`#public-zones [data-verified="false"], #public-incidents [data-verified="false"]`))
		shot(t, pub, dir, "29-public")
		run(t, pub, "scroll", chromedp.ScrollIntoView(`#public-incidents`))
		shot(t, pub, dir, "29b-public-incidents")
		// A listing that changes an incident's category while its entries
		// stay genuine is caught by comparing the row with the verified
		// report entry.
		n.tamper.Store("row-category")
		defer n.tamper.Store("")
		run(t, pub, "forged category", chromedp.Navigate(base+"/?forged#/public"),
			chromedp.WaitVisible(`#public-incidents-table [data-mismatch~="category"]`))
		if ok := get(t, pub, "verified rows", chromedp.Evaluate[int](`document.querySelectorAll('#public-incidents-table [data-verified="true"]').length`)); ok != 0 {
			t.Errorf("%d forged incident rows shown as verified", ok)
		}
	})

	t.Run("arabic: the new pages are right-to-left", func(t *testing.T) {
		setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
		run(t, us, "queues", chromedp.Navigate(base+"/#/queues"), chromedp.WaitVisible(`#queue-summary`))
		get(t, us, "switch", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "ar")))
		for _, p := range []struct{ path, ready, name string }{
			{"/queues", `#queue-acks`, "30-queues-ar"},
			{"/incidents/" + incidentID, `#incident-status`, "31-incident-ar"},
			{"/dashboard", `#chart-days svg.chart rect`, "32-dashboard-ar"},
			{"/incidents/new", `#report-form .picker-map`, "33-report-ar"},
		} {
			run(t, us, p.path, chromedp.Navigate(base+"/#"+p.path), chromedp.WaitVisible(`html[dir="rtl"]`), chromedp.WaitVisible(p.ready))
			navLeft := get(t, us, "nav x", chromedp.Evaluate[float64](`document.getElementById('nav').getBoundingClientRect().left`))
			mainLeft := get(t, us, "main x", chromedp.Evaluate[float64](`document.getElementById('main').getBoundingClientRect().left`))
			if navLeft <= mainLeft {
				t.Errorf("%s in Arabic: navigation at x=%v is not right of the main area at x=%v", p.path, navLeft, mainLeft)
			}
			h1 := get(t, us, "h1", chromedp.Evaluate[string](`getComputedStyle(document.querySelector('#main h1')).direction`))
			if h1 != "rtl" {
				t.Errorf("%s: heading direction %q", p.path, h1)
			}
			shot(t, us, dir, p.name)
		}
		get(t, us, "back to English", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "en")))
		run(t, us, "ltr", chromedp.WaitVisible(`html[dir="ltr"]`))
	})

	t.Run("tablet width: no sideways scrolling", func(t *testing.T) {
		run(t, us, "tablet", chromedp.EmulateViewport(800, 1100))
		for _, p := range []struct{ path, ready, name string }{
			{"/queues", `#queue-acks`, "34-queues-tablet"},
			{"/incidents/new", `#report-form .picker-map`, "35-report-tablet"},
			{"/dashboard", `#chart-days svg.chart rect`, "36-dashboard-tablet"},
		} {
			run(t, us, p.path, chromedp.Navigate(base+"/#"+p.path), chromedp.WaitVisible(p.ready))
			if w := get(t, us, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 800 {
				t.Errorf("%s at 800 px wide scrolls sideways (%d px)", p.path, w)
			}
			shot(t, us, dir, p.name)
		}
		run(t, us, "desktop", chromedp.EmulateViewport(1280, 800))
	})
}

// queueCount reads the number next to "My queues" once it is loaded.
func queueCount(t *testing.T, ctx context.Context) int {
	t.Helper()
	get(t, ctx, "count loaded", chromedp.Poll[bool](`/^[0-9]+$/.test(document.querySelector('[data-count="queues"]').textContent)`))
	s := get(t, ctx, "count", chromedp.Text(`[data-count="queues"]`))
	v, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("queue count %q", s)
	}
	return v
}

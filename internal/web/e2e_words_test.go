package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/incidents"
)

// TestBrowserWords checks in English, Russian and Arabic that pages show
// words, not machine text: an air conflict's alert is titled by its kind
// in the user's language (not the node's English title naming fpl_ ids),
// its kind is a word, not air_conflict; an incident's zones are named,
// not given by zone_ id; a site's location reads lat, lon, as an
// incident's does.
func TestBrowserWords(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.addAnalysts(t)
	n.seedMapRecords(t)
	seed := n.seedOperations(t)
	if n.app.Flights == nil {
		t.Fatal("this node has no deconfliction service")
	}
	n.fileCrossingFlights(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	browser := startBrowser(t)
	conflictTitle := map[string]string{"en": "Conflict between aircraft", "ru": "Конфликт между воздушными судами", "ar": "تعارض بين طائرات"}
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			us := tab(t, browser)
			loginAPI(t, us, base, "us-liaison", "password-us")
			setLanguage(t, us, lang)
			run(t, us, "alerts", chromedp.Navigate(fmt.Sprintf("%s/?%s#/alerts", base, lang)))
			run(t, us, "alert rows", chromedp.WaitVisible(`#alert-list a[href^="#/alerts/"]`))
			titles := get(t, us, "titles", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#alert-list a[href^="#/alerts/"]')].map((a) => a.textContent)`))
			if !strings.Contains(strings.Join(titles, "|"), conflictTitle[lang]) {
				t.Errorf("alert titles %q lack %q", titles, conflictTitle[lang])
			}
			if list := get(t, us, "list text", chromedp.Text(`#alert-list`)); strings.Contains(list, "fpl_") || strings.Contains(list, "Air conflict") && lang != "en" {
				t.Errorf("the alert list shows machine or English text: %q", list)
			}
			shot(t, us, dir, "70-alerts-"+lang)
			run(t, us, "alert page", chromedp.Click(`#alert-list a[href^="#/alerts/"]`), chromedp.WaitVisible(`#alert-acks`))
			kind := get(t, us, "kind", chromedp.Text(`dd[data-kind]`))
			if h1 := get(t, us, "h1", chromedp.Text(`#main h1`)); strings.Contains(h1, "fpl_") || !strings.Contains(h1+kind, conflictTitle[lang]) {
				t.Errorf("alert page titled %q, kind %q", h1, kind)
			}
			if strings.Contains(kind, "_") {
				t.Errorf("alert kind shown as %q", kind)
			}
			shot(t, us, dir, "71-alert-"+lang)

			id := get(t, us, "aleppo incident", chromedp.Evaluate[string](`fetch('/api/v1/incidents?limit=50', {credentials: 'same-origin'}).then((r) => r.json())
				.then((r) => (r.items.find((i) => i.place_name === 'Aleppo') || {}).id || '')`, chromedp.EvalAwaitPromise))
			if id == "" {
				t.Fatal("no incident near Aleppo")
			}
			run(t, us, "incident", chromedp.Navigate(fmt.Sprintf("%s/?%s-inc#/incidents/%s", base, lang, id)))
			run(t, us, "zones named", chromedp.WaitVisible(`#incident-fields a[data-zone]`))
			if z := get(t, us, "zone", chromedp.Text(`#incident-fields a[data-zone]`)); z != "Test ceasefire area" {
				t.Errorf("the incident's zone is shown as %q", z)
			}
			shot(t, us, dir, "72-incident-zones-"+lang)
			run(t, us, "site", chromedp.Navigate(fmt.Sprintf("%s/?%s-site#/notifications/sites/%s", base, lang, seed.siteID)))
			run(t, us, "site location", chromedp.WaitVisible(`#notice-latlon`))
			if ll := get(t, us, "lat lon", chromedp.Text(`#notice-latlon`)); ll != "36.2000, 37.1300" {
				t.Errorf("the site's location reads %q, want lat, lon", ll)
			}
		})
	}
}

// TestBrowserArabicIsolation reports an incident with a casualty range and
// a comment and checks its page in Arabic: the party's Latin name and the
// time inside the Arabic "reported by" sentence are isolated (FSI … PDI),
// the range 5–7 is isolated left to right (so it is not drawn 7–5), and a
// comment's author, party and time are each isolated.
func TestBrowserArabicIsolation(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	id := n.reportWithCasualties(t)
	base := n.srv.URL
	ar := tab(t, startBrowser(t))
	loginAPI(t, ar, base, "ru-liaison", "password-ru")
	setLanguage(t, ar, "ar")
	run(t, ar, "incident", chromedp.Navigate(fmt.Sprintf("%s/?ar#/incidents/%s", base, id)))
	run(t, ar, "fields", chromedp.WaitVisible(`#incident-fields`), chromedp.WaitVisible(`#comment-list`))
	meta := get(t, ar, "meta", chromedp.Text(`#main .record-meta`))
	if !strings.Contains(meta, "\u2068United States\u2069") {
		t.Errorf("reported-by line %q: the party's name is not isolated", meta)
	}
	fields := get(t, ar, "fields", chromedp.Text(`#incident-fields`))
	if !strings.Contains(fields, "\u20665–7\u2069") {
		t.Errorf("incident fields %q: the casualty range 5–7 is not isolated left to right", fields)
	}
	if n := get(t, ar, "comment isolates", chromedp.Evaluate[int](`document.querySelectorAll('#comment-list .comment-meta bdi').length`)); n < 3 {
		t.Errorf("comment meta has %d isolated parts, want author, party and time", n)
	}
	shot(t, ar, screenshotDir(t), "73-incident-ar-isolated")
}

// reportWithCasualties reports a GREEN incident of party us with 5 to 7
// civilians injured, comments on it as us-liaison and returns its id.
func (n *e2eNode) reportWithCasualties(t *testing.T) string {
	t.Helper()
	ctx := t.Context()
	us := n.principalOf(t, "us-liaison")
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{36.72, 34.73}})
	inc, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
		Location: loc, LocationPrecision: "1km", PlaceName: "Homs", Perpetrator: incidents.Perpetrator{Kind: "unknown"},
		Narrative:     "Shelling near Homs.",
		Casualties:    []incidents.Casualty{{Outcome: "injured", Group: "civilian", Min: 5, Max: 7, Source: "hospital"}},
		Releasability: &access.Releasability{TLP: access.TLPGreen}})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	if _, err := n.app.Incidents.Comment(ctx, us, inc.ID, "Field team on its way."); err != nil {
		t.Fatalf("comment: %v", err)
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	return inc.ID
}

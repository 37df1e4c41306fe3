package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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

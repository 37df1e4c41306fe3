package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTermsForms: in English, Russian and Arabic, a co-chair's
// liaison proposes an agreement with an obligation and a safe passage
// through their forms, from the agreements list. A first submission
// without the obligation's title, and one without the passage's name, show
// the node's problem under that field and record nothing; once completed,
// each is recorded, its page opens, and the list shows it.
func TestBrowserTermsForms(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	browser := startBrowser(t)
	us := tab(t, browser)
	loginAPI(t, us, base, "us-liaison", "password-us")
	page := func(lang, path string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		get(t, us, "lang", chromedp.Evaluate[bool](fmt.Sprintf(`(() => { localStorage.setItem('truce.lang', %q); return true })()`, lang)))
		run(t, us, path, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(fmt.Sprintf("%s/?%s-terms#%s", base, lang, path)),
			chromedp.WaitVisible(fmt.Sprintf(`html[lang="%s"]`, lang))}, actions...)...)
	}
	// set assigns form controls by name, as a user's typing would, and
	// tells the page they changed.
	set := func(form string, values map[string]string) {
		t.Helper()
		var js strings.Builder
		js.WriteString("(() => {")
		for k, v := range values {
			fmt.Fprintf(&js, `{ const el = document.querySelector('%s [name=%q]'); el.value = %q; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); }`, form, k, v)
		}
		js.WriteString("return true })()")
		get(t, us, "set "+form, chromedp.Evaluate[bool](js.String()))
	}
	count := func(path string) int {
		t.Helper()
		ctx := t.Context()
		switch path {
		case "agreements":
			as, err := n.app.Agreements.ListPage(ctx, n.principalOf(t, "us-liaison"), "", 1000, nil)
			if err != nil {
				t.Fatal(err)
			}
			return len(as.Items)
		default:
			ps, err := n.app.Agreements.PassagesPage(ctx, n.principalOf(t, "us-liaison"), "", 1000, nil)
			if err != nil {
				t.Fatal(err)
			}
			return len(ps.Items)
		}
	}
	for i, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			title, name := "Memorandum "+lang, "Corridor "+lang
			page(lang, "/agreements", chromedp.WaitVisible(`#agreement-new`), chromedp.Click(`#agreement-new`),
				chromedp.WaitVisible(`#agreement-form [name="obligations[0].rule.kind"]`))
			set("#agreement-form", map[string]string{"title": title, "text": "The parties cease fire near protected sites.",
				"obligations[0].rule.kind": "no_fire_near_sites", "obligations[0].rule.zone_id": "", "obligations[0].rule.radius_km": "5"})
			run(t, us, "submit without the obligation's title", chromedp.Click(`#agreement-form-submit`),
				chromedp.WaitVisible(`#agreement-form [data-error-for="obligations[0].title"] span`))
			if got := count("agreements"); got != i {
				t.Fatalf("%d agreements after a refused proposal, want %d", got, i)
			}
			set("#agreement-form", map[string]string{"obligations[0].title": "No fire within 5 km of protected sites"})
			run(t, us, "propose the agreement", chromedp.Click(`#agreement-form-submit`), chromedp.WaitVisible(`#agreement-versions`))
			if lang == "ar" {
				if d := get(t, us, "dir", chromedp.Evaluate[string](`document.documentElement.dir`)); d != "rtl" {
					t.Errorf("Arabic page dir=%q", d)
				}
			}
			page(lang, "/agreements", chromedp.WaitVisible(`#agreement-list table`), chromedp.WaitVisible(`#passage-new`), chromedp.Click(`#passage-new`),
				chromedp.WaitVisible(`#passage-form .picker-map .leaflet-overlay-pane path`))
			get(t, us, "route", chromedp.Evaluate[bool](`(() => { const a = document.querySelector('#passage-form textarea.picker-text');
				a.value = '{"type":"LineString","coordinates":[[37.05,36.05],[37.25,36.25]]}';
				a.dispatchEvent(new Event('change')); document.querySelector('#passage-form input[name=traffic][value=civilians]').checked = true; return true })()`))
			set("#passage-form", map[string]string{"window_from": "2026-06-01T06:00", "window_until": "2099-06-01T18:00",
				"contacts[0].name": "US desk", "contacts[0].channel": "VHF 41.5"})
			run(t, us, "submit without a name", chromedp.WaitVisible(`#passage-form .picker-vertex`), chromedp.Click(`#passage-form-submit`),
				chromedp.WaitVisible(`#passage-form [data-error-for="name"] span`))
			if got := count("passages"); got != i {
				t.Fatalf("%d passages after a refused proposal, want %d", got, i)
			}
			set("#passage-form", map[string]string{"name": name})
			run(t, us, "propose the passage", chromedp.Click(`#passage-form-submit`), chromedp.WaitVisible(`#passage-status.pstatus-planned`))
			shot(t, us, screenshotDir(t), "70-passage-proposed-"+lang)
			page(lang, "/agreements", chromedp.WaitVisible(`#passage-list table`))
			for _, want := range []struct{ sel, text string }{{"#agreement-list", title}, {"#passage-list", name}} {
				if got := get(t, us, "list", chromedp.Text(want.sel)); !strings.Contains(got, want.text) {
					t.Errorf("%s in %s: %q lacks %q", want.sel, lang, got, want.text)
				}
			}
		})
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/agreements"
)

// TestBrowserPassageLifecycle: in English, Russian and Arabic, a safe
// passage proposed by un opens only once us and ru have both guaranteed
// its exact version through their pages, and shows open on the map; a
// passage ru never guarantees never opens, even when its Open button is
// forced.
func TestBrowserPassageLifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	un, us := n.principalOf(t, "un-liaison"), n.principalOf(t, "us-liaison")
	propose := func(name string) string {
		p, err := n.app.Agreements.ProposePassage(ctx, un, "", 0, agreements.PassageInput{Kind: agreements.KindSafePassage, Name: name,
			Geometry:   json.RawMessage(`{"type":"LineString","coordinates":[[37.05,36.05],[37.25,36.25]]}`),
			WindowFrom: "2026-01-01T00:00:00Z", WindowUntil: "2099-01-01T00:00:00Z", Traffic: []string{"civilians", "aid"},
			Parties: []string{"us", "ru"}, Releasability: &access.Releasability{TLP: access.TLPGreen},
			Contacts: []agreements.Contact{{Party: "us", Name: "US desk", Channel: "VHF 41.5"}, {Party: "ru", Name: "RU desk", Channel: "VHF 42"}}})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	base := n.srv.URL
	browser := startBrowser(t)
	tabs := map[string]context.Context{}
	for _, party := range []string{"un", "us", "ru"} {
		tabs[party] = tab(t, browser)
		loginAPI(t, tabs[party], base, party+"-liaison", "password-"+party)
	}
	// page loads path in lang (a real page load: the query differs).
	page := func(party, lang, path string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		tb := tabs[party]
		get(t, tb, "lang", chromedp.Evaluate[bool](fmt.Sprintf(`(() => { localStorage.setItem('truce.lang', %q); return true })()`, lang)))
		run(t, tb, party+" "+path, append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(fmt.Sprintf("%s/?%s-%s#%s", base, lang, party, path)),
			chromedp.WaitVisible(fmt.Sprintf(`html[lang="%s"]`, lang))}, actions...)...)
	}
	planned := map[string]string{"en": "Planned", "ru": "Запланирован", "ar": "مخطط"}
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			id, never := propose("Corridor "+lang), propose("Corridor never "+lang)
			if _, err := n.app.Agreements.Guarantee(ctx, us, never, 1); err != nil {
				t.Fatal(err)
			}
			p := "/passages/" + id
			page("un", lang, p, chromedp.WaitVisible(`#passage-status.pstatus-planned`), chromedp.WaitVisible(`#passage-open[disabled]`),
				chromedp.WaitVisible(`[data-missing="guarantee:us"]`), chromedp.WaitVisible(`[data-missing="guarantee:ru"]`))
			if got := get(t, tabs["un"], "status text", chromedp.Text(`#passage-status`)); got != planned[lang] {
				t.Errorf("status %q in %s, want %q", got, lang, planned[lang])
			}
			if lang == "ar" {
				if d := get(t, tabs["un"], "dir", chromedp.Evaluate[string](`document.documentElement.dir`)); d != "rtl" {
					t.Errorf("Arabic page dir=%q", d)
				}
			}
			for _, party := range []string{"us", "ru"} {
				page(party, lang, p, chromedp.WaitVisible(`#passage-guarantee`), chromedp.Click(`#passage-guarantee`),
					chromedp.WaitVisible(fmt.Sprintf(`[data-guaranteed="%s"]`, party)))
			}
			page("un", lang, p, chromedp.WaitVisible(`#passage-open:not([disabled])`), chromedp.WaitNotPresent(`#passage-missing`),
				chromedp.Click(`#passage-open`), chromedp.WaitVisible(`#passage-status.pstatus-open`))
			page("un", lang, "/map", chromedp.WaitVisible(`#map path.passage-open`))
			shot(t, tabs["un"], screenshotDir(t), "48-passage-open-"+lang)

			q := "/passages/" + never
			page("ru", lang, q, chromedp.WaitVisible(`#passage-guarantee`), chromedp.WaitVisible(`[data-guaranteed="us"]`))
			page("un", lang, q, chromedp.WaitVisible(`#passage-open[disabled]`), chromedp.WaitVisible(`[data-missing="guarantee:ru"]`))
			// Forced, the opening is refused by the node and nothing changes.
			get(t, tabs["un"], "force", chromedp.Evaluate[bool](`(() => { const b = document.getElementById('passage-open'); b.disabled = false; b.click(); return true })()`))
			run(t, tabs["un"], "refused", chromedp.WaitVisible(`#passage-open + .error[role="alert"]`))
			page("un", lang, q, chromedp.WaitVisible(`#passage-status.pstatus-planned`), chromedp.WaitVisible(`[data-missing="guarantee:ru"]`))
			got, err := n.app.Agreements.GetPassage(ctx, un, never)
			if err != nil || got.Status != agreements.PassagePlanned || len(got.History) != 0 {
				t.Fatalf("passage ru never guaranteed: %+v %v", got, err)
			}
		})
	}
}

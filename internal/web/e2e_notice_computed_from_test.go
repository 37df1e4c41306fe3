package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/notify"
)

// TestBrowserNoticeComputedFrom checks, in English, Russian and Arabic,
// that a site notification's page says which logs its receipts were
// computed from (joint state): this node's origin and the last index of
// its tree.
func TestBrowserNoticeComputedFrom(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	site, err := n.app.Notify.NotifySite(ctx, n.principalOf(t, "un-liaison"), notify.SiteInput{Site: notify.Site{Kind: "clinic",
		Names: map[string]string{"en": "Clinic"}, Location: json.RawMessage(`{"type":"Point","coordinates":[37.13,36.2]}`), BufferM: 300,
		Parties: []string{"us"}}})
	if err != nil {
		t.Fatalf("notify site: %v", err)
	}
	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "us-liaison", "password-us")
	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
	origin := n.app.Keys.Origin()
	for _, lang := range []string{"en", "ru", "ar"} {
		tr := i18nTable(t, lang)
		dir := map[bool]string{true: "rtl", false: "ltr"}[lang == "ar"]
		run(t, tb, "home", chromedp.Navigate(base+"/#/incidents"), chromedp.WaitVisible(`#lang-select`))
		get(t, tb, "switch to "+lang, chromedp.Evaluate[bool](fmt.Sprintf(setLang, lang)))
		run(t, tb, "site page in "+lang, chromedp.WaitVisible(`html[lang="`+lang+`"][dir="`+dir+`"]`),
			chromedp.Navigate(base+"/#/notifications/sites/"+site.ID), chromedp.WaitVisible(`#notice-computed-from`))
		text := get(t, tb, "computed from", chromedp.Text(`#notice-computed-from`))
		want := strings.Split(tr["notice.computed_from"], "{")[0]
		if !strings.Contains(text, want) || !strings.Contains(text, origin) {
			t.Errorf("%s: %q, want %q and this node's origin %s", lang, text, want, origin)
		}
	}
}

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

// TestBrowserFindingComputedFrom checks, in English, Russian and Arabic,
// that an incident's page says which logs its layers of findings were
// computed from (this node's origin and the last index of its tree) and
// offers the finding's proof bundle under "export proof".
func TestBrowserFindingComputedFrom(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	us := n.principalOf(t, "us-liaison")
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.20}})
	inc, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
		Location: loc, LocationPrecision: "1km", PlaceName: "Aleppo", Perpetrator: incidents.Perpetrator{Kind: "unknown"},
		Narrative: "Shelling of the market.", Releasability: &access.Releasability{TLP: access.TLPGreen}})
	if err != nil {
		t.Fatal(err)
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
		run(t, tb, "record page in "+lang, chromedp.WaitVisible(`html[lang="`+lang+`"][dir="`+dir+`"]`),
			chromedp.Navigate(base+"/#/incidents/"+inc.ID), chromedp.WaitVisible(`#finding-computed-from`))
		text := get(t, tb, "computed from", chromedp.Text(`#finding-computed-from`))
		want := strings.Split(tr["finding.computed_from"], "{")[0]
		if !strings.Contains(text, want) || !strings.Contains(text, origin) {
			t.Errorf("%s: %q, want %q and this node's origin %s", lang, text, want, origin)
		}
		link := get(t, tb, "export proof", chromedp.Text(`#finding-proof`))
		href := get(t, tb, "proof link", chromedp.AttributeValue(`#finding-proof`, "href")).Value
		if link != tr["finding.export_proof"] || href != "/api/v1/incidents/"+inc.ID+"/proof" {
			t.Errorf("%s: export proof link %q to %q, want %q to the incident's bundle", lang, link, href, tr["finding.export_proof"])
		}
	}
}

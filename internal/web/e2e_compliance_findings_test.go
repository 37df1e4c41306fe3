package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/agreements/rules"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/testwait"
	"truce/internal/zones"
)

// TestBrowserComplianceShowsFindings checks, in English, Russian and
// Arabic, that an agreement's compliance table words the monitors' finding
// about each incident it shows, and that an incident the report blamed on
// ru and the monitors attributed to us counts against us.
func TestBrowserComplianceShowsFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	us, ru, un := n.principalOf(t, "us-liaison"), n.principalOf(t, "ru-liaison"), n.principalOf(t, "un-liaison")
	from := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	z, err := n.app.Zones.Propose(ctx, us, "", 0, zones.Proposal{Kind: zones.KindCeasefireArea, Name: "Market area", EffectiveFrom: from,
		Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[37.1,36.1],[37.2,36.1],[37.2,36.2],[37.1,36.2],[37.1,36.1]]]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Zones.Agree(ctx, ru, z.ID, 1); err != nil {
		t.Fatal(err)
	}
	a, err := n.app.Agreements.Propose(ctx, us, "", 0, agreements.Proposal{Title: "Market truce", Parties: []string{"ru", "us"},
		EffectiveFrom: from, Obligations: []agreements.ObligationSpec{{Key: "no-artillery", Title: "No artillery in the market area",
			Rule: agreements.RuleSpec{Kind: rules.KindNoWeapons, ZoneID: z.ID, From: from, Classes: []string{string(incidents.CategoryShelling)}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Agreements.Agree(ctx, ru, a.ID, 1); err != nil {
		t.Fatal(err)
	}
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.16}})
	inc, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
		Location: loc, LocationPrecision: "1km", PlaceName: "Market", Perpetrator: incidents.Perpetrator{Kind: "party", Party: "ru"},
		Narrative: "Shelling of the market.", Releasability: &access.Releasability{TLP: access.TLPGreen}})
	if err != nil {
		t.Fatal(err)
	}
	// The breach is recorded as the incident commits, by the node's recorder.
	testwait.For(t, 30*time.Second, "the incident's breach of the agreement", func() bool {
		c, err := n.app.Agreements.Compliance(ctx, ru, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(c)
		return strings.Contains(string(b), inc.ID)
	})
	if _, err := n.app.Findings.Open(ctx, un, inc.ID, "preliminary"); err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Findings.Establish(ctx, un, inc.ID, findings.FactEstablished{What: "shells hit the market", Where: "market square",
		When: "today, ± 1 h", Confidence: "high"}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Findings.Attribute(ctx, un, inc.ID, findings.Attributed{State: findings.AttributionAttributed, Responsible: "us",
		Reasoning: "the craters point to us's positions"}); err != nil {
		t.Fatal(err)
	}
	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "ru-liaison", "password-ru")
	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
	finding := `[data-finding-of="` + inc.ID + `"]`
	for _, lang := range []string{"en", "ru", "ar"} {
		tr := i18nTable(t, lang)
		dir := map[bool]string{true: "rtl", false: "ltr"}[lang == "ar"]
		run(t, tb, "home", chromedp.Navigate(base+"/#/agreements"), chromedp.WaitVisible(`#lang-select`))
		get(t, tb, "switch to "+lang, chromedp.Evaluate[bool](fmt.Sprintf(setLang, lang)))
		run(t, tb, "agreement in "+lang, chromedp.WaitVisible(`html[lang="`+lang+`"][dir="`+dir+`"]`),
			chromedp.Navigate(base+"/#/agreements/"+a.ID), chromedp.WaitVisible(finding))
		text := get(t, tb, "finding words", chromedp.Text(finding))
		// The party's name is isolated from the text around it (bidi).
		attributed := strings.Split(tr["finding.attribution.attributed"], "{party}")[0]
		if !strings.Contains(text, tr["finding.fact.established"]) || !strings.Contains(text, attributed) || !strings.Contains(text, "us") {
			t.Errorf("%s: the incident's finding reads %q, want %q and %q", lang, text, tr["finding.fact.established"], attributed)
		}
		status := get(t, tb, "us's status", chromedp.Evaluate[string](
			`document.querySelector('.cstatus[data-obligation="no-artillery"][data-party="us"]').className`))
		if !strings.Contains(status, "cstatus-violation") {
			t.Errorf("%s: us's compliance with no-artillery is %q, want a violation (the monitors attributed the incident to us)", lang, status)
		}
		inRu := get(t, tb, "ru's evidence", chromedp.Evaluate[bool](
			`document.querySelector('.cstatus[data-obligation="no-artillery"][data-party="ru"]').closest('tr').textContent.includes('`+inc.ID+`')`))
		if inRu {
			t.Errorf("%s: the incident the monitors attributed to us is still evidence against ru", lang)
		}
	}
}

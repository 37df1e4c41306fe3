package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// TestBrowserPublicFindings: the public page names the layer of each
// incident's finding as the record page does, in English, Russian and
// Arabic, from the CLEAR layers only: the fact and the disputed
// attribution and us's position show; the field team's tasking (the
// monitoring cell's) and ru's position, released to ru only, do not.
func TestBrowserPublicFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	us, un := n.principalOf(t, "us-liaison"), n.principalOf(t, "un-liaison")
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.20}})
	inc, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
		Location: loc, LocationPrecision: "1km", PlaceName: "Aleppo", Perpetrator: incidents.Perpetrator{Kind: "unknown"},
		Narrative: "Shelling of the market.", Releasability: &access.Releasability{TLP: access.TLPClear}})
	if err != nil {
		t.Fatal(err)
	}
	id, f := inc.ID, n.app.Findings
	steps := []func() (*findings.View, error){
		func() (*findings.View, error) { return f.Open(ctx, un, id, "preliminary investigation") },
		func() (*findings.View, error) {
			return f.Task(ctx, un, id, findings.TeamTasked{Task: "t1", Team: []string{"Team Alpha"}, Where: "market square",
				From: time.Now().UTC().Format(time.RFC3339), To: time.Now().Add(time.Hour).UTC().Format(time.RFC3339)}, nil)
		},
		func() (*findings.View, error) {
			return f.Establish(ctx, un, id, findings.FactEstablished{What: "a rocket hit the market", Where: "Aleppo", When: "today", Confidence: "high"})
		},
		func() (*findings.View, error) {
			return f.Attribute(ctx, un, id, findings.Attributed{State: findings.AttributionDisputed, Reasoning: "both sides in range"})
		},
		func() (*findings.View, error) {
			return f.State(ctx, us, id, findings.PositionStated{OnFinding: findings.StanceAccepts, Statement: "the fact stands"})
		},
	}
	for i, step := range steps {
		if _, err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if _, err := n.app.Sequencer.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-liaison", Kind: findings.KindPositionStated,
		Subject: incidents.Subject(id), Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru"}},
		Payload: findings.PositionStated{IncidentID: id, OnFinding: findings.StanceRejects, Statement: "staged"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}

	base := n.srv.URL
	pub := tab(t, startBrowser(t))
	cell := `#public-incidents-table [data-incident="` + id + `"]`
	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
	run(t, pub, "public page", chromedp.Navigate(base+"/#/public"), chromedp.WaitVisible(`#lang-select`))
	for _, lang := range []string{"en", "ru", "ar"} {
		tr := i18nTable(t, lang)
		get(t, pub, "switch to "+lang, chromedp.Evaluate[bool](fmt.Sprintf(setLang, lang)))
		run(t, pub, "public page in "+lang, chromedp.WaitVisible(`html[lang="`+lang+`"]`), chromedp.Navigate(base+"/#/public"),
			chromedp.WaitVisible(cell+`[data-fact="established"][data-attribution="disputed"]`),
			chromedp.WaitVisible(`#public-incidents-table [data-verified="true"]`))
		status := get(t, pub, "status in "+lang, chromedp.Text(cell))
		for _, key := range []string{"finding.fact.established", "finding.attribution.disputed", "finding.stance.accepts"} {
			if !strings.Contains(status, tr[key]) {
				t.Errorf("%s public status %q lacks %s (%q)", lang, status, key, tr[key])
			}
		}
		if strings.Contains(status, tr["finding.stance.rejects"]) {
			t.Errorf("%s public status %q shows ru's position, released to ru only", lang, status)
		}
		if page := get(t, pub, "page text", chromedp.Text(`#main`)); strings.Contains(page, "Team Alpha") || strings.Contains(page, "staged") {
			t.Errorf("%s: the public page shows a layer that is not CLEAR", lang)
		}
		if lang == "ar" {
			run(t, pub, "scroll", chromedp.ScrollIntoView(`#public-incidents-table`))
			shot(t, pub, screenshotDir(t), "46-public-findings-ar")
		}
	}
	get(t, pub, "back to English", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "en")))
}

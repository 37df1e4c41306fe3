package web_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/agreements/rules"
	"truce/internal/incidents"
	"truce/internal/testwait"
	"truce/internal/zones"
)

// TestBrowserPublicCompliance: the public page shows, for a CLEAR agreement
// in force, ru's violation of its no-artillery obligation (a CLEAR
// incident) and its no-fire obligation as not disclosed, in English and
// Arabic; an AMBER agreement is not shown.
func TestBrowserPublicCompliance(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	us, ru := n.principalOf(t, "us-liaison"), n.principalOf(t, "ru-liaison")
	from := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339)
	z, err := n.app.Zones.Propose(ctx, us, "", 0, zones.Proposal{Kind: zones.KindCeasefireArea, Name: "Agreed area", EffectiveFrom: from,
		Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[37,36],[37.3,36],[37.3,36.3],[37,36.3],[37,36]]]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Zones.Agree(ctx, ru, z.ID, 1); err != nil {
		t.Fatal(err)
	}
	agreement := func(title string, rel access.TLP) string {
		a, err := n.app.Agreements.Propose(ctx, us, "", 0, agreements.Proposal{Title: title, Parties: []string{"us", "ru"}, EffectiveFrom: from,
			Releasability: &access.Releasability{TLP: rel, Audience: []string{"us", "ru"}},
			Obligations: []agreements.ObligationSpec{
				{Key: "no-artillery", Title: "No artillery", Rule: agreements.RuleSpec{Kind: rules.KindNoWeapons, ZoneID: z.ID, From: from, Classes: []string{"shelling_missile"}}},
				{Key: "no-fire", Title: "No fire near sites", Rule: agreements.RuleSpec{Kind: rules.KindNoFireNearSites, From: from, RadiusKm: 5}}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := n.app.Agreements.Agree(ctx, ru, a.ID, 1); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	clear := agreement("Public ceasefire", access.TLPClear)
	amber := agreement("Restricted memorandum", access.TLPAmber)
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}})
	if _, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
		Location: loc, LocationPrecision: "1km", Perpetrator: incidents.Perpetrator{Kind: "party", Party: "ru"},
		Narrative: "Shelling in the agreed area.", Releasability: &access.Releasability{TLP: access.TLPClear}}); err != nil {
		t.Fatal(err)
	}
	// The breach is recorded as the incident is committed, just after.
	testwait.For(t, 20*time.Second, "the shelling's breach recorded", func() bool {
		c, err := n.app.Agreements.Compliance(ctx, access.Principal{}, clear)
		return err == nil && len(c.Obligations) > 0 && len(c.Obligations[0].Parties) > 0 &&
			slices.ContainsFunc(c.Obligations, func(o agreements.ObligationCompliance) bool {
				return slices.ContainsFunc(o.Parties, func(p agreements.PartyCompliance) bool { return p.Status == rules.StatusViolation })
			})
	})
	base := n.srv.URL
	pub := tab(t, startBrowser(t))
	words := map[string][2]string{"en": {"Violation", "Not disclosed (no site notified to you)"}, "ar": {"انتهاك", "غير مفصح عنه (لم يُبلَّغ لكم أي موقع)"}}
	for _, lang := range []string{"en", "ar"} {
		run(t, pub, "origin", chromedp.Navigate(base+"/static/favicon.svg"))
		get(t, pub, "lang", chromedp.Evaluate[bool](`(() => { localStorage.setItem('truce.lang', '`+lang+`'); return true })()`))
		art := `#public-compliance-table [data-agreement="` + clear + `"][data-obligation="no-artillery"][data-party="ru"]`
		fire := `#public-compliance-table [data-agreement="` + clear + `"][data-obligation="no-fire"][data-party="ru"]`
		run(t, pub, "public page "+lang, chromedp.Navigate(base+"/?"+lang+"#/public"), chromedp.WaitVisible(`html[lang="`+lang+`"]`),
			chromedp.WaitVisible(art+`.cstatus-violation`), chromedp.WaitVisible(fire+`.cstatus-not_disclosed`),
			chromedp.WaitVisible(`#public-compliance-table [data-agreement="`+clear+`"][data-obligation="no-artillery"][data-party="us"].cstatus-compliant`))
		if got := get(t, pub, "violation text", chromedp.Text(art)); got != words[lang][0] {
			t.Errorf("%s: %q, want %q", lang, got, words[lang][0])
		}
		if got := get(t, pub, "fire text", chromedp.Text(fire)); got != words[lang][1] {
			t.Errorf("%s: %q, want %q", lang, got, words[lang][1])
		}
		if n := get(t, pub, "amber", chromedp.Evaluate[int](`document.querySelectorAll('[data-agreement="`+amber+`"]').length`)); n != 0 {
			t.Errorf("%s: the public page shows the AMBER agreement", lang)
		}
	}
	shot(t, pub, screenshotDir(t), "49-public-compliance-ar")
}

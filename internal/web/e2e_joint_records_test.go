package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/agreements"
	"truce/internal/zones"
)

// TestBrowserJointRecordsComputedFrom checks, in English, Russian and
// Arabic, that the record pages of a zone, an agreement and a safe passage
// say which logs their joint state was computed from: this node's origin
// and the last index of its tree.
func TestBrowserJointRecordsComputedFrom(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	us := n.principalOf(t, "us-liaison")
	from := time.Now().Add(-time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	z, err := n.app.Zones.Propose(ctx, us, "", 0, zones.Proposal{Kind: zones.KindCeasefireArea, Name: "Joint area", EffectiveFrom: from,
		Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[37.1,36.1],[37.2,36.1],[37.2,36.2],[37.1,36.2],[37.1,36.1]]]}`)})
	if err != nil {
		t.Fatal(err)
	}
	a, err := n.app.Agreements.Propose(ctx, us, "", 0, agreements.Proposal{Title: "Local truce", Parties: []string{"ru", "us"},
		EffectiveFrom: from, Obligations: []agreements.ObligationSpec{}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := n.app.Agreements.ProposePassage(ctx, us, "", 0, agreements.PassageInput{Kind: agreements.KindSafePassage, Name: "Convoy",
		Parties: []string{"ru", "us"}})
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
		run(t, tb, "home", chromedp.Navigate(base+"/#/zones"), chromedp.WaitVisible(`#lang-select`))
		get(t, tb, "switch to "+lang, chromedp.Evaluate[bool](fmt.Sprintf(setLang, lang)))
		run(t, tb, "language "+lang, chromedp.WaitVisible(`html[lang="`+lang+`"][dir="`+dir+`"]`))
		for _, page := range []struct{ path, sel string }{
			{"/#/zones/" + z.ID, "#zone-computed-from"},
			{"/#/agreements/" + a.ID, "#agreement-computed-from"},
			{"/#/passages/" + p.ID, "#passage-computed-from"},
		} {
			run(t, tb, page.path+" in "+lang, chromedp.Navigate(base+page.path), chromedp.WaitVisible(page.sel))
			text := get(t, tb, "computed from", chromedp.Text(page.sel))
			want := strings.Split(tr["joint.computed_from"], "{")[0]
			if !strings.Contains(text, want) || !strings.Contains(text, origin) {
				t.Errorf("%s %s: %q, want %q and this node's origin %s", lang, page.path, text, want, origin)
			}
		}
	}
}

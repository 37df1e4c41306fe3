package web_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/testwait"
	"truce/internal/web"
)

// i18nTable returns the UI's strings in lang.
func i18nTable(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := fs.ReadFile(web.Assets(), "static/i18n/"+lang+".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBrowserFindings walks the layers of a finding on the incident page:
// an allegation, the monitors' investigation (whose field-team tasking ru
// never sees), the finding of fact, the attribution disputed, us's
// position, ru's position stated through the page's form, and ru's right
// of reply lapsed; the status names the layer in English, Russian and
// Arabic.
func TestBrowserFindings(t *testing.T) {
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
		Narrative: "Shelling of the market.", Releasability: &access.Releasability{TLP: access.TLPGreen}})
	if err != nil {
		t.Fatal(err)
	}
	id, f := inc.ID, n.app.Findings
	replyBy := time.Now().Add(2 * time.Second).UTC().Truncate(time.Second).Add(time.Second)
	steps := []func() (*findings.View, error){
		func() (*findings.View, error) {
			return f.Allege(ctx, us, id, findings.Alleged{Source: "party", Accused: "ru", Text: "ru shelled the market"})
		},
		func() (*findings.View, error) { return f.Open(ctx, un, id, "preliminary investigation") },
		func() (*findings.View, error) {
			return f.Task(ctx, un, id, findings.TeamTasked{Task: "t1", Team: []string{"Team Alpha"}, Where: "market square",
				From: time.Now().UTC().Format(time.RFC3339), To: time.Now().Add(time.Hour).UTC().Format(time.RFC3339), Notified: []string{"us", "ru"}}, nil)
		},
		func() (*findings.View, error) {
			return f.Observe(ctx, un, id, findings.Observed{Task: "t1", Text: "crater and fragments of a 122 mm rocket",
				NoAccess: []findings.NoAccess{{Place: "northern checkpoint", Reason: "denied"}}, Attended: []string{"ru"}})
		},
		func() (*findings.View, error) {
			return f.Report(ctx, un, id, findings.ReportWritten{Summary: "a rocket hit the market", Concerned: []string{"us", "ru"},
				ReplyBy: replyBy.Format(time.RFC3339)})
		},
		func() (*findings.View, error) { return f.Reply(ctx, us, id, "we did not fire") },
		func() (*findings.View, error) {
			return f.Establish(ctx, un, id, findings.FactEstablished{What: "a 122 mm rocket hit the market", Where: "Aleppo, market square",
				When: "yesterday, ± 1 h", Confidence: "high"})
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
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}

	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "ru-liaison", "password-ru")
	page := base + "/#/incidents/" + id
	run(t, tb, "incident page", chromedp.Navigate(page),
		chromedp.WaitVisible(`#finding-status[data-fact="established"][data-attribution="disputed"]`),
		chromedp.WaitVisible(`#finding-positions [data-party="us"].stance-accepts`))
	if inv := get(t, tb, "investigation", chromedp.Text(`#finding-investigation`)); strings.Contains(inv, "Team Alpha") || !strings.Contains(inv, "northern checkpoint") {
		t.Errorf("ru reads the investigation as %q", inv)
	}
	// ru states its position once its right of reply has lapsed.
	testwait.For(t, 10*time.Second, "ru's reply deadline to pass", func() bool { return time.Now().After(replyBy) })
	run(t, tb, "position", chromedp.SetValue(`#position-form select[name="on_finding"]`, "rejects"),
		chromedp.SendKeys(`#position-form textarea[name="statement"]`, "staged"),
		chromedp.Click(`#position-form-submit`),
		chromedp.WaitVisible(`#finding-positions [data-party="ru"].stance-rejects`),
		chromedp.WaitVisible(`#finding-replies li[data-state="lapsed"]`),
		chromedp.WaitVisible(`#finding-replies li[data-state="replied"]`))
	shot(t, tb, screenshotDir(t), "45-incident-finding")

	setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
	for _, lang := range []string{"en", "ru", "ar"} {
		tr := i18nTable(t, lang)
		get(t, tb, "switch to "+lang, chromedp.Evaluate[bool](fmt.Sprintf(setLang, lang)))
		run(t, tb, "page in "+lang, chromedp.WaitVisible(`html[lang="`+lang+`"]`), chromedp.Navigate(page),
			chromedp.WaitVisible(`#finding-status[data-fact="established"]`))
		status := get(t, tb, "status in "+lang, chromedp.Text(`#finding-status`))
		for _, key := range []string{"finding.fact.established", "finding.attribution.disputed", "finding.stance.accepts", "finding.stance.rejects"} {
			if !strings.Contains(status, tr[key]) {
				t.Errorf("%s status %q lacks %s (%q)", lang, status, key, tr[key])
			}
		}
		if lapsed := get(t, tb, "reply in "+lang, chromedp.Text(`#finding-replies li[data-state="lapsed"]`)); !strings.Contains(lapsed, tr["finding.reply.lapsed"]) {
			t.Errorf("%s lapsed reply %q", lang, lapsed)
		}
	}
}

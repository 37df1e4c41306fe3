package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/incidents"
)

// TestBrowserSitrep: the situation report page shows the node's report for
// the chosen date and language in a frame, with a download link: the
// public's counts the CLEAR incident only and, in Arabic, runs right to
// left; a co-chair's liaison's counts the AMBER incident released to it.
func TestBrowserSitrep(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := context.Background()
	for _, rel := range []access.Releasability{{TLP: access.TLPClear}, {TLP: access.TLPAmber, Audience: []string{"us", "ru"}}} {
		if _, _, err := n.app.Incidents.Report(ctx, n.principalOf(t, "us-liaison"), &incidents.NewIncident{Category: incidents.CategoryShelling,
			Time:     incidents.TimeSpan{Start: "2016-07-10T10:00:00Z", Precision: "hour"},
			Location: []byte(`{"type":"Point","coordinates":[37.1,36.1]}`), LocationPrecision: "1km", PlaceName: "Village",
			Perpetrator: incidents.Perpetrator{Kind: "unknown"}, Narrative: "Shelling " + string(rel.TLP), Releasability: &rel}); err != nil {
			t.Fatal(err)
		}
	}
	base := n.srv.URL
	count := `(() => { const d = document.getElementById('sitrep-frame').contentDocument;
		const v = d && d.querySelector('#headline .value'); return v ? v.textContent + ' ' + d.documentElement.dir : ''; })()`
	show := func(lang string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{chromedp.Navigate(base + "/#/sitrep"), chromedp.WaitVisible(`#sitrep-form`),
			chromedp.SetValue(`#sitrep-date`, "2016-07-11"), chromedp.SetValue(`#sitrep-lang`, lang), chromedp.Click(`#sitrep-form button`)}
	}
	pub := tab(t, startBrowser(t))
	run(t, pub, "public report", show("ar")...)
	get(t, pub, "public counts the CLEAR incident, right to left", chromedp.Poll[bool](`(`+count+`) === '1 rtl'`))
	get(t, pub, "download link", chromedp.Poll[bool](`document.getElementById('sitrep-download').getAttribute('href').includes('date=2016-07-11&lang=ar&format=html')`))

	us := tab(t, startBrowser(t))
	loginAPI(t, us, base, "us-liaison", "password-us")
	run(t, us, "us report", show("en")...)
	get(t, us, "us counts both incidents", chromedp.Poll[bool](`(`+count+`) === '2 ltr'`))
}

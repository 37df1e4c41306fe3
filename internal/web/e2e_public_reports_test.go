package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/sitrep"
)

// TestBrowserPublicReports: the public page lists a period's situation
// report once both co-chairs signed it off, not before (a period issued
// but signed off by us alone is absent), in the reader's language, and its
// HTML link opens the report that says who agreed.
func TestBrowserPublicReports(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := context.Background()
	iss := sitrep.NewIssuer(sitrep.IssueDeps{
		Builder: sitrep.New(sitrep.Deps{Sources: sitrep.Sources{Incidents: n.app.Incidents, Zones: n.app.Zones, Notify: n.app.Notify,
			Alerts: n.app.Alerts, Hotline: n.app.Hotline, Flights: n.app.Flights}, Config: sitrep.DefaultConfig(), Origin: n.app.Keys.Origin(), Tree: n.app.Hashes.Tree}),
		Log: n.app.Sequencer, Entries: n.app.DB.EntriesBySubject, Content: sitrep.EvidenceContent{Store: n.app.Incidents.EvidenceStore()},
		CoChairs: sitrep.CoChairsFrom(n.app.DB.Access().Parties), OfKind: n.app.DB.EntriesOfKind})
	us, ru := n.principalOf(t, "us-liaison"), n.principalOf(t, "ru-liaison")
	for _, c := range []struct {
		date   string
		chairs []string
	}{{"2016-07-11", []string{"us", "ru"}}, {"2016-07-12", []string{"us"}}} {
		rep, err := iss.Issue(ctx, us, c.date, "ru")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range c.chairs {
			by := us
			if p == "ru" {
				by = ru
			}
			if _, err := iss.Agree(ctx, by, c.date, rep.SHA256); err != nil {
				t.Fatal(err)
			}
		}
	}
	base := n.srv.URL
	pub := tab(t, startBrowser(t))
	run(t, pub, "origin", chromedp.Navigate(base+"/static/favicon.svg"))
	get(t, pub, "lang", chromedp.Evaluate[bool](`(() => { localStorage.setItem('truce.lang', 'ru'); return true })()`))
	run(t, pub, "public page", chromedp.Navigate(base+"/?ru#/public"), chromedp.WaitVisible(`#public-reports-table [data-date="2016-07-11"]`))
	if got := get(t, pub, "rows", chromedp.Evaluate[int](`document.querySelectorAll('#public-reports-table [data-date]').length`)); got != 1 {
		t.Errorf("%d reports listed, want the agreed one", got)
	}
	href := get(t, pub, "link", chromedp.Evaluate[string](`document.querySelector('#public-reports-table a[data-format="html"]').href`))
	resp, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Согласовано: us и ru.") {
		t.Errorf("the report at %s does not say who agreed: %s", href, resp.Status)
	}
}

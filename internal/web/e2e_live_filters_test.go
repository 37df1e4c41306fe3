package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/hotline"
	"truce/internal/incidents"
)

// reportWith reports an incident as us-liaison with the given words, time
// and precision, and returns its id.
func (n *e2eNode) reportWith(t *testing.T, cat incidents.Category, start time.Time, precision, place, narrative, source string, rel access.Releasability) string {
	t.Helper()
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{36.72, 34.73}})
	inc, _, err := n.app.Incidents.Report(t.Context(), n.principalOf(t, "us-liaison"), &incidents.NewIncident{Category: cat,
		Time:     incidents.TimeSpan{Start: start.UTC().Truncate(time.Second).Format(time.RFC3339), Precision: precision},
		Location: loc, LocationPrecision: "1km", PlaceName: place, Perpetrator: incidents.Perpetrator{Kind: "unknown"},
		Narrative: narrative, Sources: []incidents.Source{{Name: source, Reliability: "C", Credibility: 3}}, Releasability: &rel})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return inc.ID
}

// TestBrowserFilteredListTakesMatchingRecordsLive checks that a list
// filtered by text (in its URL) inserts a new record the stream brings
// only if it matches the filter, and with no request; and that the
// browser's filter (incidentfilter.js) and the node's agree on a set of
// records and filters: for each filter, the records the browser keeps are
// exactly those the node lists.
func TestBrowserFilteredListTakesMatchingRecordsLive(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	browser := startBrowser(t)
	now := time.Now().UTC()

	ru := tab(t, browser)
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	reqs := watchRequests(t, ru)
	run(t, ru, "filtered list", chromedp.Navigate(base+"/?en#/incidents?q=Qusayr"))
	waitFor(t, ru, "list drawn", `!!document.querySelector('#incident-list p.empty, #incident-list table')`)
	waitLive(t, ru)
	_, mark := reqs.since(0)
	other := n.reportWith(t, incidents.CategoryShelling, now.Add(-time.Hour), "exact", "Hama", "Shelling near the bridge.", "Council", green)
	hidden := n.reportWith(t, incidents.CategoryShelling, now.Add(-time.Hour), "exact", "Qusayr", "Shelling at Qusayr.", "Council", access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}})
	match := n.reportWith(t, incidents.CategoryShelling, now.Add(-time.Hour), "exact", "Al-Qusayr", "Shelling at the market.", "Council", green)
	waitFor(t, ru, "matching row", fmt.Sprintf(`!!document.querySelector('#incident-list a[data-incident=%q]')`, match))
	for _, id := range []string{other, hidden} {
		if get(t, ru, "other rows", chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector('#incident-list a[data-incident=%q]')`, id))) {
			t.Errorf("the list filtered by q=Qusayr shows incident %s", id)
		}
	}
	got, _ := reqs.since(mark)
	if k := count(got, func(p string) bool { return strings.HasPrefix(p, "/api/v1/incidents") }); k > 0 {
		t.Errorf("three new incidents cost %d incident requests, want none: %v", k, got)
	}
	shot(t, ru, screenshotDir(t), "92-live-filtered-list-en")

	// The browser's filter against the node's, on records of varied words,
	// times and precisions, read as ru.
	n.reportWith(t, incidents.CategoryAirStrike, now.Add(-50*time.Hour), "day", "Idlib", "Café struck; smoke seen.", "Hospital staff", green)
	n.reportWith(t, incidents.CategoryArmedClash, now.Add(-10*24*time.Hour), "week", "Darayya", "Clash at the checkpoint", "Monitors", green)
	n.reportWith(t, incidents.CategoryShelling, now.Add(-3*time.Hour), "hour", "Homs", "Shells fell on Homs", "Radio Homs", green)
	day := func(d time.Duration) string { return now.Add(d).Format("2006-01-02") }
	filters := []string{"q=qusayr", "q=AL-QUSAYR", "q=cafe", "q=smoke%20struck", "q=hospital", "q=radio%20homs", "q=%21%21", "q=shell",
		"category=armed_clash", "status=reported", "party=us", "party=ru", "category=air_strike,armed_clash",
		"from=" + day(-3*24*time.Hour) + "T00:00:00Z", "to=" + day(-2*24*time.Hour) + "T23:59:59Z",
		"from=" + day(-9*24*time.Hour) + "T00:00:00Z&to=" + day(-9*24*time.Hour) + "T23:59:59Z", "q=shelling&category=shelling_missile&from=" + day(-1*24*time.Hour) + "T00:00:00Z"}
	js, _ := json.Marshal(filters)
	mismatches := get(t, ru, "filters agree", chromedp.Evaluate[[]string](fmt.Sprintf(`(async () => {
		const { incidentMatcher } = await import('/static/js/incidentfilter.js');
		const all = (await (await fetch('/api/v1/incidents?limit=1000')).json()).items;
		const recs = await Promise.all(all.map(async (i) => (await fetch('/api/v1/incidents/' + i.id)).json()));
		const out = [];
		for (const f of %s) {
			const listed = new Set(((await (await fetch('/api/v1/incidents?limit=1000&' + f)).json()).items || []).map((i) => i.id));
			const m = incidentMatcher(new URLSearchParams(f));
			for (const r of recs) if (m(r) !== listed.has(r.id)) out.push(f + ': ' + r.id + ' browser ' + m(r) + ' node ' + listed.has(r.id));
		}
		return out.length ? out : [String(recs.length) + ' records'];
	})()`, js), chromedp.EvalAwaitPromise))
	if len(mismatches) != 1 || !strings.HasSuffix(mismatches[0], " records") {
		t.Errorf("the browser's filter and the node's disagree: %v", mismatches)
	}
	t.Logf("filters compared on %v", mismatches)
}

// TestBrowserHotlineLive checks that the hotline's inbox takes a message
// sent to the user's party from the record the stream brings, with no
// request for messages, and that a message between two other parties
// reaches neither the page nor its network.
func TestBrowserHotlineLive(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	browser := startBrowser(t)
	ctx := t.Context()

	ru := tab(t, browser)
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	setLanguage(t, ru, "ar")
	reqs := watchRequests(t, ru)
	run(t, ru, "hotline", chromedp.Navigate(base+"/?ar#/hotline"))
	waitFor(t, ru, "boxes drawn", `!!document.querySelector('#inbox h2') && !!document.querySelector('#outbox h2')`)
	waitLive(t, ru)
	_, mark := reqs.since(0)
	other, err := n.app.Hotline.Send(ctx, n.principalOf(t, "us-liaison"), hotline.NewMessage{To: "un", Priority: "routine", Subject: "For the UN only", Body: "Not for ru."})
	if err != nil {
		t.Fatalf("send to un: %v", err)
	}
	m, err := n.app.Hotline.Send(ctx, n.principalOf(t, "us-liaison"), hotline.NewMessage{To: "ru", Priority: "immediate", Subject: "Convoy at the bridge", Body: "Please confirm."})
	if err != nil {
		t.Fatalf("send to ru: %v", err)
	}
	waitFor(t, ru, "message in the inbox", fmt.Sprintf(`!!document.querySelector('#inbox a[href="#/hotline/%s"]')`, m.ID))
	if get(t, ru, "other message", chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector('a[href="#/hotline/%s"]')`, other.ID))) {
		t.Errorf("ru's hotline shows a message between us and un")
	}
	got, _ := reqs.since(mark)
	// The work queues' counters (queues.js) still reload the inbox, with
	// the pending sites and alerts, at most once a second on an event:
	// that request is not the hotline page's, which would read its outbox
	// too, or the message itself.
	if k := count(got, func(p string) bool {
		return strings.HasPrefix(p, "/api/v1/messages") && p != "/api/v1/messages?box=inbox"
	}); k > 0 {
		t.Errorf("two messages cost %d message requests, want none: %v", k, got)
	}
	shot(t, ru, screenshotDir(t), "93-live-hotline-ar")
}

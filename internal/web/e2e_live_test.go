package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/notify"
)

// requestLog records the paths (with their queries) of the API requests a
// tab makes, from the browser's own network events.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

// watchRequests starts recording the API requests of ctx's tab.
func watchRequests(t *testing.T, ctx context.Context) *requestLog {
	t.Helper()
	l := &requestLog{}
	if err := chromedp.Listen(ctx, func(ev any) {
		e, ok := ev.(*network.EventRequestWillBeSent)
		if !ok || e.Request == nil {
			return
		}
		u, err := url.Parse(e.Request.URL)
		if err != nil || !strings.HasPrefix(u.Path, "/api/") {
			return
		}
		l.mu.Lock()
		l.paths = append(l.paths, u.RequestURI())
		l.mu.Unlock()
	}); err != nil {
		t.Fatalf("listen to the network: %v", err)
	}
	return l
}

// since returns the requests recorded after the first n, and how many
// were recorded in all.
func (l *requestLog) since(n int) ([]string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.paths[n:]...), len(l.paths)
}

// count returns how many of paths match keep.
func count(paths []string, keep func(string) bool) int {
	n := 0
	for _, p := range paths {
		if keep(p) {
			n++
		}
	}
	return n
}

// reportAt reports a shelling near lon, lat as us-liaison with
// releasability rel and returns it.
func (n *e2eNode) reportAt(t *testing.T, lon, lat float64, place string, rel access.Releasability) *incidents.Incident {
	t.Helper()
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
	inc, _, err := n.app.Incidents.Report(t.Context(), n.principalOf(t, "us-liaison"), &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339), Precision: "exact"},
		Location: loc, LocationPrecision: "1km", PlaceName: place, Perpetrator: incidents.Perpetrator{Kind: "unknown"},
		Narrative: "Shelling reported by the test.", Releasability: &rel})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return inc
}

// waitLive waits until the tab's shared stream connection is open (the
// page's listeners are registered once it has drawn), so that no entry
// written next is missed.
func waitLive(t *testing.T, ctx context.Context) {
	t.Helper()
	get(t, ctx, "stream open", chromedp.Evaluate[bool](`import('/static/js/live.js').then((l) => l.connected()).then(() => true)`, chromedp.EvalAwaitPromise))
}

// statusIs is the script true once the row of incident id in the list
// shows status.
func statusIs(id string, status incidents.Status) string {
	return fmt.Sprintf(`(() => { const a = document.querySelector('#incident-list a[data-incident=%q]');
		return !!a && !!a.closest('tr').querySelector('.status-%s'); })()`, id, status)
}

var green = access.Releasability{TLP: access.TLPGreen}

// TestBrowserLiveInPlace checks that live entries are applied to what a
// page holds from the record the stream brings with them, costing no
// request for the record and none for a listing: an assessment restyles the incident's one marker
// on the map and its row in the list, a new report adds its row, and a
// report ru may not see reaches neither ru's page nor its network; on an
// incident's page another user's comment and on a site's page another
// party's acknowledgement appear in place, with their entry added to the
// history, in English, Russian and Arabic.
func TestBrowserLiveInPlace(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.addAnalysts(t)
	base := n.srv.URL
	browser := startBrowser(t)
	ctx := t.Context()
	usA, ruA := n.principalOf(t, "us-analyst"), n.principalOf(t, "ru-analyst")

	t.Run("map and list", func(t *testing.T) {
		inc := n.reportAt(t, 36.30, 33.51, "Damascus", green)
		id := inc.ID
		ru := tab(t, browser)
		loginAPI(t, ru, base, "ru-liaison", "password-ru")
		reqs := watchRequests(t, ru)
		run(t, ru, "map", chromedp.Navigate(base+"/?en#/map"))
		waitFor(t, ru, "marker", `document.querySelectorAll('#map .incident-reported').length === 1`)
		waitLive(t, ru)
		_, mark := reqs.since(0)
		inc, err := n.app.Incidents.Assess(ctx, usA, id, inc.Seq, incidents.VerdictNeedsInformation, "Field team first.")
		if err != nil {
			t.Fatalf("assess: %v", err)
		}
		waitFor(t, ru, "marker restyled", fmt.Sprintf(`document.querySelectorAll('#map .incident-%s').length === 1 && document.querySelectorAll('#map .incident').length === 1`, inc.Status))
		got, _ := reqs.since(mark)
		one := count(got, func(p string) bool { return strings.HasPrefix(p, "/api/v1/incidents/"+id) })
		listings := count(got, func(p string) bool { return strings.HasPrefix(p, "/api/v1/incidents?") })
		if one > 0 || listings > 0 {
			t.Errorf("one assessment cost %d reads of the incident and %d of the listing (the stream brings the record): %v", one, listings, got)
		}
		t.Logf("map: one incident entry → %d request(s) for the record, %d for listings", one, listings)

		// A site notified meanwhile appears on the map's sites layer from
		// the record its entry brought: no request for sites.
		sites := get(t, ru, "sites", chromedp.Evaluate[int](`document.querySelectorAll('#map .site').length`))
		_, mark = reqs.since(0)
		if _, err := n.app.Notify.NotifySite(ctx, n.principalOf(t, "un-liaison"), notify.SiteInput{Site: notify.Site{Kind: "school",
			Names: map[string]string{"en": "Live map school"}, Location: json.RawMessage(`{"type":"Point","coordinates":[36.25,33.55]}`),
			BufferM: 200, Parties: []string{"us", "ru"}}}); err != nil {
			t.Fatalf("notify site: %v", err)
		}
		waitFor(t, ru, "site marker", fmt.Sprintf(`document.querySelectorAll('#map .site').length === %d`, sites+1))
		got, _ = reqs.since(mark)
		if k := count(got, func(p string) bool { return strings.HasPrefix(p, "/api/v1/sites") }); k > 0 {
			t.Errorf("a new site cost %d site requests on the map: %v", k, got)
		}

		run(t, ru, "list", chromedp.Navigate(base+"/?en#/incidents"))
		waitFor(t, ru, "row", statusIs(id, inc.Status))
		waitLive(t, ru)
		_, mark = reqs.since(0)
		inc, err = n.app.Incidents.Assess(ctx, ruA, id, inc.Seq, incidents.VerdictConfirmed, "Seen by our team.")
		if err != nil {
			t.Fatalf("assess: %v", err)
		}
		hidden := n.reportAt(t, 37.16, 36.20, "Aleppo", access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}}).ID
		added := n.reportAt(t, 36.72, 34.73, "Homs", green).ID
		waitFor(t, ru, "new row", statusIs(added, incidents.StatusReported))
		waitFor(t, ru, "row restyled", statusIs(id, inc.Status))
		if get(t, ru, "hidden row", chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector('#incident-list a[data-incident=%q]')`, hidden))) {
			t.Errorf("ru's list shows incident %s released to us only", hidden)
		}
		got, _ = reqs.since(mark)
		for _, c := range []struct {
			id   string
			most int
		}{{id, 0}, {added, 0}, {hidden, 0}} {
			if k := count(got, func(p string) bool { return strings.HasPrefix(p, "/api/v1/incidents/"+c.id) }); k > c.most {
				t.Errorf("incident %s was read %d times, at most %d: %v", c.id, k, c.most, got)
			}
		}
		if k := count(got, func(p string) bool { return strings.HasPrefix(p, "/api/v1/incidents?") }); k > 0 {
			t.Errorf("the list read its listing %d times for three entries: %v", k, got)
		}
	})

	un := n.principalOf(t, "un-liaison")
	for i, lang := range []string{"en", "ru", "ar"} {
		t.Run("record pages "+lang, func(t *testing.T) {
			id := n.reportAt(t, 36.30, 33.51, "Damascus "+lang, green).ID
			us := tab(t, browser)
			loginAPI(t, us, base, "us-liaison", "password-us")
			setLanguage(t, us, lang)
			reqs := watchRequests(t, us)
			run(t, us, "incident", chromedp.Navigate(fmt.Sprintf("%s/?%s#/incidents/%s", base, lang, id)))
			waitFor(t, us, "history", `document.querySelectorAll('#record-history tbody tr').length === 1 && !!document.querySelector('#comments h2')`)
			waitLive(t, us)
			_, mark := reqs.since(0)
			if _, err := n.app.Incidents.Comment(ctx, ruA, id, "Our patrol saw smoke."); err != nil {
				t.Fatalf("comment: %v", err)
			}
			waitFor(t, us, "comment in place", `[...document.querySelectorAll('#comment-list li')].some((li) => li.textContent.includes('Our patrol saw smoke.'))
				&& document.querySelectorAll('#record-history tbody tr').length === 2`)
			got, _ := reqs.since(mark)
			if k := count(got, func(p string) bool { return strings.HasPrefix(p, "/api/v1/incidents/"+id+"/comments") }); k != 1 {
				t.Errorf("one comment cost %d reads of the comments: %v", k, got)
			}
			if k := count(got, func(p string) bool {
				return p == "/api/v1/incidents/"+id || strings.HasPrefix(p, "/api/v1/incidents/"+id+"/history")
			}); k > 0 {
				t.Errorf("a comment re-read the incident or its history %d times: %v", k, got)
			}
			shot(t, us, screenshotDir(t), "90-live-incident-"+lang)

			site, err := n.app.Notify.NotifySite(ctx, un, notify.SiteInput{Site: notify.Site{Kind: "school",
				Names:    map[string]string{"en": "Live school " + lang},
				Location: json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[%g,33.52]}`, 36.2+0.1*float64(i))), BufferM: 200, Parties: []string{"us", "ru"}}})
			if err != nil {
				t.Fatalf("notify site: %v", err)
			}
			run(t, us, "site", chromedp.Navigate(fmt.Sprintf("%s/?%s#/notifications/sites/%s", base, lang, site.ID)))
			waitFor(t, us, "site history", `document.querySelectorAll('#record-history tbody tr').length === 1 && !!document.querySelector('#notice-acks')`)
			waitLive(t, us)
			if _, err := n.app.Notify.Acknowledge(ctx, n.principalOf(t, "ru-liaison"), notify.TypeSite, site.ID, site.Version); err != nil {
				t.Fatalf("acknowledge: %v", err)
			}
			waitFor(t, us, "acknowledgement in place", `document.querySelectorAll('#notice-acks .ack-acknowledged').length === 1
				&& document.querySelectorAll('#record-history tbody tr').length === 2`)
			shot(t, us, screenshotDir(t), "91-live-site-"+lang)
		})
	}
}

package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/web"
)

// TestBrowser drives the UI in headless Chromium against an in-process
// node: two parties with different clearance, Arabic, the public page, and
// proofs verified (and tampered with) in the browser.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	t.Logf("screenshots in %s", dir)
	notice := n.appendEntry(t, ledger.Draft{Party: "un", Author: "un-admin", Kind: "e2e.notice", Subject: "notice:1",
		Release: access.Releasability{TLP: access.TLPClear}, Payload: map[string]string{"text": "Ceasefire monitoring resumes at 06:00 UTC."}})
	n.appendEntry(t, ledger.Draft{Party: "un", Author: "un-admin", Kind: "e2e.notice", Subject: "notice:1",
		Release: access.Releasability{TLP: access.TLPClear}, Payload: map[string]string{"text": "Amended: 07:00 UTC."}})
	// An AMBER entry of party us: the creation of its liaison's account.
	u, err := n.app.Accounts.Store().UserByName(t.Context(), nil, "us-liaison")
	if err != nil {
		t.Fatal(err)
	}
	amber := n.seqOf(t, "user:"+u.ID)
	browser := startBrowser(t)

	us := tab(t, browser)
	t.Run("login and who am I", func(t *testing.T) {
		run(t, us, "login page", chromedp.Navigate(base+"/#/login"), chromedp.WaitVisible(`#login-username`))
		shot(t, us, dir, "01-login")
		// A wrong password is refused with a message.
		run(t, us, "bad login", chromedp.SendKeys(`#login-username`, "us-liaison"), chromedp.SendKeys(`#login-password`, "wrong password"),
			chromedp.Click(`#login-submit`), chromedp.WaitVisible(`#login-error`))
		login(t, us, base, "us-liaison", "password-us")
		run(t, us, "me", chromedp.Navigate(base+"/#/me"), chromedp.WaitVisible(`#me-party`))
		if party := get(t, us, "party", chromedp.Text(`#me-party`)); !strings.Contains(party, "United States") {
			t.Errorf("me page party %q", party)
		}
		if cochair := get(t, us, "co-chair", chromedp.Text(`#me-cochair`)); !strings.HasPrefix(cochair, "Yes") {
			t.Errorf("co-chair %q", cochair)
		}
		shot(t, us, dir, "02-account")
	})

	t.Run("map", func(t *testing.T) {
		run(t, us, "map", chromedp.Navigate(base+"/#/map"),
			chromedp.WaitVisible(`#map .leaflet-overlay-pane path`),
			chromedp.WaitVisible(`.place-label`),
			chromedp.WaitVisible(`#layer-places`))
		labels := get(t, us, "labels", chromedp.Evaluate[string](`[...document.querySelectorAll('.place-label')].map(e => e.textContent).join('|')`))
		if !strings.Contains(labels, "Damascus") || !strings.Contains(labels, "Aleppo") {
			t.Errorf("place labels %q lack Damascus and Aleppo", labels)
		}
		attribution := get(t, us, "attribution", chromedp.Text(`.leaflet-control-attribution`))
		if !strings.Contains(attribution, "Natural Earth") || !strings.Contains(attribution, "GeoNames") {
			t.Errorf("attribution %q", attribution)
		}
		shot(t, us, dir, "03-map")
		// Turning the places layer off removes the labels.
		run(t, us, "toggle places off", chromedp.Click(`#layer-places`), chromedp.WaitNotPresent(`.place-label`))
		run(t, us, "toggle places on", chromedp.Click(`#layer-places`), chromedp.WaitVisible(`.place-label`))
	})

	t.Run("amber entry: visible to its party, verified", func(t *testing.T) {
		run(t, us, "entry", chromedp.Navigate(fmt.Sprintf("%s/#/entry/%d", base, amber)), chromedp.WaitVisible(`#verify-status.verify.ok`))
		if status := get(t, us, "status", chromedp.Text(`#verify-status`)); !strings.Contains(status, fmt.Sprintf("Verified in log at index %d", amber)) {
			t.Errorf("status %q", status)
		}
		run(t, us, "history", chromedp.WaitVisible(`#history-h`), chromedp.WaitNotPresent(`section [data-verified]:not([data-verified="true"])`))
		shot(t, us, dir, "04-entry-verified")
	})

	t.Run("audit shows the read", func(t *testing.T) {
		run(t, us, "audit", chromedp.Navigate(base+"/#/audit"), chromedp.WaitVisible(`#audit-table`))
		if reads := get(t, us, "reads", chromedp.Text(`#audit-table`)); !strings.Contains(reads, "us-liaison") || !strings.Contains(reads, "user.created") {
			t.Errorf("audit table %q", reads)
		}
		shot(t, us, dir, "05-audit")
	})

	ru := tab(t, browser)
	t.Run("other party: not found, nothing read", func(t *testing.T) {
		login(t, ru, base, "ru-liaison", "password-ru")
		run(t, ru, "entry", chromedp.Navigate(fmt.Sprintf("%s/#/entry/%d", base, amber)), chromedp.WaitVisible(`#entry-not-found`))
		if msg := get(t, ru, "message", chromedp.Text(`#entry-not-found`)); !strings.Contains(msg, "Not found") {
			t.Errorf("message %q", msg)
		}
		shot(t, ru, dir, "06-entry-not-found")
		run(t, ru, "audit", chromedp.Navigate(base+"/#/audit"), chromedp.WaitVisible(`#audit-empty`))
		run(t, ru, "log", chromedp.Navigate(base+"/#/log"), chromedp.WaitVisible(`#log-table tbody tr`),
			chromedp.WaitNotPresent(`#log-table [data-verified]:not([data-verified="true"])`))
		if log := get(t, ru, "log text", chromedp.Text(`#log-table`)); strings.Contains(log, "us-liaison") || !strings.Contains(log, "e2e.notice") {
			t.Errorf("ru's log page shows %q", log)
		}
		shot(t, ru, dir, "07-log")
	})

	t.Run("record layers: zones and incidents, by releasability", func(t *testing.T) {
		n.seedMapRecords(t)
		count := `document.querySelectorAll('#map .leaflet-marker-icon.incident').length`
		for _, tc := range []struct {
			name string
			tab  context.Context
			want int
		}{{"us", us, 2}, {"ru", ru, 1}} {
			run(t, tc.tab, tc.name+" map", chromedp.Navigate(base+"/#/map"),
				chromedp.WaitVisible(`#map path.zone.zone-ceasefire_area.zone-in_force`),
				chromedp.WaitVisible(`#map .incident.incident-reported.incident-cat-shelling_missile svg`),
				chromedp.WaitVisible(`#legend`))
			if got := get(t, tc.tab, tc.name+" incidents", chromedp.Evaluate[int](count)); got != tc.want {
				t.Errorf("%s sees %d incident markers, want %d (the AMBER one is released to us only)", tc.name, got, tc.want)
			}
			shot(t, tc.tab, dir, "07b-map-records-"+tc.name)
		}
		// The marker draws the category's glyph on the status colour, and
		// the legend names each category beside its glyph.
		fill := get(t, us, "disc colour", chromedp.Evaluate[string](`document.querySelector('#map .incident.incident-reported svg circle').getAttribute('fill')`))
		if fill != "#d97706" {
			t.Errorf("reported incident disc %q, want the status colour #d97706", fill)
		}
		glyphs := get(t, us, "legend glyphs", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#legend .legend-row')].filter((r) => r.querySelector('.swatch.glyph svg path, .swatch.glyph svg circle')).map((r) => r.textContent)`))
		if len(glyphs) != 11 || !slices.Contains(glyphs, "Shelling or missile") || !slices.Contains(glyphs, "Obstruction of humanitarian access") {
			t.Errorf("legend category rows %q, want the 11 categories with glyphs", glyphs)
		}
		// A marker's name (title) says category and status; a popup too.
		if title := get(t, us, "title", chromedp.Evaluate[string](`document.querySelector('#map .incident').getAttribute('title')`)); title != "Shelling or missile · Reported" {
			t.Errorf("marker title %q", title)
		}
		run(t, us, "popup", chromedp.WaitVisible(`#map .incident`), chromedp.Click(`#map .incident`), chromedp.WaitVisible(`.leaflet-popup .map-popup`))
		if text := get(t, us, "popup text", chromedp.Text(`.leaflet-popup .map-popup`)); !strings.Contains(text, "Shelling or missile") || !strings.Contains(text, "Reported") {
			t.Errorf("incident popup %q", text)
		}
	})

	t.Run("arabic is right-to-left and remembered", func(t *testing.T) {
		setLang := `(() => { const s = document.getElementById('lang-select'); s.value = '%s'; s.dispatchEvent(new Event('change')); return true })()`
		run(t, us, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`.place-label`))
		get(t, us, "switch", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "ar")))
		run(t, us, "rtl", chromedp.WaitVisible(`html[dir="rtl"][lang="ar"]`), chromedp.WaitVisible(`#map .leaflet-overlay-pane path`))
		if nav := get(t, us, "nav", chromedp.Text(`a[data-nav="/map"]`)); nav != "الخريطة" {
			t.Errorf("map navigation label %q in Arabic", nav)
		}
		// The navigation is on the right in RTL.
		navLeft := get(t, us, "nav x", chromedp.Evaluate[float64](`document.getElementById('nav').getBoundingClientRect().left`))
		mainLeft := get(t, us, "main x", chromedp.Evaluate[float64](`document.getElementById('main').getBoundingClientRect().left`))
		if navLeft <= mainLeft {
			t.Errorf("RTL: navigation at x=%v is not right of the main area at x=%v", navLeft, mainLeft)
		}
		shot(t, us, dir, "08-map-ar")
		run(t, us, "reload", chromedp.Navigate(fmt.Sprintf("%s/#/entry/%d", base, notice)), chromedp.Reload(),
			chromedp.WaitVisible(`#verify-status.verify.ok`))
		if d := get(t, us, "dir", chromedp.Evaluate[string](`document.documentElement.dir`)); d != "rtl" {
			t.Errorf("after reload dir=%q: the language was not remembered", d)
		}
		run(t, us, "history", chromedp.WaitNotPresent(`section [data-verified]:not([data-verified="true"])`))
		shot(t, us, dir, "09-entry-ar")
		get(t, us, "back to English", chromedp.Evaluate[bool](fmt.Sprintf(setLang, "en")))
		run(t, us, "ltr", chromedp.WaitVisible(`html[dir="ltr"][lang="en"]`))
	})

	t.Run("public page without login", func(t *testing.T) {
		pub := tab(t, browser)
		run(t, pub, "public", chromedp.Navigate(base+"/"),
			chromedp.WaitVisible(`#checkpoint .verify.ok`),
			chromedp.WaitVisible(`#clear-table`),
			chromedp.WaitNotPresent(`#clear-table [data-verified]:not([data-verified="true"])`))
		if table := get(t, pub, "table", chromedp.Text(`#clear-table`)); !strings.Contains(table, "e2e.notice") || strings.Contains(table, "user.created") || strings.Contains(table, "party.created") {
			t.Errorf("public table %q", table)
		}
		shot(t, pub, dir, "10-public")
		// The public cannot open the audit page: it is sent to log in.
		run(t, pub, "audit", chromedp.Navigate(base+"/#/audit"), chromedp.WaitVisible(`#login-username`))
	})

	t.Run("tampered proofs are shown as NOT verified", func(t *testing.T) {
		defer n.tamper.Store("")
		for _, tc := range []struct{ mode, reason string }{
			{"proof", "does not lead to the signed root"},
			{"signature", "signature is invalid"},
			{"content", "does not match its commitment"},
		} {
			n.tamper.Store(tc.mode)
			run(t, us, tc.mode, chromedp.Navigate(fmt.Sprintf("%s/#/entry/%d?tamper=%s", base, notice, tc.mode)),
				chromedp.WaitVisible(`#verify-status.verify.bad`))
			if status := get(t, us, "status", chromedp.Text(`#verify-status`)); !strings.Contains(status, "NOT verified") || !strings.Contains(status, tc.reason) {
				t.Errorf("tampered %s: status %q", tc.mode, status)
			}
			if tc.mode == "proof" {
				shot(t, us, dir, "11-entry-tampered")
			}
		}
	})

	t.Run("forged rows beside genuine entries are shown as NOT as in the log", func(t *testing.T) {
		defer n.tamper.Store("")
		n.tamper.Store("row-kind")
		pub := tab(t, browser)
		run(t, pub, "public", chromedp.Navigate(base+"/"), chromedp.WaitVisible(`#clear-table [data-mismatch~="kind"]`))
		if cell := get(t, pub, "cell", chromedp.Text(`#clear-table [data-mismatch~="kind"]`)); !strings.Contains(cell, "NOT as in the log: kind") {
			t.Errorf("forged kind: cell %q", cell)
		}
		if ok := get(t, pub, "forged row not verified", chromedp.Evaluate[int](`[...document.querySelectorAll('#clear-table tbody tr')]
			.filter((tr) => tr.textContent.includes('e2e.retraction') && tr.querySelector('[data-verified="true"]')).length`)); ok != 0 {
			t.Errorf("%d forged rows shown as verified", ok)
		}
		run(t, pub, "scroll", chromedp.ScrollIntoView(`#clear-table [data-mismatch~="kind"]`))
		shot(t, pub, dir, "11b-public-forged-row")
		n.tamper.Store("row-subject")
		run(t, us, "history", chromedp.Navigate(fmt.Sprintf("%s/#/entry/%d?forged", base, notice)),
			chromedp.WaitVisible(`#verify-status.verify.ok`), chromedp.WaitVisible(`section [data-mismatch~="subject"]`))
		if cell := get(t, us, "cell", chromedp.Text(`section [data-mismatch~="subject"]`)); !strings.Contains(cell, "subject") {
			t.Errorf("forged subject: cell %q", cell)
		}
		// A record page whose fields differ from its verified entries.
		n.tamper.Store("")
		run(t, us, "zones", chromedp.Navigate(base+"/#/zones"), chromedp.WaitVisible(`#main table a[href^="#/zones/"]`))
		zone := get(t, us, "zone link", chromedp.Evaluate[string](`document.querySelector('#main table a[href^="#/zones/"]').getAttribute('href')`))
		run(t, us, "genuine zone", chromedp.Navigate(base+"/"+zone), chromedp.WaitVisible(`#record-history[data-record-checked="true"]`))
		n.tamper.Store("record-zone")
		run(t, us, "forged zone", chromedp.Navigate(base+"/?forged"+zone), chromedp.WaitVisible(`#record-mismatch[data-mismatch~="name"]`))
		if msg := get(t, us, "message", chromedp.Text(`#record-mismatch`)); !strings.Contains(msg, "NOT as in the log") || !strings.Contains(msg, "name") {
			t.Errorf("forged zone record: %q", msg)
		}
		shot(t, us, dir, "11c-zone-forged")
	})

	t.Run("live updates arrive over SSE", func(t *testing.T) {
		run(t, us, "log", chromedp.Navigate(base+"/#/log"), chromedp.WaitVisible(`#log-table tbody tr`))
		get(t, us, "subscribe", chromedp.Evaluate[bool](`(async () => {
			const live = await import('/static/js/live.js');
			window.liveSeen = [];
			window.liveOff = live.on('e2e.notice', (e, seq) => window.liveSeen.push(seq + ' ' + e.payload.text));
			await live.connected();
			return true;
		})()`, chromedp.EvalAwaitPromise))
		seq := n.appendEntry(t, ledger.Draft{Party: "un", Author: "un-admin", Kind: "e2e.notice", Subject: "notice:2",
			Release: access.Releasability{TLP: access.TLPClear}, Payload: map[string]string{"text": "live"}})
		get(t, us, "event", chromedp.Poll[bool](fmt.Sprintf(`window.liveSeen.includes('%d live')`, seq)))
		get(t, us, "unsubscribe", chromedp.Evaluate[bool](`(window.liveOff(), true)`))
	})

	t.Run("kinds and subjects from the node", func(t *testing.T) { testUIConfigJS(t, us) })

	t.Run("tablet width", func(t *testing.T) {
		run(t, us, "tablet", chromedp.EmulateViewport(800, 1100), chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`.place-label`))
		shot(t, us, dir, "12-map-tablet")
	})
}

// TestVerifyJS checks static/js/verify.js in the browser against Go's
// reference implementations of RFC 6962 proofs and C2SP signed notes. It
// needs only the UI's files, not a node.
func TestVerifyJS(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	srv := httptest.NewServer(web.Handler())
	t.Cleanup(srv.Close)
	ctx := tab(t, startBrowser(t))
	run(t, ctx, "load", chromedp.Navigate(srv.URL+"/static/favicon.svg"))
	testVerifyJS(t, ctx)
	t.Run("UI helpers", func(t *testing.T) { testUIHelpersJS(t, ctx) })
}

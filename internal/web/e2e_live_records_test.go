package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/cases"
	"truce/internal/flights"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/testwait"
)

// The airspace, agreements and cases screens take the record each live
// entry brings (issue #19): these tests write as another user while ru's
// page is open, and check that what ru may see appears in place with no
// request for it, and that what ru may not see changes nothing.

// noRequests fails t if any of got starts with one of prefixes.
func noRequests(t *testing.T, what string, got []string, prefixes ...string) {
	t.Helper()
	if k := count(got, func(p string) bool {
		for _, x := range prefixes {
			if strings.HasPrefix(p, x) {
				return true
			}
		}
		return false
	}); k > 0 {
		t.Errorf("%s cost %d requests for %v, want none: %v", what, k, prefixes, got)
	}
}

// shows is the script true once ru's page has an element matching sel.
func shows(sel string) string { return fmt.Sprintf(`!!document.querySelector(%q)`, sel) }

// TestBrowserAirspaceLive checks that the airspace screen puts a plan and
// a reservation another party files in their lists, with their counts,
// and leaves out a reservation released to us only, with no request for
// plans, reservations or conflicts.
func TestBrowserAirspaceLive(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	ctx := t.Context()
	us := n.principalOf(t, "us-liaison")
	ru := tab(t, startBrowser(t))
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	reqs := watchRequests(t, ru)
	run(t, ru, "airspace", chromedp.Navigate(base+"/?en#/airspace"))
	waitFor(t, ru, "lists drawn", `['#plan-list', '#reservation-list', '#conflict-list'].every((s) => !!document.querySelector(s + ' p.empty, ' + s + ' table'))`)
	waitLive(t, ru)
	_, mark := reqs.since(0)

	now := time.Now().UTC().Truncate(time.Minute)
	block := func(name string, rel access.Releasability) *flights.Reservation {
		r, err := n.app.Flights.Reserve(ctx, us, flights.ReservationInput{Name: name, FloorFt: 0, CeilingFt: 10000,
			Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[38.0,35.0],[38.1,35.0],[38.1,35.1],[38.0,35.1],[38.0,35.0]]]}`),
			Start:    now.Add(time.Hour).Format(time.RFC3339), End: now.Add(3 * time.Hour).Format(time.RFC3339), Releasability: &rel})
		if err != nil {
			t.Fatalf("reserve %s: %v", name, err)
		}
		return r
	}
	hidden := block("Hidden block", access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}})
	plan, err := n.app.Flights.File(ctx, us, flights.PlanInput{Callsign: "LIVE101", Category: "transport",
		Waypoints: []flights.Waypoint{{Lat: 35.2, Lon: 36.2, AltFt: 20000, Time: now.Add(time.Hour).Format(time.RFC3339)},
			{Lat: 34.2, Lon: 37.2, AltFt: 20000, Time: now.Add(2 * time.Hour).Format(time.RFC3339)}},
		Releasability: &green})
	if err != nil {
		t.Fatalf("file: %v", err)
	}
	open := block("Open block", green)
	waitFor(t, ru, "plan in place", shows(fmt.Sprintf(`#plan-list a[data-plan=%q]`, plan.ID))+
		` && document.querySelector('[data-n="airspace-plans"]').textContent === '1'`)
	waitFor(t, ru, "reservation in place", shows(fmt.Sprintf(`#reservation-list a[data-reservation=%q]`, open.ID))+
		` && document.querySelector('[data-n="airspace-reservations"]').textContent === '1'`)
	if get(t, ru, "hidden reservation", chromedp.Evaluate[bool](shows(fmt.Sprintf(`a[data-reservation=%q]`, hidden.ID)))) {
		t.Errorf("ru's airspace shows reservation %s released to us only", hidden.ID)
	}
	got, _ := reqs.since(mark)
	noRequests(t, "a plan and two reservations", got, "/api/v1/flightplans", "/api/v1/reservations", "/api/v1/conflicts")

	// Cancelling the reservation restyles its row in place.
	if _, err := n.app.Flights.CancelReservation(ctx, us, open.ID, open.Seq, "No longer needed"); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	waitFor(t, ru, "reservation cancelled in place", `document.querySelector('[data-n="airspace-reservations"]').textContent === '0'`)
	got, _ = reqs.since(mark)
	noRequests(t, "a cancellation", got, "/api/v1/reservations")
	shot(t, ru, screenshotDir(t), "94-live-airspace-en")
}

// TestBrowserAgreementsLive checks that the agreements screen puts a new
// agreement and passage in their lists, and leaves out a passage released
// to us only; and that a passage's page shows another party's guarantee
// in place; all with no request for agreements or passages.
func TestBrowserAgreementsLive(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	ctx := t.Context()
	un, us := n.principalOf(t, "un-liaison"), n.principalOf(t, "us-liaison")
	passage := func(name string, parties []string, rel access.Releasability) *agreements.Passage {
		p, err := n.app.Agreements.ProposePassage(ctx, un, "", 0, agreements.PassageInput{Kind: agreements.KindSafePassage, Name: name,
			Geometry:   json.RawMessage(`{"type":"LineString","coordinates":[[37.05,36.05],[37.25,36.25]]}`),
			WindowFrom: "2026-01-01T00:00:00Z", WindowUntil: "2099-01-01T00:00:00Z", Traffic: []string{"civilians"},
			Parties: parties, Releasability: &rel})
		if err != nil {
			t.Fatalf("propose passage %s: %v", name, err)
		}
		return p
	}
	ru := tab(t, startBrowser(t))
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	setLanguage(t, ru, "ru")
	reqs := watchRequests(t, ru)
	run(t, ru, "agreements", chromedp.Navigate(base+"/?ru#/agreements"))
	waitFor(t, ru, "lists drawn", `['#agreement-list', '#passage-list'].every((s) => !!document.querySelector(s + ' p.empty, ' + s + ' table'))`)
	waitLive(t, ru)
	_, mark := reqs.since(0)

	hidden := passage("Hidden corridor", []string{"us"}, access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}})
	a, err := n.app.Agreements.Propose(ctx, us, "", 0, agreements.Proposal{Title: "Live truce", Parties: []string{"ru", "us"},
		EffectiveFrom: time.Now().Add(-time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339), Obligations: []agreements.ObligationSpec{}})
	if err != nil {
		t.Fatalf("propose agreement: %v", err)
	}
	p := passage("Live convoy", []string{"us", "ru"}, green)
	waitFor(t, ru, "agreement in place", shows(fmt.Sprintf(`#agreement-list a[data-agreement=%q]`, a.ID)))
	waitFor(t, ru, "passage in place", shows(fmt.Sprintf(`#passage-list a[data-passage=%q]`, p.ID)))
	if get(t, ru, "hidden passage", chromedp.Evaluate[bool](shows(fmt.Sprintf(`a[data-passage=%q]`, hidden.ID)))) {
		t.Errorf("ru's agreements show passage %s released to us only", hidden.ID)
	}
	got, _ := reqs.since(mark)
	noRequests(t, "an agreement and two passages", got, "/api/v1/agreements", "/api/v1/passages")

	run(t, ru, "passage page", chromedp.Navigate(fmt.Sprintf("%s/?ru#/passages/%s", base, p.ID)))
	waitFor(t, ru, "guarantees drawn", shows(`#passage-guarantees [data-awaited="us"]`))
	waitLive(t, ru)
	_, mark = reqs.since(0)
	if _, err := n.app.Agreements.Guarantee(ctx, us, p.ID, 1); err != nil {
		t.Fatalf("guarantee: %v", err)
	}
	waitFor(t, ru, "guarantee in place", shows(`#passage-guarantees [data-guaranteed="us"]`))
	got, _ = reqs.since(mark)
	noRequests(t, "a guarantee", got, "/api/v1/passages")
	shot(t, ru, screenshotDir(t), "95-live-passage-ru")
}

// TestBrowserCasesLive checks that the case list takes a case the alert
// of a notified site opens, leaves out one whose incident ru may not see,
// and that a case's page shows another party's corrective measure in
// place; all with no request for cases.
func TestBrowserCasesLive(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	ctx := context.Background()
	var site notify.SiteInput
	if err := json.Unmarshal([]byte(`{"kind":"hospital","names":{"en":"Live hospital"},"location":{"type":"Point","coordinates":[37.16,36.2]},
		"buffer_m":300,"parties":["ru","us"]}`), &site); err != nil {
		t.Fatal(err)
	}
	s, err := n.app.Notify.NotifySite(ctx, n.principalOf(t, "un-liaison"), site)
	if err != nil {
		t.Fatal(err)
	}
	// report has user report a shelling next to the hospital, released as
	// rel, and waits for the case its alert opens.
	report := func(user, ext, rel string) string {
		var inc incidents.NewIncident
		if err := json.Unmarshal([]byte(fmt.Sprintf(`{"external_id":%q,"category":"shelling_missile","time":{"start":%q,"precision":"hour"},
			"location":{"type":"Point","coordinates":[37.1603,36.2003]},"location_precision":"1km","perpetrator":{"kind":"party","party":"us"},
			"narrative":"Shelling near the hospital","releasability":%s,"sources":[{"name":"Hospital staff","reliability":"B","credibility":2}]}`,
			ext, time.Now().UTC().Add(time.Second).Format(time.RFC3339Nano), rel)), &inc); err != nil {
			t.Fatal(err)
		}
		in, _, err := n.app.Incidents.Report(ctx, n.principalOf(t, user), &inc)
		if err != nil {
			t.Fatal(err)
		}
		var id string
		testwait.For(t, 60*time.Second, "the case the alert opens", func() bool {
			c, err := n.app.DB.Cases().CaseByKey(ctx, nil, cases.Key(cases.ConcernsSite, s.ID, in.ID))
			if err == nil {
				id = c.ID
			}
			return err == nil
		})
		return id
	}
	ru := tab(t, startBrowser(t))
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	setLanguage(t, ru, "ar")
	reqs := watchRequests(t, ru)
	run(t, ru, "cases", chromedp.Navigate(base+"/?ar#/cases"))
	waitFor(t, ru, "list drawn", shows(`#case-list p.empty, #case-list table`))
	waitLive(t, ru)
	_, mark := reqs.since(0)
	// The hidden case is opened first: the stream brings entries in log
	// order, so once the visible one is drawn the hidden one has been
	// delivered (as gone, or not at all).
	hidden := report("us-liaison", "live-hidden", `{"tlp":"AMBER","audience":["un","us"]}`)
	visible := report("ru-liaison", "live-visible", `{"tlp":"GREEN"}`)
	waitFor(t, ru, "case in place", shows(fmt.Sprintf(`#case-list a[data-case=%q]`, visible)))
	if get(t, ru, "hidden case", chromedp.Evaluate[bool](shows(fmt.Sprintf(`a[data-case=%q]`, hidden)))) {
		t.Errorf("ru's case list shows case %s of an incident released to un and us only", hidden)
	}
	got, _ := reqs.since(mark)
	noRequests(t, "two cases", got, "/api/v1/cases")

	run(t, ru, "case page", chromedp.Navigate(fmt.Sprintf("%s/?ar#/cases/%s", base, visible)))
	waitFor(t, ru, "case drawn", shows(`#case-measures h2`))
	waitLive(t, ru)
	_, mark = reqs.since(0)
	if _, err := n.app.Cases.RecordMeasure(ctx, n.principalOf(t, "us-liaison"), visible, cases.MeasureInput{Text: "Battery moved back 5 km"}); err != nil {
		t.Fatalf("measure: %v", err)
	}
	waitFor(t, ru, "measure in place", `[...document.querySelectorAll('#case-measures td')].some((td) => td.textContent.includes('Battery moved back 5 km'))`)
	got, _ = reqs.since(mark)
	noRequests(t, "a measure", got, "/api/v1/cases")
	shot(t, ru, screenshotDir(t), "96-live-case-ar")
}

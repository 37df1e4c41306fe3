package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/testwait"
)

// unisolate drops the bidi isolation marks the UI puts around values.
func unisolate(s string) string {
	return strings.NewReplacer("\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "").Replace(s)
}

// TestBrowserAirAlertWords checks that an air conflict alert's title and
// description are worded in each language from its structured subject:
// un, which may not know us's aircraft (AMBER to us), reads its own
// aircraft by callsign and party and the other as an aircraft not released
// to it, never an fpl_ id, us's callsign or us; us, which may know both,
// reads both callsigns.
func TestBrowserAirAlertWords(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := context.Background()
	now := time.Now().UTC()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	plans := map[string]string{}
	for _, f := range []struct {
		user, callsign string
		rel            access.Releasability
		wps            []flights.Waypoint
	}{
		{"un-liaison", "UNO7", access.Releasability{TLP: access.TLPGreen},
			[]flights.Waypoint{{Lat: 34.2, Lon: 36.2, AltFt: 20000, Time: at(-30 * time.Minute)}, {Lat: 35.2, Lon: 37.2, AltFt: 20000, Time: at(30 * time.Minute)}}},
		{"us-liaison", "USA101", access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}},
			[]flights.Waypoint{{Lat: 35.2, Lon: 36.2, AltFt: 20000, Time: at(-30 * time.Minute)}, {Lat: 34.2, Lon: 37.2, AltFt: 20000, Time: at(30 * time.Minute)}}},
	} {
		p, err := n.app.Flights.File(ctx, n.principalOf(t, f.user), flights.PlanInput{Callsign: f.callsign, Category: "fixed_wing", Waypoints: f.wps, Releasability: &f.rel})
		if err != nil {
			t.Fatalf("file %s: %v", f.callsign, err)
		}
		plans[f.callsign] = p.ID
	}
	alertOf := func(user string) *alerts.Alert {
		var a *alerts.Alert
		testwait.For(t, 60*time.Second, "the air conflict alert to "+user, func() bool {
			p, err := n.app.Alerts.ListPage(ctx, n.principalOf(t, user), alerts.Filter{Kind: alerts.KindAirConflict}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) > 0 {
				a = &p.Items[0]
			}
			return a != nil
		})
		return a
	}
	unAlert, usAlert := alertOf("un-liaison"), alertOf("us-liaison")
	if unAlert.ID == usAlert.ID {
		t.Fatalf("un reads us's alert %s, which names us's aircraft", unAlert.ID)
	}
	if unAlert.About == nil || len(unAlert.About.Subjects) != 2 {
		t.Fatalf("un's alert carries no subjects: %+v", unAlert.About)
	}

	base := n.srv.URL
	browser := startBrowser(t)
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tr := i18nTable(t, lang)
			hidden := tr["alert.subject.hidden.plan"]
			lead, _, _ := strings.Cut(tr["alert.title.air_conflict"], "{")
			un := tab(t, browser)
			loginAPI(t, un, base, "un-liaison", "password-un")
			setLanguage(t, un, lang)
			run(t, un, "un's alert", chromedp.Navigate(fmt.Sprintf("%s/?%s#/alerts/%s", base, lang, unAlert.ID)), chromedp.WaitVisible(`#alert-title`))
			title := unisolate(get(t, un, "title", chromedp.Text(`#alert-title`)))
			desc := unisolate(get(t, un, "description", chromedp.Text(`#alert-description`)))
			if !strings.HasPrefix(title, strings.TrimSpace(lead)) || !strings.Contains(title, "UNO7") || !strings.Contains(title, hidden) {
				t.Errorf("un's alert title reads %q, want the words of %q with UNO7 and %q", title, tr["alert.title.air_conflict"], hidden)
			}
			if !strings.Contains(desc, "UNO7") || !strings.Contains(desc, hidden) {
				t.Errorf("un's alert description reads %q, want UNO7 and %q", desc, hidden)
			}
			for _, secret := range []string{"fpl_", plans["USA101"], "USA101", "United States", "ref_"} {
				if strings.Contains(title+desc, secret) {
					t.Errorf("un's alert reads %q / %q, naming %q, which un may not know", title, desc, secret)
				}
			}
			run(t, un, "un's alert list", chromedp.Navigate(fmt.Sprintf("%s/?%s#/alerts", base, lang)), chromedp.WaitVisible(`#alert-list a[href="#/alerts/`+unAlert.ID+`"]`))
			row := unisolate(get(t, un, "row", chromedp.Text(`#alert-list a[href="#/alerts/`+unAlert.ID+`"]`)))
			if !strings.Contains(row, "UNO7") || strings.Contains(row, "fpl_") || strings.Contains(row, "USA101") {
				t.Errorf("un's alert list names the alert %q", row)
			}
			shot(t, un, screenshotDir(t), "95-air-alert-words-un-"+lang)

			us := tab(t, browser)
			loginAPI(t, us, base, "us-liaison", "password-us")
			setLanguage(t, us, lang)
			run(t, us, "us's alert", chromedp.Navigate(fmt.Sprintf("%s/?%s#/alerts/%s", base, lang, usAlert.ID)), chromedp.WaitVisible(`#alert-title`))
			title = unisolate(get(t, us, "title", chromedp.Text(`#alert-title`)))
			if !strings.Contains(title, "UNO7") || !strings.Contains(title, "USA101") || strings.Contains(title, "fpl_") || strings.Contains(title, hidden) {
				t.Errorf("us's alert title reads %q, want both callsigns and no id", title)
			}
		})
	}
}

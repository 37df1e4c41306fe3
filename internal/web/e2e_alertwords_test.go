package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/testwait"
)

// TestBrowserAlertWords checks that an alert's description is worded in
// the user's language from the alert's structured fields (the site's name
// in that language, the party, the times in the user's format), not the
// node's English, which stays as the tooltip; the linked site is named, not
// shown by id. An agency neither notified nor concerned may not read the
// alert at all.
func TestBrowserAlertWords(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	names := map[string]string{"en": "Al-Quds field hospital", "ru": "Полевой госпиталь Аль-Кудс", "ar": "مستشفى القدس الميداني"}
	site, err := n.app.Notify.NotifySite(ctx, n.principalOf(t, "un-liaison"), notify.SiteInput{Site: notify.Site{Kind: "hospital", Names: names,
		Location: json.RawMessage(`{"type":"Point","coordinates":[37.13,36.2]}`), BufferM: 300, Parties: []string{"ru"}}})
	if err != nil {
		t.Fatalf("notify site: %v", err)
	}
	// An incident alleged against ru inside the buffer, after ru was notified.
	loc := json.RawMessage(`{"type":"Point","coordinates":[37.131,36.2]}`)
	if _, _, err := n.app.Incidents.Report(ctx, n.principalOf(t, "un-liaison"), &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(time.Second).UTC().Truncate(time.Second).Format(time.RFC3339), Precision: "exact"},
		Location: loc, LocationPrecision: "exact", PlaceName: "Aleppo", Perpetrator: incidents.Perpetrator{Kind: "party", Party: "ru"},
		Narrative: "Shelling next to the hospital.", Releasability: &access.Releasability{TLP: access.TLPGreen}}); err != nil {
		t.Fatalf("report: %v", err)
	}
	ru := n.principalOf(t, "ru-liaison")
	var alert *alerts.Alert
	testwait.For(t, 20*time.Second, "the site alert", func() bool {
		p, err := n.app.Alerts.ListPage(ctx, ru, alerts.Filter{Kind: alerts.KindSiteAffected}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) > 0 {
			alert = &p.Items[0]
		}
		return alert != nil
	})
	if alert.About == nil || alert.About.Site != site.ID {
		t.Fatalf("the alert says nothing structured of its site: %+v", alert.About)
	}
	if _, err := n.app.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: "ngo", Name: "An agency", Kind: "agency"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ngo-liaison", Party: "ngo", Role: access.RoleLiaison,
		DisplayName: "ngo liaison", Password: "password-ngo"}, true); err != nil {
		t.Fatal(err)
	}
	if a, err := n.app.Alerts.Get(ctx, n.principalOf(t, "ngo-liaison"), alert.ID); err == nil {
		t.Errorf("an agency neither notified nor concerned reads the alert about %+v", a.About)
	}

	base := n.srv.URL
	browser := startBrowser(t)
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tr := i18nTable(t, lang)
			tb := tab(t, browser)
			loginAPI(t, tb, base, "ru-liaison", "password-ru")
			setLanguage(t, tb, lang)
			run(t, tb, "alert", chromedp.Navigate(fmt.Sprintf("%s/?%s#/alerts/%s", base, lang, alert.ID)), chromedp.WaitVisible(`#alert-description`))
			desc := get(t, tb, "description", chromedp.Text(`#alert-description`))
			lead, _, _ := strings.Cut(tr["alert.about.notified_site_affected"], "{")
			if !strings.Contains(desc, names[lang]) || !strings.Contains(desc, strings.TrimSpace(lead)) || desc == alert.Description {
				t.Errorf("the description reads %q, want the words of %q naming %q", desc, tr["alert.about.notified_site_affected"], names[lang])
			}
			if tip := get(t, tb, "tooltip", chromedp.Evaluate[string](`document.querySelector('#alert-description').title`)); tip != alert.Description {
				t.Errorf("the tooltip reads %q, want the node's %q", tip, alert.Description)
			}
			link := get(t, tb, "site link", chromedp.Text(`a[data-link="site"]`))
			if link != names[lang] {
				t.Errorf("the site link reads %q, want %q", link, names[lang])
			}
			shot(t, tb, screenshotDir(t), "94-alert-words-"+lang)
		})
	}
}

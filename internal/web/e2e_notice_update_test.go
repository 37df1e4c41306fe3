package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/notify"
)

// TestBrowserNoticeUpdate has a site's notifier send a new version of it
// from its page, in Russian: the form starts from the current version,
// the node records version 2 with the new buffer, and every notified party
// is asked to acknowledge it again (its earlier acknowledgement no longer
// counts). A notified party is offered no update.
func TestBrowserNoticeUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := context.Background()
	site, err := n.app.Notify.NotifySite(ctx, n.principalOf(t, "un-liaison"), notify.SiteInput{Site: notify.Site{Kind: "hospital",
		Names:    map[string]string{"en": "Al-Quds field hospital", "ar": "مستشفى القدس الميداني"},
		Location: json.RawMessage(`{"type":"Point","coordinates":[37.13,36.2]}`), BufferM: 300, Parties: []string{"us", "ru"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Notify.Acknowledge(ctx, n.principalOf(t, "us-liaison"), notify.TypeSite, site.ID, site.Version); err != nil {
		t.Fatalf("us acknowledges version 1: %v", err)
	}
	base := n.srv.URL
	page := fmt.Sprintf("%s/?ru#/notifications/sites/%s", base, site.ID)
	browser := startBrowser(t)
	un, ru := tab(t, browser), tab(t, browser)
	loginAPI(t, un, base, "un-liaison", "password-un")
	loginAPI(t, ru, base, "ru-liaison", "password-ru")
	get(t, un, "lang", chromedp.Evaluate[bool](`(localStorage.setItem('truce.lang', 'ru'), true)`))

	run(t, un, "record", chromedp.Navigate(page), chromedp.WaitVisible(`#notice-update-link`),
		chromedp.Click(`#notice-update-link`), chromedp.WaitVisible(`#notice-form input[name=buffer_m]`))
	if v := get(t, un, "name", chromedp.Value(`#notice-form input[name=name_en]`)); v != "Al-Quds field hospital" {
		t.Errorf("the form starts with name %q, not the current version's", v)
	}
	if v := get(t, un, "buffer", chromedp.Value(`#notice-form input[name=buffer_m]`)); v != "300" {
		t.Errorf("the form starts with buffer %q, want 300", v)
	}
	run(t, un, "send", chromedp.SetValue(`#notice-form input[name=buffer_m]`, "500"), chromedp.Click(`#notice-form-submit`),
		chromedp.WaitVisible(`#notice-acks`), chromedp.WaitVisible(`#flash`))
	shot(t, un, screenshotDir(t), "notice-updated-ru")

	got, err := n.app.Notify.Get(ctx, n.principalOf(t, "un-liaison"), site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.Site == nil || got.Site.BufferM != 500 {
		t.Fatalf("after the update: version %d, site %+v; want version 2 with buffer 500", got.Version, got.Site)
	}
	for _, a := range got.Acks {
		if a.Status != "pending" {
			t.Errorf("%s's acknowledgement is %q after the update, want pending (asked again)", a.Party, a.Status)
		}
	}

	run(t, ru, "notified party", chromedp.Navigate(page), chromedp.WaitVisible(`#notice-acks`))
	if has := get(t, ru, "no update", chromedp.Evaluate[bool](`!!document.getElementById('notice-update-link')`)); has {
		t.Error("a notified party is offered to update the notifier's site")
	}
}

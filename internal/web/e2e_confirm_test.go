package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/notify"
)

// TestBrowserConfirmOnce checks in English, Russian and Arabic that an
// acknowledgement asks once before it commits and then says what was
// recorded: a liaison's first click on "Acknowledge receipt" only asks
// (in the user's language, naming the party); "Cancel" records nothing
// and gives focus back; "yes" records the receipt, shown in place, and the
// confirmation names the party and the version acknowledged. The notifier
// (and no notified party) is offered to withdraw the notification, asked
// once too, and told it was withdrawn.
func TestBrowserConfirmOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	browser := startBrowser(t)
	ctx := t.Context()
	un := n.principalOf(t, "un-liaison")
	for i, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tr := i18nTable(t, lang)
			site, err := n.app.Notify.NotifySite(ctx, un, notify.SiteInput{Site: notify.Site{Kind: "clinic",
				Names:    map[string]string{"en": "Clinic " + lang},
				Location: json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[%g,34.9]}`, 36.5+0.1*float64(i))), BufferM: 150,
				Parties: []string{"us", "ru"}}})
			if err != nil {
				t.Fatalf("notify site: %v", err)
			}
			pending := func() bool {
				got, err := n.app.Notify.Get(ctx, un, site.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range got.Acks {
					if a.Party == "us" {
						return a.Status == notify.AckPending
					}
				}
				t.Fatalf("no acknowledgement row for us: %+v", got.Acks)
				return false
			}
			us := tab(t, browser)
			loginAPI(t, us, base, "us-liaison", "password-us")
			setLanguage(t, us, lang)
			run(t, us, "site", chromedp.Navigate(fmt.Sprintf("%s/?%s#/notifications/sites/%s", base, lang, site.ID)),
				chromedp.WaitVisible(`#notice-ack`), chromedp.Click(`#notice-ack`), chromedp.WaitVisible(`#notice-ack-confirm`))
			question := get(t, us, "question", chromedp.Text(`#notice-ack-confirm .confirm-q`))
			prefix, _, _ := strings.Cut(tr["confirm.ack_notice"], "{")
			if !strings.HasPrefix(question, prefix) || !strings.Contains(question, "United States") {
				t.Errorf("the question reads %q, want the words of %q naming United States", question, tr["confirm.ack_notice"])
			}
			if yes := get(t, us, "yes", chromedp.Text(`#notice-ack-yes`)); yes != tr["notice.acknowledge"] {
				t.Errorf("the yes button reads %q, want %q", yes, tr["notice.acknowledge"])
			}
			shot(t, us, screenshotDir(t), "92-confirm-ack-"+lang)
			if !pending() {
				t.Fatal("the first click committed the acknowledgement")
			}

			run(t, us, "cancel", chromedp.Click(`#notice-ack-no`), chromedp.WaitNotPresent(`#notice-ack-confirm`), chromedp.WaitVisible(`#notice-ack`))
			if focused := get(t, us, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); focused != "notice-ack" {
				t.Errorf("after cancelling, focus is on %q", focused)
			}
			if !pending() {
				t.Fatal("cancelling committed the acknowledgement")
			}

			run(t, us, "acknowledge", chromedp.Click(`#notice-ack`), chromedp.WaitVisible(`#notice-ack-yes`), chromedp.Click(`#notice-ack-yes`),
				chromedp.WaitVisible(`#flash`))
			waitFor(t, us, "receipt in place", `!document.querySelector('#notice-ack') && !!document.querySelector('#notice-acks .ack-acknowledged')`)
			msg := get(t, us, "flash", chromedp.Text(`#flash .flash-text`))
			if !strings.Contains(msg, "United States") || !strings.Contains(msg, "1") {
				t.Errorf("the confirmation %q names neither the party nor the version", msg)
			}
			if pending() {
				t.Error("confirming did not record the acknowledgement")
			}
			shot(t, us, screenshotDir(t), "93-acknowledged-"+lang)
			if k := get(t, us, "no withdrawal", chromedp.Evaluate[int](`document.querySelectorAll('#notice-withdrawal').length`)); k != 0 {
				t.Error("a notified party is offered to withdraw the notifier's notification")
			}

			// The notifier withdraws it, asked once, with a reason.
			nt := tab(t, browser)
			loginAPI(t, nt, base, "un-liaison", "password-un")
			setLanguage(t, nt, lang)
			run(t, nt, "withdraw", chromedp.Navigate(fmt.Sprintf("%s/?%s#/notifications/sites/%s", base, lang, site.ID)),
				chromedp.WaitVisible(`#notice-withdraw`), chromedp.SendKeys(`#notice-withdraw-reason`, "The clinic moved."),
				chromedp.Click(`#notice-withdraw`), chromedp.WaitVisible(`#notice-withdraw-confirm`))
			if got, err := n.app.Notify.Get(ctx, un, site.ID); err != nil || got.Status != notify.StatusActive {
				t.Fatalf("asking withdrew the notification: %+v %v", got, err)
			}
			run(t, nt, "confirm withdrawal", chromedp.Click(`#notice-withdraw-yes`), chromedp.WaitVisible(`#flash`))
			waitFor(t, nt, "withdrawn in place", `!document.querySelector('#notice-withdrawal')`)
			if msg := get(t, nt, "flash", chromedp.Text(`#flash .flash-text`)); !strings.Contains(msg, "Clinic "+lang) {
				t.Errorf("the confirmation %q does not name the site", msg)
			}
			if got, err := n.app.Notify.Get(ctx, un, site.ID); err != nil || got.Status == notify.StatusActive {
				t.Errorf("confirming did not withdraw the notification: %+v %v", got, err)
			}
			shot(t, nt, screenshotDir(t), "95-withdrawn-"+lang)
		})
	}
}

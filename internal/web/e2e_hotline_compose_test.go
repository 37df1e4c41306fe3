package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/hotline"
	"truce/internal/testwait"
)

// TestBrowserHotlineReplyForward checks in English, Russian and Arabic
// that a liaison replies to a message from its page (the form starts
// addressed to the sender, the subject marked as a reply in the user's
// language, and the message sent cites the original) and forwards it to
// another party (the original quoted); a message marked TLP:RED offers no
// forward, since it must not reach another party.
func TestBrowserHotlineReplyForward(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	browser := startBrowser(t)
	ctx := t.Context()
	us, ru := n.principalOf(t, "us-liaison"), n.principalOf(t, "ru-liaison")
	sent := func(subject string) *hotline.Message {
		var found *hotline.Message
		testwait.For(t, 10*time.Second, "message "+subject, func() bool {
			p, err := n.app.Hotline.ListPage(ctx, ru, hotline.Filter{Box: "outbox"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i := range p.Items {
				if p.Items[i].Subject == subject {
					found = &p.Items[i]
				}
			}
			return found != nil
		})
		return found
	}
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tr := i18nTable(t, lang)
			orig, err := n.app.Hotline.Send(ctx, us, hotline.NewMessage{To: "ru", Priority: hotline.PriorityPriority, Subject: "Convoy " + lang,
				Body: "The convoy leaves at 06:00.", TLP: access.TLPAmber})
			if err != nil {
				t.Fatal(err)
			}
			red, err := n.app.Hotline.Send(ctx, us, hotline.NewMessage{To: "ru", Priority: hotline.PriorityRoutine, Subject: "Eyes only " + lang,
				Body: "For you alone.", TLP: access.TLPRed})
			if err != nil {
				t.Fatal(err)
			}
			tb := tab(t, browser)
			loginAPI(t, tb, base, "ru-liaison", "password-ru")
			setLanguage(t, tb, lang)

			run(t, tb, "reply", chromedp.Navigate(fmt.Sprintf("%s/?%s#/hotline/%s", base, lang, orig.ID)),
				chromedp.WaitVisible(`#message-reply`), chromedp.Click(`#message-reply`), chromedp.WaitVisible(`#message-replying`))
			reSubject := strings.ReplaceAll(tr["hotline.re"], "{subject}", orig.Subject)
			if to := get(t, tb, "to", chromedp.Value(`#message-form select[name=to]`)); to != "us" {
				t.Errorf("the reply is addressed to %q, want us", to)
			}
			if s := get(t, tb, "subject", chromedp.Value(`#message-form input[name=subject]`)); s != reSubject {
				t.Errorf("the reply's subject is %q, want %q", s, reSubject)
			}
			run(t, tb, "send reply", chromedp.SendKeys(`#message-form textarea[name=body]`, "Noted, thank you."),
				chromedp.Click(`#message-form-submit`), chromedp.WaitVisible(`#flash`))
			if m := sent(reSubject); m.InReplyTo != orig.ID || m.To != "us" {
				t.Errorf("the reply went to %q citing %q, want us citing %s", m.To, m.InReplyTo, orig.ID)
			}
			shot(t, tb, screenshotDir(t), "96-replied-"+lang)

			run(t, tb, "forward", chromedp.Navigate(fmt.Sprintf("%s/?%s#/hotline/%s", base, lang, orig.ID)),
				chromedp.WaitVisible(`#message-forward`), chromedp.Click(`#message-forward`), chromedp.WaitVisible(`#message-forwarding`),
				chromedp.SetValue(`#message-form select[name=to]`, "un"), chromedp.Click(`#message-form-submit`), chromedp.WaitVisible(`#flash`))
			fwdSubject := strings.ReplaceAll(tr["hotline.fwd"], "{subject}", orig.Subject)
			if m := sent(fwdSubject); m.To != "un" || !strings.Contains(m.Body, orig.Body) || m.InReplyTo != "" {
				t.Errorf("the forward went to %q (in reply to %q) with body %q", m.To, m.InReplyTo, m.Body)
			}

			run(t, tb, "red", chromedp.Navigate(fmt.Sprintf("%s/?%s#/hotline/%s", base, lang, red.ID)), chromedp.WaitVisible(`#message-reply`))
			if k := get(t, tb, "no forward", chromedp.Evaluate[int](`document.querySelectorAll('#message-forward').length`)); k != 0 {
				t.Error("a TLP:RED message offers a forward")
			}
		})
	}
}

package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserFeedback checks in English, Russian and Arabic that actions
// confirm what they did and leave a fresh form: an analyst's assessment
// (the verdict named in the confirmation, the reasoning cleared), and a
// hotline message (the recipient named, the subject cleared).
func TestBrowserFeedback(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.addAnalysts(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	browser := startBrowser(t)
	verdict := map[string]string{"en": "Needs more information", "ru": "", "ar": ""}
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			id := n.reportWithCasualties(t)
			an := tab(t, browser)
			loginAPI(t, an, base, "us-analyst", "password-us-analyst")
			setLanguage(t, an, lang)
			run(t, an, "incident", chromedp.Navigate(fmt.Sprintf("%s/?%s#/incidents/%s", base, lang, id)))
			run(t, an, "assess", chromedp.WaitVisible(`#assess-form`),
				chromedp.SetValue(`#assess-form select[name=verdict]`, "needs_information"),
				chromedp.SendKeys(`#assess-form textarea[name=reasoning]`, "The field team must see the site first."),
				chromedp.Click(`#assess-form-submit`), chromedp.WaitVisible(`#flash`))
			want := get(t, an, "verdict word", chromedp.Evaluate[string](`document.querySelector('#assessments .assessment[data-party="us"] .verdict').textContent`))
			if verdict[lang] != "" && want != verdict[lang] {
				t.Errorf("verdict shown as %q", want)
			}
			if msg := get(t, an, "flash", chromedp.Text(`#flash .flash-text`)); !strings.Contains(msg, want) {
				t.Errorf("the confirmation %q does not name the verdict %q", msg, want)
			}
			if r := get(t, an, "reasoning", chromedp.Evaluate[string](`(document.querySelector('#assess-form textarea[name=reasoning]') || {value: ''}).value`)); r != "" {
				t.Errorf("the assessment form still holds %q", r)
			}
			shot(t, an, dir, "80-assessed-"+lang)

			us := tab(t, browser)
			loginAPI(t, us, base, "us-liaison", "password-us")
			setLanguage(t, us, lang)
			run(t, us, "hotline", chromedp.Navigate(fmt.Sprintf("%s/?%s#/hotline", base, lang)))
			run(t, us, "send", chromedp.WaitVisible(`#message-form`),
				chromedp.SetValue(`#message-form select[name=to]`, "ru"),
				chromedp.SendKeys(`#message-form input[name=subject]`, "Convoy window"),
				chromedp.SendKeys(`#message-form textarea[name=body]`, "Please confirm the window."),
				chromedp.Click(`#message-form-submit`), chromedp.WaitVisible(`#flash`))
			if msg := get(t, us, "flash", chromedp.Text(`#flash .flash-text`)); !strings.Contains(msg, "Russian Federation") {
				t.Errorf("the confirmation %q does not name the recipient", msg)
			}
			if s := get(t, us, "subject", chromedp.Evaluate[string](`document.querySelector('#message-form input[name=subject]').value`)); s != "" {
				t.Errorf("the message form still holds subject %q", s)
			}
			shot(t, us, dir, "81-message-sent-"+lang)
		})
	}
}

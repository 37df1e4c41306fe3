package web_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserHelpAndPhone reads the help and glossary page (open to the
// public) and the incidents list on a phone, 390 × 844, in each language:
// the glossary holds every term in that language, no page is wider than
// the screen, the navigation takes one row rather than half the screen,
// and the list's dates are written by Intl in the chosen locale (its digits
// too: Arabic-Indic in Arabic, as the locale gives).
func TestBrowserHelpAndPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.seedMapRecords(t)
	base := n.srv.URL
	dir := screenshotDir(t)
	browser := startBrowser(t)
	pub, us := tab(t, browser), tab(t, browser)
	loginAPI(t, us, base, "us-liaison", "password-us")
	run(t, pub, "origin", chromedp.Navigate(base+"/static/favicon.svg")) // the public tab's storage is the node's
	locales := map[string]string{"en": "en-GB", "ru": "ru-RU", "ar": "ar"}
	fits := func(ctx context.Context, what string) {
		t.Helper()
		if w := get(t, ctx, what+" width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 391 {
			t.Errorf("%s is %d px wide on a 390 px screen", what, w)
		}
		if h := get(t, ctx, what+" nav", chromedp.Evaluate[float64](`document.getElementById('nav').getBoundingClientRect().height`)); h > 844/6 {
			t.Errorf("%s: the navigation is %.0f px tall on an 844 px screen", what, h)
		}
	}
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tr := i18nTable(t, lang)
			for _, ctx := range []context.Context{pub, us} {
				setLanguage(t, ctx, lang)
				run(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
			}
			run(t, pub, "help", chromedp.Navigate(fmt.Sprintf("%s/?%s#/help", base, lang)), chromedp.WaitVisible(`#glossary`))
			terms := get(t, pub, "terms", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#glossary dt')].map((d) => d.textContent)`))
			if len(terms) != 8 || terms[2] != tr["glossary.cochair"] {
				t.Errorf("glossary terms %q, want 8 in %s starting with co-chair third (%q)", terms, lang, tr["glossary.cochair"])
			}
			fits(pub, "help page")
			shot(t, pub, dir, "help-phone-"+lang)

			run(t, us, "incidents", chromedp.Navigate(fmt.Sprintf("%s/?%s#/incidents", base, lang)), chromedp.WaitVisible(`#incident-list tbody tr`))
			fits(us, "incidents list")
			cell := get(t, us, "date", chromedp.Evaluate[string](`document.querySelector('#incident-list tbody td').textContent`))
			// Every digit of the date is one the locale writes (Latin or
			// Arabic-Indic, as Intl gives them), and there is at least one.
			ok := get(t, us, "digits", chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
				const digits = new Set([...Array(10).keys()].map((d) => new Intl.NumberFormat(%q).format(d)));
				const found = [...%q].filter((c) => /\p{Nd}/u.test(c));
				return found.length > 0 && found.every((c) => digits.has(c));
			})()`, locales[lang], cell)))
			if !ok {
				t.Errorf("the date %q is not written with the digits %s writes", cell, locales[lang])
			}
			shot(t, us, dir, "incidents-phone-"+lang)
		})
	}
}

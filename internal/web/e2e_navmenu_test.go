package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserPhoneMenu checks, at 390 × 844 in English, Russian and
// Arabic, that the navigation collapses behind a menu button that says
// whether it is open (aria-expanded), opens from the keyboard with focus
// on a screen's link, closes with Escape (focus back on the button) and
// when a screen is chosen; and that at 1280 × 800 there is no button and
// the navigation shows.
func TestBrowserPhoneMenu(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	base := n.srv.URL
	browser := startBrowser(t)
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tr := i18nTable(t, lang)
			tb := tab(t, browser)
			loginAPI(t, tb, base, "us-liaison", "password-us")
			setLanguage(t, tb, lang)
			run(t, tb, "phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(fmt.Sprintf("%s/?%s#/incidents", base, lang)), chromedp.WaitVisible(`#nav-toggle`))
			state := func() (string, float64, string) {
				return get(t, tb, "expanded", chromedp.Evaluate[string](`document.getElementById('nav-toggle').getAttribute('aria-expanded')`)),
					get(t, tb, "nav height", chromedp.Evaluate[float64](`document.getElementById('nav').getBoundingClientRect().height`)),
					get(t, tb, "focus", chromedp.Evaluate[string](`document.activeElement ? (document.activeElement.id || document.activeElement.getAttribute('href') || '') : ''`))
			}
			if label := get(t, tb, "label", chromedp.Text(`#nav-toggle`)); !strings.Contains(label, tr["nav.menu"]) {
				t.Errorf("the menu button reads %q, want %q", label, tr["nav.menu"])
			}
			if ex, hgt, _ := state(); ex != "false" || hgt != 0 {
				t.Errorf("closed: aria-expanded %q, the navigation %.0f px tall", ex, hgt)
			}
			shot(t, tb, screenshotDir(t), "98-phone-menu-closed-"+lang)
			run(t, tb, "open from the keyboard", chromedp.Focus(`#nav-toggle`), chromedp.KeyEvent(kb.Enter))
			waitFor(t, tb, "the menu opens", `document.getElementById('nav-toggle').getAttribute('aria-expanded') === 'true'`)
			if _, hgt, focus := state(); hgt < 200 || !strings.HasPrefix(focus, "#/") {
				t.Errorf("open: the navigation %.0f px tall, focus on %q (want a screen's link)", hgt, focus)
			}
			shot(t, tb, screenshotDir(t), "98-phone-menu-open-"+lang)
			run(t, tb, "escape", chromedp.KeyEvent(kb.Escape))
			if ex, hgt, focus := state(); ex != "false" || hgt != 0 || focus != "nav-toggle" {
				t.Errorf("after Escape: aria-expanded %q, navigation %.0f px tall, focus on %q", ex, hgt, focus)
			}
			run(t, tb, "open and choose Alerts", chromedp.Click(`#nav-toggle`), chromedp.WaitVisible(`#nav a[data-nav="/alerts"]`),
				chromedp.Click(`#nav a[data-nav="/alerts"]`))
			waitFor(t, tb, "the alerts page, menu closed", `location.hash === '#/alerts' && document.getElementById('nav-toggle').getAttribute('aria-expanded') === 'false' && document.getElementById('nav').getBoundingClientRect().height === 0`)

			run(t, tb, "desktop", chromedp.EmulateViewport(1280, 800))
			waitFor(t, tb, "no button, the navigation shown", `getComputedStyle(document.getElementById('nav-toggle')).display === 'none' && document.getElementById('nav').getBoundingClientRect().height > 200`)
		})
	}
}

package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/accounts"
)

// TestBrowserLanding checks that each user lands where their work is when
// the address names no page: a liaison on the queues (acknowledgements
// due), an analyst on the queues (incidents to assess), an observer on the
// map, the public on the public page.
func TestBrowserLanding(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	n.addAnalysts(t)
	if _, err := n.app.Accounts.CreateUser(context.Background(), access.Public, accounts.NewUser{Username: "un-observer", Party: "un",
		Role: access.RoleObserver, DisplayName: "un observer", Password: "password-un-observer"}, true); err != nil {
		t.Fatal(err)
	}
	base := n.srv.URL
	browser := startBrowser(t)
	for _, c := range []struct{ user, password, page, sel string }{
		{"us-liaison", "password-us", "#/queues", `#queue-acks`},
		{"us-analyst", "password-us-analyst", "#/queues", `#queue-assess`},
		{"un-observer", "password-un-observer", "#/map", `#map`},
		{"", "", "#/public", `#main h1`},
	} {
		t.Run(c.user, func(t *testing.T) {
			tb := tab(t, browser)
			if c.user != "" {
				loginAPI(t, tb, base, c.user, c.password)
			}
			run(t, tb, "land", chromedp.Navigate(base+"/"), chromedp.WaitVisible(c.sel))
			if got := get(t, tb, "nav", chromedp.Evaluate[string](`document.querySelector('#nav [aria-current="page"]') ? document.querySelector('#nav [aria-current="page"]').getAttribute('href') : ''`)); got != c.page {
				t.Errorf("%s landed on %q, want %q", c.user, got, c.page)
			}
		})
	}
}

package web_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/alerts"
	"truce/internal/notify"
)

// TestBrowserAlertWordsOtherKinds checks that an alert of a kind raised
// outside the incident rules, a movement's notification feed gone stale,
// is worded in each language from its structured fields (the parties by
// name, the movement's window in the user's format), the node's English
// kept as the tooltip.
func TestBrowserAlertWordsOtherKinds(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	start := time.Now().Add(2 * time.Hour).UTC().Truncate(time.Minute) // notified ahead, as the node requires
	mov, err := n.app.Notify.NotifyMovement(ctx, n.principalOf(t, "un-liaison"), notify.MovementInput{Movement: notify.Movement{
		Route: json.RawMessage(`{"type":"LineString","coordinates":[[37.0,36.2],[37.2,36.2]]}`), CorridorM: 500, Vehicles: 4, Cargo: "food",
		Window: notify.Window{Start: start.Format(time.RFC3339), End: start.Add(6 * time.Hour).Format(time.RFC3339)}, Parties: []string{"ru"}}})
	if err != nil {
		t.Fatalf("notify movement: %v", err)
	}
	alert, _, err := n.app.Alerts.Raise(ctx, alerts.FeedStaleSpec(notify.StaleFeed{Movement: *mov, Party: "ru", Notified: start.Add(-time.Hour)}))
	if err != nil {
		t.Fatalf("raise: %v", err)
	}
	base := n.srv.URL
	browser := startBrowser(t)
	tb := tab(t, browser)
	loginAPI(t, tb, base, "ru-liaison", "password-ru")
	for _, lang := range []string{"en", "ru", "ar"} {
		t.Run(lang, func(t *testing.T) {
			tr := i18nTable(t, lang)
			setLanguage(t, tb, lang)
			run(t, tb, "alert", chromedp.Navigate(fmt.Sprintf("%s/?%s#/alerts/%s", base, lang, alert.ID)), chromedp.WaitVisible(`#alert-description`))
			desc := get(t, tb, "description", chromedp.Text(`#alert-description`))
			lead, _, _ := strings.Cut(tr["alert.about.feed_stale_never"], "{")
			if !strings.Contains(desc, strings.TrimSpace(lead)) || !strings.Contains(desc, "Russian Federation") || strings.Contains(desc, mov.ID) {
				t.Errorf("the description reads %q, want the words of %q naming the party, not the movement's id", desc, tr["alert.about.feed_stale_never"])
			}
			if tip := get(t, tb, "tooltip", chromedp.Evaluate[string](`document.querySelector('#alert-description').title`)); tip != alert.Description {
				t.Errorf("the tooltip reads %q, want the node's %q", tip, alert.Description)
			}
		})
	}
}

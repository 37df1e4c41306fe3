package web_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/membership"
	"truce/internal/zones"
)

// TestBrowserZoneWithdrawnCoChair: a zone version us proposed, awaiting
// only ru, is in force once ru walks out, and its page shows ru as
// withdrawn, not awaited.
func TestBrowserZoneWithdrawnCoChair(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	us, ru := n.principalOf(t, "us-liaison"), n.principalOf(t, "ru-liaison")
	z, err := n.app.Zones.Propose(ctx, us, "", 0, zones.Proposal{Kind: zones.KindCeasefireArea, Name: "Walk-out area",
		EffectiveFrom: time.Now().Add(-time.Hour).UTC().Format(time.RFC3339),
		Geometry:      json.RawMessage(`{"type":"Polygon","coordinates":[[[37,36],[37.2,36],[37.2,36.2],[37,36.2],[37,36]]]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Membership.Propose(ctx, ru, membership.Spec{Kind: membership.KindRetireParty, Party: "ru"}); err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "us-liaison", "password-us")
	run(t, tb, "zone page", chromedp.Navigate(base+"/#/zones/"+z.ID),
		chromedp.WaitVisible(`#zone-status.zstatus-in_force`),
		chromedp.WaitVisible(`#zone-versions [data-withdrawn="ru"]`),
		chromedp.WaitNotPresent(`#zone-versions .ack-pending`))
	shot(t, tb, screenshotDir(t), "47-zone-withdrawn-co-chair")
}

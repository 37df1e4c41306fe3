package web_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/zones"
)

// principalOf returns the principal of the node's user name.
func (n *e2eNode) principalOf(t *testing.T, name string) access.Principal {
	t.Helper()
	ctx := context.Background()
	u, err := n.app.Accounts.Store().UserByName(ctx, nil, name)
	if err != nil {
		t.Fatalf("user %s: %v", name, err)
	}
	p, err := n.app.Accounts.Principal(ctx, u, "test")
	if err != nil {
		t.Fatalf("principal %s: %v", name, err)
	}
	return p
}

// seedMapRecords adds what the map's record layers show: a ceasefire area
// around Aleppo agreed by both co-chairs (in force), a GREEN incident near
// Damascus and an AMBER incident near Aleppo released to party us only.
func (n *e2eNode) seedMapRecords(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	us, ru := n.principalOf(t, "us-liaison"), n.principalOf(t, "ru-liaison")
	geom, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][]float64{{
		{37.0, 36.1}, {37.3, 36.1}, {37.3, 36.3}, {37.0, 36.3}, {37.0, 36.1}}}})
	z, err := n.app.Zones.Propose(ctx, us, "", 0, zones.Proposal{Kind: zones.KindCeasefireArea, Name: "Test ceasefire area",
		Geometry: geom, EffectiveFrom: time.Now().Add(-48 * time.Hour).UTC().Format(time.RFC3339)})
	if err != nil {
		t.Fatalf("propose zone: %v", err)
	}
	if _, err := n.app.Zones.Agree(ctx, ru, z.ID, 1); err != nil {
		t.Fatalf("agree zone: %v", err)
	}
	for _, tc := range []struct {
		lon, lat float64
		place    string
		rel      access.Releasability
	}{
		{36.30, 33.51, "Damascus", access.Releasability{TLP: access.TLPGreen}},
		{37.16, 36.20, "Aleppo", access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}}},
	} {
		loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{tc.lon, tc.lat}})
		_, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: incidents.CategoryShelling,
			Time:     incidents.TimeSpan{Start: time.Now().Add(-24 * time.Hour).UTC().Format(time.RFC3339), Precision: "hour"},
			Location: loc, LocationPrecision: "1km", PlaceName: tc.place, Perpetrator: incidents.Perpetrator{Kind: "unknown"},
			Narrative: "Test incident near " + tc.place + ".", Releasability: &tc.rel})
		if err != nil {
			t.Fatalf("report incident near %s: %v", tc.place, err)
		}
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserDuplicates marks one incident as a duplicate of another and
// checks that the original's page lists it (from the verified
// incident.duplicate_linked entry of its history) and the duplicate's page
// links back.
func TestBrowserDuplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	t.Parallel()
	n := startNode(t)
	ctx := t.Context()
	us := n.principalOf(t, "us-liaison")
	var ids []string
	for _, place := range []string{"Aleppo", "Aleppo citadel"} {
		loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.20}})
		inc, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: incidents.CategoryShelling,
			Time:     incidents.TimeSpan{Start: time.Now().Add(-3 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
			Location: loc, LocationPrecision: "1km", PlaceName: place, Perpetrator: incidents.Perpetrator{Kind: "unknown"},
			Narrative: "Shelling reported near " + place + ".", Releasability: &access.Releasability{TLP: access.TLPGreen}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inc.ID)
	}
	dup, err := n.app.Incidents.Get(ctx, us, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.app.Incidents.MarkDuplicate(ctx, us, ids[1], dup.Seq, ids[0]); err != nil {
		t.Fatalf("mark duplicate: %v", err)
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	base := n.srv.URL
	tb := tab(t, startBrowser(t))
	loginAPI(t, tb, base, "ru-liaison", "password-ru")
	run(t, tb, "original", chromedp.Navigate(base+"/#/incidents/"+ids[0]),
		chromedp.WaitVisible(`#duplicate-list a[data-duplicate="`+ids[1]+`"]`),
		chromedp.WaitVisible(`#record-history[data-record-checked="true"]`))
	shot(t, tb, screenshotDir(t), "44-incident-duplicates")
	run(t, tb, "duplicate", chromedp.Click(`#duplicate-list a[data-duplicate="`+ids[1]+`"]`),
		chromedp.WaitVisible(`#duplicates a[data-duplicate="`+ids[0]+`"]`))
}

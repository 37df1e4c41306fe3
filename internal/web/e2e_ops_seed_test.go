package web_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/incidents"
	"truce/internal/notify"
	"truce/internal/zones"
)

// addAnalysts creates an analyst in each co-chair party: us-analyst and
// ru-analyst, password "password-<party>-analyst".
func (n *e2eNode) addAnalysts(t *testing.T) {
	t.Helper()
	for _, party := range []string{"us", "ru"} {
		if _, err := n.app.Accounts.CreateUser(context.Background(), access.Public, accounts.NewUser{Username: party + "-analyst", Party: party,
			Role: access.RoleAnalyst, DisplayName: party + " analyst", Password: "password-" + party + "-analyst"}, true); err != nil {
			t.Fatal(err)
		}
	}
}

// opsSeed is what the operations test seeds besides seedMapRecords.
type opsSeed struct {
	siteID string // a hospital notified by un to us and ru, awaiting both
}

// seedOperations adds a protected site awaiting the co-chairs'
// acknowledgement, a CLEAR zone in force (the public sees it; the GREEN one
// of seedMapRecords it does not) and a CLEAR incident both co-chairs
// confirmed (the public's confirmed incidents).
func (n *e2eNode) seedOperations(t *testing.T) opsSeed {
	t.Helper()
	ctx := context.Background()
	un, us, ru := n.principalOf(t, "un-liaison"), n.principalOf(t, "us-liaison"), n.principalOf(t, "ru-liaison")
	usA, ruA := n.principalOf(t, "us-analyst"), n.principalOf(t, "ru-analyst")
	site, err := n.app.Notify.NotifySite(ctx, un, notify.SiteInput{Site: notify.Site{Kind: "hospital",
		Names:    map[string]string{"en": "Al-Quds field hospital", "ar": "مستشفى القدس الميداني"},
		Location: json.RawMessage(`{"type":"Point","coordinates":[37.13,36.2]}`), BufferM: 300, Parties: []string{"us", "ru"}}})
	if err != nil {
		t.Fatalf("notify site: %v", err)
	}
	geom, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][]float64{{
		{36.2, 33.4}, {36.4, 33.4}, {36.4, 33.6}, {36.2, 33.6}, {36.2, 33.4}}}})
	z, err := n.app.Zones.Propose(ctx, us, "", 0, zones.Proposal{Kind: zones.KindCeasefireArea, Name: "Public ceasefire area",
		Geometry: geom, EffectiveFrom: time.Now().Add(-72 * time.Hour).UTC().Format(time.RFC3339),
		Releasability: &access.Releasability{TLP: access.TLPClear}})
	if err != nil {
		t.Fatalf("propose zone: %v", err)
	}
	if _, err := n.app.Zones.Agree(ctx, ru, z.ID, 1); err != nil {
		t.Fatalf("agree zone: %v", err)
	}
	loc := json.RawMessage(`{"type":"Point","coordinates":[36.3,33.5]}`)
	in, _, err := n.app.Incidents.Report(ctx, us, &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: time.Now().Add(-30 * time.Hour).UTC().Format(time.RFC3339), Precision: "hour"},
		Location: loc, LocationPrecision: "1km", PlaceName: "Public incident place", Perpetrator: incidents.Perpetrator{Kind: "unknown"},
		Narrative: "A CLEAR incident confirmed by both co-chairs.", Releasability: &access.Releasability{TLP: access.TLPClear}})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	for _, p := range []access.Principal{usA, ruA} {
		if in, err = n.app.Incidents.Assess(ctx, p, in.ID, in.Seq, incidents.VerdictConfirmed, "Seen by our monitors."); err != nil {
			t.Fatalf("assess as %s: %v", p.Party, err)
		}
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	return opsSeed{siteID: site.ID}
}

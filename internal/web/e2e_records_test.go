package web_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

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

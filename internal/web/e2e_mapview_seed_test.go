package web_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/flights"
	"truce/internal/incidents"
	"truce/internal/zones"
)

// seedMapView adds, besides seedMapRecords, what the map view test looks
// at: two aircraft of parties un and us flying side by side 3 km apart at
// the same level past Homs for three hours from half an hour ago (a
// conflict that stays open however slowly the test runs): UNO101 released
// to every member, USA101 to party us only, so that party un, which is not
// a co-chair, may not know it; a proposed zone lying over their routes
// south-west of Homs; and an incident near Abu Kamal, at the far east of
// the monitored area. It returns the ids of the two plans.
func (n *e2eNode) seedMapView(t *testing.T) (uno, usa string) {
	t.Helper()
	n.seedMapRecords(t)
	uno, usa = n.fileParallelFlights(t)
	ctx := context.Background()
	now := time.Now().UTC()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	geom, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][]float64{{
		{36.35, 34.35}, {36.65, 34.35}, {36.65, 34.65}, {36.35, 34.65}, {36.35, 34.35}}}})
	if _, err := n.app.Zones.Propose(ctx, n.principalOf(t, "us-liaison"), "", 0, zones.Proposal{Kind: zones.KindRestrictedAirspace,
		Name: "Homs approach", Geometry: geom, EffectiveFrom: at(-time.Hour)}); err != nil {
		t.Fatalf("propose zone: %v", err)
	}
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{40.92, 34.45}})
	if _, _, err := n.app.Incidents.Report(ctx, n.principalOf(t, "us-liaison"), &incidents.NewIncident{Category: incidents.CategoryShelling,
		Time:     incidents.TimeSpan{Start: now.Add(-6 * time.Hour).Truncate(time.Hour).Format(time.RFC3339), Precision: "hour"},
		Location: loc, LocationPrecision: "1km", PlaceName: "Abu Kamal", Perpetrator: incidents.Perpetrator{Kind: "unknown"},
		Narrative: "Test incident near Abu Kamal.", Releasability: &access.Releasability{TLP: access.TLPGreen}}); err != nil {
		t.Fatalf("report incident near Abu Kamal: %v", err)
	}
	if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	return uno, usa
}

// fileParallelFlights files the two aircraft of seedMapView (UNO101 of
// party un, GREEN; USA101 of party us, AMBER to us) flying side by side
// 3 km apart at the same level from half an hour ago for three hours, and
// returns their plans' ids.
func (n *e2eNode) fileParallelFlights(t *testing.T) (uno, usa string) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	for _, f := range []struct {
		user, callsign string
		rel            access.Releasability
		wps            []flights.Waypoint
		id             *string
	}{
		{"un-liaison", "UNO101", access.Releasability{TLP: access.TLPGreen},
			[]flights.Waypoint{{Lat: 34.2, Lon: 36.23, AltFt: 20000, Time: at(-30 * time.Minute)}, {Lat: 35.2, Lon: 37.23, AltFt: 20000, Time: at(150 * time.Minute)}}, &uno},
		{"us-liaison", "USA101", access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}},
			[]flights.Waypoint{{Lat: 34.2, Lon: 36.2, AltFt: 20000, Time: at(-30 * time.Minute)}, {Lat: 35.2, Lon: 37.2, AltFt: 20000, Time: at(150 * time.Minute)}}, &usa},
	} {
		p, err := n.app.Flights.File(ctx, n.principalOf(t, f.user), flights.PlanInput{Callsign: f.callsign, Category: "fixed_wing",
			Waypoints: f.wps, Releasability: &f.rel})
		if err != nil {
			t.Fatalf("file %s: %v", f.callsign, err)
		}
		*f.id = p.ID
	}
	return uno, usa
}

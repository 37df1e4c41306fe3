package app

import (
	"context"
	"slices"
	"testing"
	"time"

	"truce/internal/testwait"
)

// subFlightsAlongSegmentsAndTracks: a no-low-flights obligation judges a
// flight plan along its segments (a leg crossing the zone between two
// waypoints outside it breaks it) and each live track's position reports
// as they arrive (recorded once per episode of the track, not per report);
// a track is evidence only to those who may see it (its party and the
// co-chairs), so un is shown neither the track nor a violation by it.
func subFlightsAlongSegmentsAndTracks(t *testing.T, n *testNode, zone string) {
	b := agreementBody(zone)
	b["title"] = "Air safety memorandum"
	b["obligations"] = []map[string]any{{"key": "no-low", "title": "No flights below 5,000 ft over the area",
		"rule": map[string]any{"kind": "no_flights_below", "zone_id": zone, "min_altitude_ft": 5000, "from": "2016-07-01T00:00:00Z"}}}
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", b)
	id := a["id"].(string)
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	// Both waypoints lie outside the area (37.0–37.3 E); the leg between
	// them crosses it at 2,000 ft.
	t0 := time.Now().UTC().Truncate(time.Second).Add(-40 * time.Minute)
	plan, _ := n.must(201, "POST", "/api/v1/flightplans", "us-liaison", "", line(36.15, 36.9, 36.15, 37.4, 2000, t0, 20*time.Minute,
		map[string]any{"releasability": map[string]any{"tlp": "GREEN"}}))
	high, _ := n.must(201, "POST", "/api/v1/flightplans", "us-liaison", "", line(36.2, 36.9, 36.2, 37.4, 9000, t0, 20*time.Minute,
		map[string]any{"releasability": map[string]any{"tlp": "GREEN"}}))
	// A live report is judged as it arrives, against the index of the
	// rules in force, which the recorder rebuilds once the version is
	// agreed: report until the breach is recorded (each report is later).
	low := func(lat float64) {
		n.must(200, "POST", "/api/v1/tracks", "ru-liaison", "", map[string]any{"reports": []map[string]any{
			{"id": "agr-ru-low", "party": "ru", "lat": lat, "lon": 37.1, "alt_ft": 1500, "time": time.Now().UTC().Format(time.RFC3339Nano)}}})
	}
	lat := 36.1
	testwait.For(t, 20*time.Second, "the track's breach recorded", func() bool {
		lat += 0.0001
		low(lat)
		return n.breachesOf(id)["no-low/agr-ru-low"] != ""
	})
	// Further low reports of the same episode record nothing more.
	low(lat + 0.001)
	low(lat + 0.002)
	n.app.breaches.Drain(context.Background())
	if got := n.breachesOf(id); len(got) != 1 || got["no-low/agr-ru-low"] != "AMBERru,us" {
		t.Errorf("track breaches %v; want one, released to ru (the track's party) and us (a co-chair)", got)
	}
	if c := n.breachCount(id); c != 1 {
		t.Errorf("%d breach entries for one episode of one track; want 1", c)
	}
	for _, c := range []struct {
		user   string
		us, ru []string
	}{
		{"us-observer", []string{plan["id"].(string)}, []string{"agr-ru-low"}},
		{"ru-observer", []string{plan["id"].(string)}, []string{"agr-ru-low"}},
		{"un-observer", []string{plan["id"].(string)}, nil},
	} {
		got, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", c.user, "", nil)
		for party, want := range map[string][]string{"us": c.us, "ru": c.ru} {
			st, ids, _ := obligation(t, got, "no-low", party)
			wantSt := "compliant"
			if len(want) > 0 {
				wantSt = "violation"
			}
			if st != wantSt || !slices.Equal(ids, want) {
				t.Errorf("%s: no-low %s %s %v, want %s %v", c.user, party, st, ids, wantSt, want)
			}
			if slices.Contains(ids, high["id"].(string)) {
				t.Errorf("%s: the plan at 9,000 ft is evidence", c.user)
			}
		}
	}
}

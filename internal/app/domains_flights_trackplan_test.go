package app

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestTrackAgainstPlanRaisedAndCleared checks that a live track predicted
// to lose separation with another party's flight plan is raised as a track
// record (logged, alerted) and cleared once the prediction goes away.
func TestTrackAgainstPlanRaisedAndCleared(t *testing.T) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = time.Hour // the test ticks by hand
	n.restart()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second)
	// ru's plan flies east along 35° N at 20,000 ft for the next hour.
	if code, body, _ := n.do("POST", "/api/v1/flightplans", "ru-liaison", line(35.0, 37.0, 35.0, 38.0, 20000, now.Add(-time.Minute), time.Hour, nil)); code != 201 {
		t.Fatalf("file: %d %s", code, body)
	}
	// us's track flies west towards it at the same level, 27 km away.
	if code, body, _ := n.do("POST", "/api/v1/tracks", "us-liaison", report("us-7", 35.0, 37.3, 20000, now, 250, 270)); code != 200 {
		t.Fatalf("track: %d %s", code, body)
	}
	if err := n.app.Flights.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	cs := n.conflicts("us-liaison", "?kind=conflict&status=open")
	if len(cs) != 1 || cs[0].Source != "track" || cs[0].Subjects[0] != "us-7" || !strings.HasPrefix(cs[0].Subjects[1], "fpl_") ||
		cs[0].TimeToLossS == nil || !strings.Contains(cs[0].Detail, "flight plan") {
		t.Fatalf("open conflicts: %+v", cs)
	}
	if got := n.conflicts("ru-liaison", "?kind=conflict&status=open"); len(got) != 1 {
		t.Fatalf("ru sees %d open conflicts, want 1", len(got))
	}
	if got := n.conflicts("un-liaison", ""); len(got) != 0 {
		t.Fatalf("un, not concerned, sees %d conflicts", len(got))
	}
	// Ticking again raises nothing twice.
	if err := n.app.Flights.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if got := n.entriesOfKind("conflict.raised"); got != 1 {
		t.Fatalf("%d conflict.raised entries, want 1", got)
	}
	// The track climbs to 35,000 ft: the prediction goes away and the record
	// clears after the hysteresis.
	if code, body, _ := n.do("POST", "/api/v1/tracks", "us-liaison", report("us-7", 35.0, 37.29, 35000, now.Add(time.Second), 250, 270)); code != 200 {
		t.Fatalf("track: %d %s", code, body)
	}
	for range 3 {
		if err := n.app.Flights.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if cs := n.conflicts("us-liaison", "?kind=conflict"); len(cs) != 1 || cs[0].Status != "cleared" {
		t.Fatalf("after climbing: %+v", cs)
	}
}

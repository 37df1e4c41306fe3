package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"truce/internal/flights"
)

// report is a position report body.
func report(id string, lat, lon, alt float64, t time.Time, gs, trk float64) map[string]any {
	return map[string]any{"id": id, "lat": lat, "lon": lon, "alt_ft": alt, "time": t.Format(time.RFC3339Nano), "ground_speed_mps": gs, "track_deg": trk}
}

type trackList struct{ Items []flights.Track }

func TestTracksBatchVisibilityPredictionAndExpiry(t *testing.T) {
	n := newTestNode(t)
	n.addOutsider()
	// The test ticks by hand: the background tick waits an hour.
	n.app.Config.Airspace.Tick = time.Hour
	n.restart()
	ctx := context.Background()
	now := time.Now().UTC()
	if code, body, _ := n.do("POST", "/api/v1/tracks", "xx-liaison", report("xx-1", 36.5, 40.0, 5000, now, 50, 0)); code != 200 {
		t.Fatalf("xx: %d %s", code, body)
	}
	// Head-on at 20,000 ft, 27 km apart, closing at 500 m/s.
	if code, body, _ := n.do("POST", "/api/v1/tracks", "us-liaison", map[string]any{"reports": []map[string]any{
		report("us-1", 35.0, 37.0, 20000, now, 250, 90), report("us-old", 35.5, 37.0, 20000, now.Add(-2*time.Minute), 0, 0)}}); code != 200 {
		t.Fatalf("us batch: %d %s", code, body)
	}
	code, body, _ := n.do("POST", "/api/v1/tracks", "ru-liaison", report("ru-1", 35.0, 37.3, 20000, now, 250, 270))
	if code != 200 || !strings.Contains(string(body), `"accepted":1`) {
		t.Fatalf("ru single: %d %s", code, body)
	}
	if err := n.app.Flights.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	// us-old was two minutes stale (TTL 60 s): expired by the tick.
	for user, want := range map[string]string{"us-observer": "ru-1,us-1,xx-1", "ru-observer": "ru-1,us-1,xx-1", "xx-liaison": "xx-1", "un-liaison": ""} {
		_, body, _ := n.do("GET", "/api/v1/tracks", user, nil)
		var ids []string
		for _, tr := range decodeAs[trackList](t, body).Items {
			ids = append(ids, tr.ID)
		}
		if strings.Join(ids, ",") != want {
			t.Fatalf("%s sees tracks %v, want %s", user, ids, want)
		}
	}
	if code, _, _ := n.do("GET", "/api/v1/tracks", "", nil); code != 401 {
		t.Fatalf("public tracks: %d", code)
	}
	cs := n.conflicts("us-liaison", "?kind=conflict&status=open")
	if len(cs) != 1 || cs[0].Source != "track" || cs[0].TimeToLossS == nil || *cs[0].TimeToLossS > 60 {
		t.Fatalf("track conflicts: %+v", cs)
	}
	// One open record per pair: further ticks raise nothing new.
	for range 3 {
		if err := n.app.Flights.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if r := n.entriesOfKind(flights.EntryConflictRaised); r != 1 {
		t.Fatalf("%d conflict.raised entries after repeated ticks, want 1", r)
	}
	// They turn away from each other: the prediction goes, the record clears.
	later := now.Add(time.Second)
	n.do("POST", "/api/v1/tracks", "us-liaison", report("us-1", 35.0, 37.0, 20000, later, 250, 270))
	n.do("POST", "/api/v1/tracks", "ru-liaison", report("ru-1", 35.0, 37.3, 20000, later, 250, 90))
	for i := range flights.TrackClearTicks {
		if cs := n.conflicts("ru-liaison", "?kind=conflict"); len(cs) != 1 || cs[0].Status != "open" {
			t.Fatalf("cleared after %d ticks, before %d: %+v", i, flights.TrackClearTicks, cs)
		}
		if err := n.app.Flights.Tick(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if cs := n.conflicts("ru-liaison", "?kind=conflict"); len(cs) != 1 || cs[0].Status != "cleared" {
		t.Fatalf("after turning away: %+v", cs)
	}
}

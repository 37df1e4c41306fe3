package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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

func TestTrackStreamIngestion(t *testing.T) {
	n := newTestNode(t)
	now := time.Now().UTC()
	var buf bytes.Buffer
	const lines = 2500
	for i := range lines {
		b, _ := json.Marshal(report(fmt.Sprintf("us-%d", i%50), 35.0, 37.0+float64(i%50)*0.01, 10000, now.Add(time.Duration(i/50)*time.Millisecond), 100, 45))
		buf.Write(b)
		buf.WriteByte('\n')
	}
	post := func(body []byte) (int, []byte) {
		req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/tracks/stream", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+n.tokens["us-liaison"])
		req.Header.Set("Content-Type", "application/x-ndjson")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		_, _ = out.ReadFrom(resp.Body)
		return resp.StatusCode, out.Bytes()
	}
	code, body := post(buf.Bytes())
	if code != 200 || !strings.Contains(string(body), fmt.Sprintf(`"accepted":%d`, lines)) || !strings.Contains(string(body), fmt.Sprintf(`"lines":%d`, lines)) {
		t.Fatalf("stream: %d %s", code, body)
	}
	if got := len(n.app.Flights.Tracks(n.principal("us-liaison"))); got != 50 {
		t.Fatalf("%d live tracks, want 50", got)
	}
	// A bad line stops the stream and says where.
	code, body = post([]byte(`{"id":"x1","lat":35,"lon":37,"alt_ft":1000,"time":"` + now.Format(time.RFC3339) + `"}` + "\n{\"id\":\n"))
	if code != 400 || !strings.Contains(string(body), "line 2") {
		t.Fatalf("bad line: %d %s", code, body)
	}
	// Another party's track in a stream is forbidden.
	code, _ = post([]byte(`{"id":"x2","party":"ru","lat":35,"lon":37,"alt_ft":1000,"time":"` + now.Format(time.RFC3339) + `"}` + "\n"))
	if code != 403 {
		t.Fatalf("ru track from us: %d", code)
	}
}

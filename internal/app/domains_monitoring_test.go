package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/monitoring"
)

// coverageOf returns the coverage map of [from, to) as user.
func (n *testNode) coverageOf(user string, from, to time.Time) (patrols int, seen int, denied map[string]bool, points []string) {
	n.t.Helper()
	q := url.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {to.UTC().Format(time.RFC3339)}, "cell": {"0.01"}}
	st, body, h := n.do("GET", "/api/v1/monitoring/coverage?"+q.Encode(), user, nil)
	if st != 200 || h.Get("Content-Type") != "application/geo+json" {
		n.t.Fatalf("coverage as %q: %d %s: %s", user, st, h.Get("Content-Type"), body)
	}
	var m struct {
		Type     string `json:"type"`
		Patrols  int    `json:"patrols"`
		Features []struct {
			Geometry   struct{ Type string } `json:"geometry"`
			Properties map[string]any        `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &m); err != nil || m.Type != "FeatureCollection" {
		n.t.Fatalf("coverage as %q is no FeatureCollection: %v %s", user, err, body)
	}
	denied = map[string]bool{}
	for _, f := range m.Features {
		switch {
		case f.Geometry.Type == "Point":
			points = append(points, fmt.Sprint(f.Properties["restriction"], "/", f.Properties["controlled_by"]))
		case f.Properties["coverage"] == "seen":
			seen++
		case f.Properties["coverage"] == "denied":
			for _, p := range f.Properties["controlled_by"].([]any) {
				denied[p.(string)] = true
			}
		}
	}
	slices.Sort(points)
	return m.Patrols, seen, denied, points
}

func lineString(coords ...[2]float64) map[string]any {
	return map[string]any{"type": "LineString", "coordinates": coords}
}

// TestMonitoringCoverage: the monitoring cell files a patrol and a flight
// (notified to the parties as movements), records a denial and jamming
// attributed to the parties controlling the area, and the coverage map
// shows where it could and could not see; a party outside the audience
// and the public see no patrol on the map; bad input changes nothing.
func TestMonitoringCoverage(t *testing.T) {
	n := domainNode(t)
	ctx := context.Background()
	if _, err := n.app.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: "ngo", Name: "An agency", Kind: "agency"}, true); err != nil {
		t.Fatal(err)
	}
	u, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ngo-liaison", Party: "ngo", Role: access.RoleLiaison, Password: "password-ngo-liaison"}, true)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	n.tokens["ngo-liaison"] = tok.Secret

	start := time.Now().Add(time.Hour).UTC().Truncate(time.Second)
	window := map[string]any{"start": start.Format(time.RFC3339), "end": start.Add(4 * time.Hour).Format(time.RFC3339)}
	patrol := map[string]any{"kind": "patrol", "route": lineString([2]float64{37.10, 36.20}, [2]float64{37.20, 36.20}), "sight_m": 2000,
		"window": window, "notified": []string{"us", "ru"}}
	for _, u := range []string{"us-liaison", "un-analyst", "un-observer"} {
		n.must(403, "POST", "/api/v1/monitoring/patrols", u, "", patrol)
	}
	size := n.logSize()
	for name, bad := range map[string]map[string]any{
		"route":    {"route": map[string]any{"type": "Point", "coordinates": []float64{37, 36}}, "window": window, "notified": []string{"us"}},
		"notified": {"route": patrol["route"], "window": window},
		"kind":     {"kind": "tank", "route": patrol["route"], "window": window, "notified": []string{"us"}},
		"sight":    {"route": patrol["route"], "sight_m": 90000, "window": window, "notified": []string{"us"}},
		"past":     {"route": patrol["route"], "window": map[string]any{"start": "2016-07-01T00:00:00Z", "end": "2016-07-01T04:00:00Z"}, "notified": []string{"us"}},
	} {
		if st, out, _ := n.call("POST", "/api/v1/monitoring/patrols", "un-liaison", "", bad); st != 422 {
			t.Errorf("bad %s: %d %v", name, st, out)
		}
	}
	if n.logSize() != size {
		t.Fatalf("refused patrols wrote %d entries", n.logSize()-size)
	}

	ngoEvents := n.openSSE("/api/v1/stream", bearer(n.tokens["ngo-liaison"]))
	p1, _ := n.must(201, "POST", "/api/v1/monitoring/patrols", "un-liaison", "", patrol)
	flight := map[string]any{"kind": "flight", "route": lineString([2]float64{37.50, 36.50}, [2]float64{37.60, 36.50}), "sight_m": 3000,
		"window": window, "notified": []string{"ru"}}
	p2, _ := n.must(201, "POST", "/api/v1/monitoring/patrols", "un-reporter", "", flight)
	// The patrol is a movement notification the parties acknowledge on receipt.
	mv, _ := n.must(200, "GET", "/api/v1/movements/"+p1["notice_id"].(string), "ru-liaison", "", nil)
	if acks := fmt.Sprint(mv["acknowledgements"]); mv["type"] != "movement" || !slices.ContainsFunc(mv["acknowledgements"].([]any), func(a any) bool {
		return a.(map[string]any)["party"] == "ru"
	}) {
		t.Errorf("the patrol's notification: %v, acks %s", mv["type"], acks)
	}

	now := time.Now().UTC().Format(time.RFC3339)
	size = n.logSize()
	for name, bad := range map[string]struct {
		status int
		body   map[string]any
	}{
		"unknown party": {422, map[string]any{"kind": "denial", "location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.2}}, "time": now, "controlled_by": "zz"}},
		"future":        {422, map[string]any{"kind": "denial", "location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.2}}, "time": "2099-01-01T00:00:00Z", "controlled_by": "ru"}},
		"kind":          {422, map[string]any{"kind": "rain", "location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.2}}, "time": now, "controlled_by": "ru"}},
		"no patrol":     {404, map[string]any{"kind": "denial", "patrol_id": "pat_none", "location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.2}}, "time": now, "controlled_by": "ru"}},
	} {
		if st, out, _ := n.call("POST", "/api/v1/monitoring/restrictions", "un-analyst", "", bad.body); st != bad.status {
			t.Errorf("bad restriction %s: %d %v, want %d", name, st, out, bad.status)
		}
	}
	n.must(403, "POST", "/api/v1/monitoring/restrictions", "ru-liaison", "", map[string]any{"kind": "denial",
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.2}}, "time": now, "controlled_by": "us"})
	if n.logSize() != size {
		t.Fatalf("refused restrictions wrote %d entries", n.logSize()-size)
	}
	n.must(201, "POST", "/api/v1/monitoring/restrictions", "un-analyst", "", map[string]any{"kind": "denial", "patrol_id": p1["id"],
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.2}}, "radius_m": 1500, "time": now, "controlled_by": "ru",
		"note": "turned back at the checkpoint"})
	n.must(201, "POST", "/api/v1/monitoring/restrictions", "un-analyst", "", map[string]any{"kind": "jamming", "patrol_id": p2["id"],
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.55, 36.5}}, "radius_m": 50000, "time": now, "controlled_by": "us"})

	from, to := start.Add(-time.Hour), start.Add(24*time.Hour)
	for _, u := range []string{"un-liaison", "us-liaison", "ru-observer"} {
		patrols, seen, denied, points := n.coverageOf(u, from, to)
		if patrols != 2 || seen == 0 || !denied["ru"] || !denied["us"] || !slices.Equal(points, []string{"denial/ru", "jamming/us"}) {
			t.Errorf("%s's map: %d patrols, %d seen runs, denied by %v, restrictions %v", u, patrols, seen, denied, points)
		}
	}
	// The flight was jammed over its whole route: no cell of it is seen.
	for _, u := range []string{"ngo-liaison", ""} {
		if patrols, seen, denied, points := n.coverageOf(u, from, to); patrols != 0 || seen != 0 || len(denied) != 0 || len(points) != 0 {
			t.Errorf("%q sees %d patrols, %d seen, denied %v, restrictions %v", u, patrols, seen, denied, points)
		}
	}
	// Nor do they read the patrols or restrictions in the log or on the stream.
	for _, u := range []string{"ngo-liaison", ""} {
		if _, body, _ := n.do("GET", "/api/v1/log/entries?subject="+monitoring.PatrolSubject(p1["id"].(string)), u, nil); strings.Contains(string(body), "monitoring.") {
			t.Errorf("%q reads the patrol in the log: %s", u, body)
		}
	}
	if _, body, _ := n.do("GET", "/api/v1/log/entries?subject="+monitoring.PatrolSubject(p1["id"].(string)), "ru-liaison", nil); !strings.Contains(string(body), "monitoring.patrol_filed") {
		t.Errorf("ru, notified, does not read the patrol in the log: %s", body)
	}
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("marker", 37.1, 36.1, "GREEN"))
	for ev := range ngoEvents {
		if strings.Contains(ev.data, "monitoring.") {
			t.Errorf("ngo's stream carried %s", ev.data)
		}
		if strings.Contains(ev.data, "incident.reported") {
			break
		}
	}
	if patrols, _, _, _ := n.coverageOf("un-liaison", start.Add(-48*time.Hour), start.Add(-24*time.Hour)); patrols != 0 {
		t.Errorf("a period before the patrols shows %d", patrols)
	}
	for q, want := range map[string]int{
		"to=2016-07-02T00:00:00Z":                                        400,
		"from=2016-07-02T00:00:00Z&to=2016-07-01T00:00:00Z":              422,
		"from=2016-07-01T00:00:00Z&to=2016-07-02T00:00:00Z&cell=0.00001": 422,
		"from=2016-07-01T00:00:00Z&to=2016-07-02T00:00:00Z&cell=x":       400,
		"from=2016-01-01T00:00:00Z&to=2016-07-02T00:00:00Z":              422,
	} {
		if st, body, _ := n.do("GET", "/api/v1/monitoring/coverage?"+q, "un-liaison", nil); st != want {
			t.Errorf("coverage?%s: %d, want %d: %s", q, st, want, body)
		}
	}
}

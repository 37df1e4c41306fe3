package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"truce/internal/alerts"
)

// pagingFixture fills n with more incidents, notices, alerts, messages,
// plans, reservations and conflicts than one small page, releasable to different
// parties (us and ru are co-chairs, un a UN cell, xx an outsider).
func pagingFixture(t *testing.T, n *testNode) {
	t.Helper()
	ctx := context.Background()
	n.addOutsider()
	must := func(method, path, user string, body any) map[string]any {
		t.Helper()
		code, b, _ := n.do(method, path, user, body)
		if code != 201 && code != 200 {
			t.Fatalf("%s %s as %s: %d %s", method, path, user, code, b)
		}
		return decodeAs[map[string]any](t, b)
	}
	tlps := []string{"GREEN", "AMBER", "GREEN", "AMBER", "GREEN", "AMBER", "AMBER"} // notifications are never CLEAR
	// Zones of both co-chairs, some not releasable to everyone (a zone's
	// audience holds every co-chair).
	for i, r := range []struct{ by, tlp string }{{"us", "CLEAR"}, {"ru", "AMBER"}, {"us", "AMBER"}, {"us", "GREEN"}, {"ru", "CLEAR"}, {"us", "RED"}} {
		body := zoneBody("2016-07-01T00:00:00Z")
		body["name"] = fmt.Sprint("Zone ", i)
		body["releasability"] = map[string]any{"tlp": r.tlp, "audience": []string{"ru", "us"}}
		must("POST", "/api/v1/zones", pageUser(r.by), body)
	}
	// Webhooks: each party sees its own only.
	for i, party := range []string{"us", "us", "ru", "us", "us", "un"} {
		must("POST", "/api/v1/webhooks", pageUser(party), map[string]any{"url": fmt.Sprintf("http://127.0.0.1:9/hook/%d", i)})
	}
	// Incidents: some share a start time, so that pages break ties.
	for i, r := range []struct{ by, tlp string }{{"us", "CLEAR"}, {"ru", "AMBER"}, {"us", "AMBER"}, {"un", "GREEN"},
		{"us", "RED"}, {"ru", "CLEAR"}, {"us", "AMBER"}, {"un", "AMBER"}, {"us", "GREEN"}} {
		body := incidentBody(fmt.Sprint("paging-", i), 37+float64(i)/10, 36, r.tlp)
		body["time"] = map[string]any{"start": fmt.Sprintf("2016-07-%02dT08:00:00Z", 10+i/3), "precision": "hour"}
		must("POST", "/api/v1/incidents", pageUser(r.by), body)
	}
	for i, tlp := range tlps {
		site := map[string]any{"kind": "hospital", "names": map[string]string{"en": fmt.Sprint("Hospital ", i)},
			"location": map[string]any{"type": "Point", "coordinates": []float64{37 + float64(i)/10, 36}}, "buffer_m": 300,
			"parties": []string{"ru", "us"}, "releasability": map[string]any{"tlp": tlp}}
		s := must("POST", "/api/v1/sites", "un-liaison", site)
		if i == 1 || i == 4 {
			path := "/api/v1/sites/" + s["id"].(string)
			if code, b, _ := n.do2("POST", path+"/cancel", "un-liaison", withIfMatch(map[string]any{"reason": "closed"}, n.etagOf(path, "un-liaison"))); code != 200 {
				t.Fatalf("cancel %s: %d %s", path, code, b)
			}
		}
		start := time.Now().UTC().Add(100 * time.Hour).Truncate(time.Second)
		if i < 5 {
			must("POST", "/api/v1/movements", "un-liaison", map[string]any{"route": map[string]any{"type": "LineString",
				"coordinates": [][]float64{{37, 36}, {37.1, 36.1 + float64(i)/10}}}, "window": map[string]string{"start": start.Format(time.RFC3339),
				"end": start.Add(8 * time.Hour).Format(time.RFC3339)}, "vehicles": 3 + i, "cargo": "food", "parties": []string{"ru"},
				"releasability": map[string]any{"tlp": tlp}})
		}
	}
	for i, concerned := range [][]string{{"us"}, {"us", "xx"}, {"ru"}, {"un", "us"}, {"xx"}, {"us"}, {"ru", "us"}} {
		if _, _, err := n.app.Alerts.Raise(ctx, alerts.Spec{Key: fmt.Sprint("paging:", i), Kind: alerts.KindOther,
			Severity: alerts.Severities[i%len(alerts.Severities)], Title: fmt.Sprint("Alert ", i), Concerned: concerned}); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range []struct{ from, to string }{{"us", "ru"}, {"us", "xx"}, {"ru", "us"}, {"us", "ru"}, {"un", "co-chairs"}, {"ru", "us"}, {"us", "ru"}} {
		must("POST", "/api/v1/messages", pageUser(m.from), map[string]any{"to": m.to, "subject": fmt.Sprint("Message ", i)})
	}
	t0 := flightTimes()
	for i, party := range []string{"us", "ru", "un", "us", "ru", "un"} {
		var extra map[string]any
		if i == 0 {
			extra = map[string]any{"releasability": map[string]any{"tlp": "CLEAR"}}
		}
		// Every plan crosses every other at the same place and time: a
		// conflict for each pair of plans of different parties.
		if i%2 == 0 {
			must("POST", "/api/v1/flightplans", pageUser(party), line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, extra))
		} else {
			must("POST", "/api/v1/flightplans", pageUser(party), line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, extra))
		}
	}
	for i, r := range []struct{ party, tlp string }{{"us", "CLEAR"}, {"ru", ""}, {"us", "GREEN"}, {"us", ""}, {"ru", "CLEAR"}} {
		body := map[string]any{"name": fmt.Sprint("Box ", i), "geometry": map[string]any{"type": "Polygon",
			"coordinates": [][][]float64{{{39, 33 + float64(i)/2}, {39.3, 33 + float64(i)/2}, {39.3, 33.3 + float64(i)/2}, {39, 33 + float64(i)/2}}}},
			"floor_ft": 0, "ceiling_ft": 10000, "start": t0.Format(time.RFC3339), "end": t0.Add(time.Hour).Format(time.RFC3339)}
		if r.tlp != "" {
			body["releasability"] = map[string]any{"tlp": r.tlp}
		}
		must("POST", "/api/v1/reservations", pageUser(r.party), body)
	}
}

package app

import (
	"strings"
	"testing"
	"time"
)

// TestStateChangesRequireIfMatch: every route that changes an existing
// record and is listed in the README's If-Match table refuses a request
// without If-Match (428) or with a stale one (412), and neither appends to
// the log.
func TestStateChangesRequireIfMatch(t *testing.T) {
	n := domainNode(t)
	t0 := flightTimes()
	start := time.Now().UTC().Add(100 * time.Hour).Truncate(time.Second)
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "If-Match hospital"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}}, "buffer_m": 300, "parties": []string{"ru", "us"}}
	movement := map[string]any{"route": map[string]any{"type": "LineString", "coordinates": [][]float64{{37, 36}, {37.1, 36.1}}},
		"window":   map[string]string{"start": start.Format(time.RFC3339), "end": start.Add(8 * time.Hour).Format(time.RFC3339)},
		"vehicles": 3, "cargo": "food", "parties": []string{"ru"}}
	plan := line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)
	zone := zoneBody("2016-07-01T00:00:00Z")
	incident := incidentBody("ifmatch", 37.2, 36.2, "GREEN")
	assess := map[string]any{"verdict": "confirmed", "reasoning": "checked imagery"}
	cancel := map[string]any{"reason": "no longer needed"}

	create := func(path, user string, body any) (string, string) {
		t.Helper()
		out, etag := n.must(201, "POST", path, user, "", body)
		return out["id"].(string), etag
	}
	siteID, siteTag := create("/api/v1/sites", "un-liaison", site)
	movID, movTag := create("/api/v1/movements", "un-liaison", movement)
	planID, planTag := create("/api/v1/flightplans", "us-liaison", plan)
	zoneID, zoneTag := create("/api/v1/zones", "us-liaison", zone)
	incID, incTag := create("/api/v1/incidents", "us-reporter", incident)
	rsvID, _ := create("/api/v1/reservations", "us-liaison", reservation(t0, 0, 25000))

	for _, c := range []struct {
		name, method, path, user, etag string
		body                           any
	}{
		{"amend a flight plan", "PUT", "/api/v1/flightplans/" + planID, "us-liaison", planTag, plan},
		{"update a site", "PUT", "/api/v1/sites/" + siteID, "un-liaison", siteTag, site},
		{"update a movement", "PUT", "/api/v1/movements/" + movID, "un-liaison", movTag, movement},
		{"propose a zone version", "POST", "/api/v1/zones/" + zoneID + "/versions", "us-liaison", zoneTag, zone},
		{"assess an incident", "POST", "/api/v1/incidents/" + incID + "/assessments", "ru-analyst", incTag, assess},
		{"cancel a site", "POST", "/api/v1/sites/" + siteID + "/cancel", "un-liaison", "", cancel},
		{"cancel a movement", "POST", "/api/v1/movements/" + movID + "/cancel", "un-liaison", "", cancel},
		{"cancel a flight plan", "POST", "/api/v1/flightplans/" + planID + "/cancel", "us-liaison", "", cancel},
		{"cancel a reservation", "POST", "/api/v1/reservations/" + rsvID + "/cancel", "us-liaison", "", cancel},
	} {
		t.Run(c.name, func(t *testing.T) {
			size := n.logSize()
			if st, out, _ := n.call(c.method, c.path, c.user, "", c.body); st != 428 || out["type"] != "/problems/precondition-required" {
				t.Errorf("without If-Match: %d %v, want 428", st, out)
			}
			if st, out, _ := n.call(c.method, c.path, c.user, `"999999"`, c.body); st != 412 {
				t.Errorf("stale If-Match: %d %v, want 412", st, out)
			}
			if got := n.logSize(); got != size {
				t.Errorf("refused changes appended %d entries", got-size)
			}
			etag := c.etag
			if etag == "" { // the record, read now (a cancellation ends the previous rows' records)
				etag = n.etagOf(strings.TrimSuffix(c.path, "/cancel"), c.user)
			}
			if st, out, _ := n.call(c.method, c.path, c.user, etag, c.body); st >= 300 {
				t.Errorf("with the current ETag %s: %d %v", c.etag, st, out)
			}
		})
	}
}

// etagOf returns the ETag of a GET of path as user.
func (n *testNode) etagOf(path, user string) string {
	n.t.Helper()
	code, body, h := n.do("GET", path, user, nil)
	if code != 200 || h.Get("ETag") == "" {
		n.t.Fatalf("GET %s as %s: %d %s (ETag %q)", path, user, code, body, h.Get("ETag"))
	}
	return h.Get("ETag")
}

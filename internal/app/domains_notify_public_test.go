package app

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestNoNotifiedSiteIsPublic notifies sites and a movement (AMBER and
// GREEN, the widest a notification may be; CLEAR is refused with 422),
// records a site deliberately not notified, and
// sweeps every public GET route, the OGC collections and the exports as
// the public: no id, name or coordinate of a notification appears.
func TestNoNotifiedSiteIsPublic(t *testing.T) {
	n := newTestNode(t)
	var secrets []string
	site := func(name string, lon, lat float64, tlp string) map[string]any {
		return map[string]any{"kind": "hospital", "names": map[string]string{"en": name},
			"location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}, "buffer_m": 300,
			"parties": []string{"ru", "us"}, "releasability": map[string]any{"tlp": tlp}}
	}
	before := n.app.Hashes.Size()
	if code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site("Public hospital", 37.01, 36.01, "CLEAR")); code != 422 || n.app.Hashes.Size() != before {
		t.Fatalf("a CLEAR notification: %d %s, want 422 and no entry", code, body)
	}
	for _, s := range []struct {
		name, tlp string
		lon, lat  float64
	}{{"Zzsecret amber hospital", "AMBER", 37.0123, 36.3456}, {"Zzsecret green hospital", "GREEN", 37.0789, 36.3987}} {
		code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site(s.name, s.lon, s.lat, s.tlp))
		if code != 201 {
			t.Fatalf("notify %s: %d %s", s.name, code, body)
		}
		var x struct{ ID string }
		json.Unmarshal(body, &x)
		secrets = append(secrets, x.ID, s.name, "37.0123", "37.0789", "36.3456", "36.3987")
	}
	// A site deliberately not notified is never public either.
	withheld := site("Zzsecret withheld clinic", 37.0555, 36.3777, "AMBER+STRICT")
	withheld["withheld"], withheld["parties"] = true, []string{}
	if code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", withheld); code != 201 {
		t.Fatalf("withheld site: %d %s", code, body)
	}
	secrets = append(secrets, "Zzsecret withheld clinic", "37.0555", "36.3777")
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	code, body, _ := n.do("POST", "/api/v1/movements", "un-liaison", map[string]any{
		"route":    map[string]any{"type": "LineString", "coordinates": [][]float64{{37.0456, 36.3111}, {37.0999, 36.3222}}},
		"window":   map[string]string{"start": start.Format(time.RFC3339), "end": start.Add(6 * time.Hour).Format(time.RFC3339)},
		"vehicles": 4, "cargo": "food", "origin": "Zzsecret origin", "parties": []string{"ru"}, "releasability": map[string]any{"tlp": "GREEN"}})
	if code != 201 {
		t.Fatalf("notify movement: %d %s", code, body)
	}
	var m struct{ ID string }
	json.Unmarshal(body, &m)
	secrets = append(secrets, m.ID, "Zzsecret origin", "37.0456", "36.3111")

	paths := []string{"/api/v1/sites", "/api/v1/movements", "/api/v1/sites/" + secrets[0], "/api/v1/movements/" + m.ID,
		"/api/v1/log/entries", "/api/v1/log/entries?limit=1000", "/api/v1/alerts", "/api/v1/zones", "/api/v1/incidents",
		"/api/v1/exports/stix", "/api/v1/ui/config", "/api/v1/flightplans", "/api/v1/reservations", "/api/v1/conflicts",
		"/ogc/collections", "/ogc/collections/sites/items", "/ogc/collections/movements/items"}
	for _, f := range []string{"geojson", "csv", "kml"} {
		paths = append(paths, "/api/v1/exports/sites?format="+f, "/api/v1/exports/movements?format="+f)
	}
	for seq := before; seq < n.app.Hashes.Size(); seq++ {
		paths = append(paths, fmt.Sprint("/api/v1/log/entries/", seq))
	}
	for _, p := range paths {
		_, body, _ := n.do("GET", p, "", nil)
		for _, s := range secrets {
			// A 404 names the path asked for (its instance): not a leak.
			if strings.Contains(string(body), s) && !strings.Contains(p, s) {
				t.Errorf("the public sees %q at %s", s, p)
			}
		}
	}
}

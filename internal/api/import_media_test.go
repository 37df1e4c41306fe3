package api_test

import (
	"strings"
	"testing"
)

// TestImportsRefuseOtherMediaTypes: a file sent as text/plain (or a form)
// is refused with 415 even when format= names the format, and nothing is
// imported.
func TestImportsRefuseOtherMediaTypes(t *testing.T) {
	n := newImportNode(t, "us-reporter", "us-liaison", "us-observer")
	csv := "category,time_start,lon,lat\nshelling,2024-03-01T10:00:00Z,37.1,36.2\n"
	geojson := `{"type":"FeatureCollection","features":[]}`
	for _, c := range []struct{ name, path, user, ctype, body string }{
		{"incidents csv as text/plain", "/api/v1/incidents:import?format=csv", "us-reporter", "text/plain", csv},
		{"incidents geojson as a form", "/api/v1/incidents:import?format=geojson", "us-reporter", "application/x-www-form-urlencoded", geojson},
		{"incidents geojson as csv", "/api/v1/incidents:import?format=geojson", "us-reporter", "text/csv", geojson},
		{"zones kml as text/plain", "/api/v1/zones:import?format=kml", "us-liaison", "text/plain", kmlTestZones},
		{"stix bundle as text/plain", "/api/v1/stix/bundles", "us-reporter", "text/plain", `{"type":"bundle","id":"bundle--1","objects":[]}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, _ := n.do("POST", c.path, c.user, c.ctype, []byte(c.body))
			if code != 415 || !strings.Contains(string(out), "unsupported-media-type") {
				t.Fatalf("%d %s, want 415", code, out)
			}
		})
	}
	if out := n.must(200, "GET", "/api/v1/incidents", "us-observer", nil); strings.Contains(string(out), `"id"`) {
		t.Errorf("a refused import created incidents: %s", out)
	}
	if got := len(n.zones().Items); got != 0 {
		t.Errorf("a refused import created %d zones", got)
	}
}

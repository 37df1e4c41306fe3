package ogc_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestBadParametersAreProblems checks that every bad parameter gets a 400
// RFC 9457 problem naming it (and the character, for a filter) and that
// the log does not grow.
func TestBadParametersAreProblems(t *testing.T) {
	n := newNode(t)
	items := "/ogc/collections/incidents/items?"
	cases := []struct {
		name, path, user string
		status           int
		field, detail    string
	}{
		{"unknown parameter", items + "colour=red", "", 400, "colour", "not a parameter"},
		{"bbox not numbers", items + "bbox=a,b,c,d", "", 400, "bbox", "not a number"},
		{"bbox three numbers", items + "bbox=1,2,3", "", 400, "bbox", "minLon,minLat"},
		{"bbox inverted", items + "bbox=38,36,37,37", "", 400, "bbox", "minLon ≤ maxLon"},
		{"bbox-crs", items + "bbox-crs=EPSG:3857", "", 400, "bbox-crs", "CRS84"},
		{"datetime", items + "datetime=yesterday", "", 400, "datetime", "RFC 3339"},
		{"datetime reversed", items + "datetime=2016-08-01T00:00:00Z/2016-07-01T00:00:00Z", "", 400, "datetime", "ends before"},
		{"limit zero", items + "limit=0", "", 400, "limit", "at least 1"},
		{"format", items + "f=xml", "", 400, "f", "json, geojson or html"},
		{"cursor", items + "cursor=!!", "", 400, "cursor", "cursor"},
		{"filter-lang", items + "filter-lang=cql2-json&filter=" + url.QueryEscape("status='confirmed'"), "", 400, "filter-lang", "cql2-text"},
		{"filter syntax", items + "filter=" + url.QueryEscape("status = 'confirmed' AND"), "", 400, "filter", "at character 25 (the end): the filter ends where a property or a value is expected"},
		{"filter property", items + "filter=" + url.QueryEscape("colour = 'red'"), "", 400, "filter", `at character 1 (near "colour = 'red'"): unknown property "colour"`},
		{"filter type", items + "filter=" + url.QueryEscape("killed = 'many'"), "", 400, "filter", "cannot compare an integer with a string"},
		{"filter wkt", items + "filter=" + url.QueryEscape("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0.5)))"), "", 400, "filter", "must end at its first position"},
		{"unknown collection", "/ogc/collections/targets/items", "", 404, "", `no collection "targets"`},
		{"unknown path", "/ogc/nothing", "", 404, "", ""},
		{"bad query token", items + "access_token=nonsense", "", 401, "", ""},
		{"token twice", items + "access_token=" + url.QueryEscape(n.tokens["us-liaison"]), "us-liaison", 400, "access_token", "once"},
		{"export format", "/api/v1/exports/incidents?format=shp", "", 400, "format", "geojson, kml, csv, hxl"},
		{"export csv of zones", "/api/v1/exports/zones?format=csv", "", 400, "format", "incidents, sites and movements"},
		{"export unknown parameter", "/api/v1/exports/sites?category=air_strike", "", 400, "category", "not a parameter"},
		{"export incident filter", "/api/v1/exports/incidents?category=invasion", "", 400, "", "category"},
		{"export filter", "/api/v1/exports/incidents?filter=" + url.QueryEscape("status IN ('a',"), "", 400, "filter", "at character"},
		{"export unknown collection", "/api/v1/exports/targets", "", 404, "", `no collection "targets"`},
	}
	before := n.app.Hashes.Size()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, body, h := n.do("GET", tc.path, tc.user, nil)
			if code != tc.status {
				t.Fatalf("status %d, want %d: %s", code, tc.status, body)
			}
			if ct := h.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type %q: %s", ct, body)
			}
			var p struct {
				Type, Title, Detail string
				Status              int
				Errors              []struct{ Field, Reason string }
			}
			if err := json.Unmarshal(body, &p); err != nil || p.Status != tc.status || p.Title == "" {
				t.Fatalf("not a problem: %s", body)
			}
			if !strings.Contains(p.Detail, tc.detail) {
				t.Fatalf("detail %q does not say %q", p.Detail, tc.detail)
			}
			if tc.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tc.field) {
				t.Fatalf("errors %+v do not name %s", p.Errors, tc.field)
			}
		})
	}
	if after := n.app.Hashes.Size(); after != before {
		t.Fatalf("bad requests appended %d entries", after-before)
	}
}

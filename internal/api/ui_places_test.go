package api_test

import (
	"encoding/json"
	"testing"

	"truce/internal/gazetteer"
)

// TestPlacesCarryTheGeoNamesCredit checks that both forms of GET
// /api/v1/places (search and map labels) credit GeoNames with its licence,
// in the body and in a Link header, beside the items the UI reads.
func TestPlacesCarryTheGeoNamesCredit(t *testing.T) {
	n := newImportNode(t)
	for _, path := range []string{"/api/v1/places?q=Aleppo", "/api/v1/places?min_population=500000"} {
		code, out, h := n.do("GET", path, "", "application/json", nil)
		var body struct {
			Items       []map[string]any `json:"items"`
			Attribution string           `json:"attribution"`
			License     string           `json:"license"`
		}
		if code != 200 || json.Unmarshal(out, &body) != nil {
			t.Fatalf("GET %s: %d %s", path, code, out)
		}
		if len(body.Items) == 0 || body.Items[0]["name"] == nil {
			t.Errorf("GET %s: items %v; want places with names", path, body.Items)
		}
		if body.Attribution != gazetteer.Attribution() || body.License != gazetteer.LicenseURL {
			t.Errorf("GET %s: attribution %q, license %q", path, body.Attribution, body.License)
		}
		if want := "<" + gazetteer.LicenseURL + `>; rel="license"`; h.Get("Link") != want {
			t.Errorf("GET %s: Link %q, want %q", path, h.Get("Link"), want)
		}
	}
}

package api_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"truce/internal/stix"
	"truce/internal/stix/stixtest"
	"truce/internal/testwait"
)

// TestSTIXTermsExportReleasesOnlyWhatTheCallerMaySee exports the terms as
// the public, un (outside an AMBER agreement and passage of the
// co-chairs), ru (inside them, outside a RED incident of us that breaks a
// GREEN agreement) and us (who sees it all): each bundle validates against
// the OASIS schemas and holds exactly what its reader may see; a query
// parameter is a 400 problem.
func TestSTIXTermsExportReleasesOnlyWhatTheCallerMaySee(t *testing.T) {
	n := newImportNode(t, "us-liaison", "ru-liaison", "us-reporter", "un-liaison")
	var out struct {
		ID string `json:"id"`
	}
	post := func(user, path string, body any) string {
		t.Helper()
		out.ID = ""
		if err := json.Unmarshal(n.must(201, "POST", path, user, body), &out); err != nil {
			t.Fatal(err)
		}
		return out.ID
	}
	zone := post("us-liaison", "/api/v1/zones", map[string]any{"kind": "ceasefire_area", "name": "Front",
		"geometry":       map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{36.9, 35.9}, {37.3, 35.9}, {37.3, 36.3}, {36.9, 36.3}, {36.9, 35.9}}}},
		"effective_from": "2016-07-01T00:00:00Z"})
	n.must(201, "POST", "/api/v1/zones/"+zone+"/versions/1/agreements", "ru-liaison", nil)
	agreement := func(title string, rel map[string]any) string {
		body := map[string]any{"title": title, "text": "Signed text of " + title, "parties": []string{"us", "ru"},
			"effective_from": "2016-07-01T00:00:00Z", "obligations": []map[string]any{{"key": "heavy", "title": "No shelling in the zone",
				"rule": map[string]any{"kind": "no_weapons_in_zone", "zone_id": zone, "from": "2016-07-01T00:00:00Z", "classes": []string{"shelling_missile"}}}}}
		if rel != nil {
			body["releasability"] = rel
		}
		id := post("us-liaison", "/api/v1/agreements", body)
		n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", nil)
		return id
	}
	amber := agreement("Co-chairs' memorandum", map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}})
	green := agreement("Public ceasefire", nil)
	passage := post("us-liaison", "/api/v1/passages", map[string]any{"kind": "safe_passage", "name": "Corridor M10",
		"geometry":    map[string]any{"type": "LineString", "coordinates": [][]float64{{37.1, 36.1}, {37.2, 36.2}}},
		"window_from": "2026-01-01T00:00:00Z", "window_until": "2099-01-01T00:00:00Z", "traffic": []string{"civilians"},
		"parties":       []string{"us", "ru"},
		"contacts":      []map[string]any{{"party": "us", "name": "Liaison US", "channel": "VHF 41.5"}, {"party": "ru", "name": "Liaison RU", "channel": "+7 000 000"}},
		"releasability": map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}}})
	red := n.report("us-reporter", map[string]any{"category": "shelling_missile", "time": map[string]string{"start": "2016-07-12T14:30:00Z", "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}, "location_precision": "1km",
		"narrative": "Shelling inside the zone.", "releasability": map[string]any{"tlp": "RED", "audience": []string{"us"}}})
	testwait.For(t, 2*time.Minute, "the breach of the GREEN agreement is recorded", func() bool {
		_, body, _ := n.do("GET", "/api/v1/agreements/"+green+"/compliance", "us-liaison", "", nil)
		return bytes.Contains(body, []byte(red.ID))
	})
	breach := stix.ID("relationship", green+":heavy:breach:incident:"+red.ID)

	for _, tc := range []struct {
		user string
		see  []string
		miss []string
	}{
		{"", nil, []string{amber, green, passage, breach}},
		{"un-liaison", []string{stix.AgreementID(green), stix.ObligationID(green, "heavy")}, []string{amber, passage, breach, red.ID}},
		{"ru-liaison", []string{stix.AgreementID(amber), stix.AgreementID(green), stix.PassageID(passage)}, []string{breach, red.ID}},
		{"us-liaison", []string{stix.AgreementID(amber), stix.AgreementID(green), stix.PassageID(passage), breach, stix.ID("incident", red.ID)}, nil},
	} {
		code, body, h := n.do("GET", "/api/v1/exports/stix/terms", tc.user, "", nil)
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/stix+json") {
			t.Fatalf("terms export as %q: %d %s", tc.user, code, body)
		}
		_, errs := stixtest.Bundle(body)
		for _, err := range errs {
			t.Errorf("terms export as %q: %v", tc.user, err)
		}
		for _, s := range tc.see {
			if !bytes.Contains(body, []byte(s)) {
				t.Errorf("terms export as %q lacks %s", tc.user, s)
			}
		}
		for _, s := range tc.miss {
			if bytes.Contains(body, []byte(s)) {
				t.Errorf("terms export as %q holds %s, which it may not see", tc.user, s)
			}
		}
	}
	code, body, h := n.do("GET", "/api/v1/exports/stix/terms?category=x", "us-liaison", "", nil)
	if code != 400 || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
		t.Errorf("terms export with a parameter: %d %s", code, body)
	}
}

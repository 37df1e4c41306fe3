package app

import (
	"encoding/json"
	"slices"
	"testing"
	"time"
)

// TestNotificationQualityFlags submits hand-made bad notifications over the
// API: each is flagged by POST …/check, refused with 409 (changing
// nothing) until the notifier confirms the flag, and once confirmed shows
// the flag to the notified party.
func TestNotificationQualityFlags(t *testing.T) {
	n := newTestNode(t)
	site := func(lon, lat float64, name string) map[string]any {
		return map[string]any{"kind": "hospital", "names": map[string]string{"en": name},
			"location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}, "buffer_m": 300, "parties": []string{"ru", "us"}}
	}
	if code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site(37.1652, 36.2021, "M10 hospital")); code != 201 {
		t.Fatalf("first site: %d %s", code, body)
	}
	start := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Hour)
	convoy := func(window time.Duration, coords [][]float64) map[string]any {
		return map[string]any{"route": map[string]any{"type": "LineString", "coordinates": coords},
			"window":   map[string]string{"start": start.Format(time.RFC3339), "end": start.Add(window).Format(time.RFC3339)},
			"vehicles": 12, "cargo": "food", "parties": []string{"ru"}}
	}
	for _, tc := range []struct {
		name, path string
		body       map[string]any
		flag       string
	}{
		{"a hospital in the sea", "/api/v1/sites", site(34.5, 34.8, "Field hospital"), "not_on_land"},
		{"a hospital outside the area", "/api/v1/sites", site(2.35, 48.85, "Field hospital"), "not_on_land"},
		{"the same hospital again, 40 m away", "/api/v1/sites", site(37.1656, 36.2022, "Al-Shifa hospital"), "duplicate"},
		{"a hospital named for a town 200 km away", "/api/v1/sites", site(37.13, 36.25, "Tadmur hospital"), "name_place_mismatch"},
		{"a convoy at 150 km/h", "/api/v1/movements", convoy(2*time.Hour, [][]float64{{37.1652, 36.2021}, {36.29, 33.51}}), "not_drivable"},
		{"a convoy through the sea", "/api/v1/movements", convoy(10*time.Hour, [][]float64{{35.9, 35.5}, {34.5, 34.8}, {35.5, 33.9}}), "not_on_land"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := n.do("POST", tc.path+"/check", "un-liaison", tc.body)
			var checked struct{ Flags []struct{ Code string } }
			json.Unmarshal(body, &checked)
			if code != 200 || len(checked.Flags) != 1 || checked.Flags[0].Code != tc.flag {
				t.Fatalf("check: %d %s, want the flag %s", code, body, tc.flag)
			}
			before := n.app.Hashes.Size()
			code, body, h := n.do("POST", tc.path, "un-liaison", tc.body)
			if code != 409 || h.Get("Content-Type") != "application/problem+json" || n.app.Hashes.Size() != before {
				t.Fatalf("unconfirmed: %d %s, want a 409 problem and no entry", code, body)
			}
			tc.body["confirm_flags"] = []string{tc.flag}
			code, body, _ = n.do("POST", tc.path, "un-liaison", tc.body)
			if code != 201 {
				t.Fatalf("confirmed: %d %s", code, body)
			}
			var made struct{ ID string }
			json.Unmarshal(body, &made)
			_, body, _ = n.do("GET", tc.path+"/"+made.ID, "ru-liaison", nil)
			var seen struct {
				Site, Movement *struct{ Flags []struct{ Code string } }
			}
			json.Unmarshal(body, &seen)
			rec := seen.Site
			if rec == nil {
				rec = seen.Movement
			}
			if rec == nil || !slices.ContainsFunc(rec.Flags, func(f struct{ Code string }) bool { return f.Code == tc.flag }) {
				t.Fatalf("the notified party does not see the flag: %s", body)
			}
		})
	}
	before := n.app.Hashes.Size()
	bad := site(37.3, 36.1, "Clinic")
	bad["flags"] = []map[string]string{{"code": "none"}}
	if code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", bad); code != 422 || n.app.Hashes.Size() != before {
		t.Fatalf("client-sent flags: %d %s, want 422 and no entry", code, body)
	}
}

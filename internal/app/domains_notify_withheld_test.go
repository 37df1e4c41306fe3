package app

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestSiteDeliberatelyNotNotified checks a site recorded as deliberately
// not notified over the API: kept to its organisation (no party, no
// co-chair, not the public), asking no receipt, refused with 422 if it
// names parties or a wider release (nothing written), notified later by an
// update, and never withheld again once notified (409).
func TestSiteDeliberatelyNotNotified(t *testing.T) {
	n := newTestNode(t)
	n.addAgency("ngo")
	site := func(withheld bool, parties []string) map[string]any {
		return map[string]any{"kind": "clinic", "names": map[string]string{"en": "Hidden clinic"}, "withheld": withheld,
			"location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.19}}, "buffer_m": 200, "parties": parties}
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"names a party", site(true, []string{"ru"}), "parties"},
		{"released to every member", func() map[string]any {
			b := site(true, nil)
			b["releasability"] = map[string]any{"tlp": "GREEN"}
			return b
		}(), "releasability.tlp"},
		{"released to another party", func() map[string]any {
			b := site(true, nil)
			b["releasability"] = map[string]any{"tlp": "AMBER+STRICT", "audience": []string{"us"}}
			return b
		}(), "releasability.audience"},
	} {
		before := n.app.Hashes.Size()
		code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", tc.body)
		if code != 422 || !strings.Contains(string(body), tc.field) || n.app.Hashes.Size() != before {
			t.Fatalf("%s: %d %s, want 422 naming %s and no entry", tc.name, code, body, tc.field)
		}
	}

	code, body, _ := n.do("POST", "/api/v1/sites", "un-liaison", site(true, nil))
	if code != 201 {
		t.Fatalf("withheld: %d %s", code, body)
	}
	var made struct {
		ID      string
		Seq     int64
		Release struct {
			TLP      string
			Audience []string
		} `json:"releasability"`
		Acks []any `json:"acknowledgements"`
		Site struct{ Withheld bool }
	}
	json.Unmarshal(body, &made)
	if !made.Site.Withheld || len(made.Acks) != 0 || made.Release.TLP != "AMBER+STRICT" || strings.Join(made.Release.Audience, ",") != "un" {
		t.Fatalf("withheld site: %s", body)
	}
	code, body, _ = n.do("GET", "/api/v1/log/entries/"+jsonNumber(made.Seq), "un-liaison", nil)
	if code != 200 || !strings.Contains(string(body), `"kind":"site.withheld"`) {
		t.Fatalf("its entry: %d %s", code, body)
	}
	path := "/api/v1/sites/" + made.ID
	for _, user := range []string{"ru-liaison", "us-liaison", "ngo-liaison", ""} {
		if code, _, _ := n.do("GET", path, user, nil); code != 404 {
			t.Fatalf("%q reads the withheld site: %d, want 404", user, code)
		}
		_, body, _ := n.do("GET", "/api/v1/sites", user, nil)
		if strings.Contains(string(body), made.ID) {
			t.Fatalf("%q lists the withheld site: %s", user, body)
		}
	}
	// Another agency's submission next to it is not told of it.
	code, body, _ = n.do("POST", "/api/v1/sites/check", "ngo-liaison", site(false, []string{"us"}))
	if code != 200 || strings.Contains(string(body), made.ID) {
		t.Fatalf("ngo's check: %d %s", code, body)
	}

	// The organisation notifies it later: ru is then to acknowledge it.
	code, body, _ = n.do2("PUT", path, "un-liaison", withIfMatch(site(false, []string{"ru"}), n.etagOf(path, "un-liaison")))
	if code != 200 {
		t.Fatalf("notify it: %d %s", code, body)
	}
	code, body, _ = n.do("GET", path, "ru-liaison", nil)
	if code != 200 || !strings.Contains(string(body), `"status":"pending"`) || strings.Contains(string(body), `"withheld"`) {
		t.Fatalf("ru reads it once notified: %d %s", code, body)
	}
	// Once notified, it cannot be withheld again.
	before := n.app.Hashes.Size()
	code, body, _ = n.do2("PUT", path, "un-liaison", withIfMatch(site(true, nil), n.etagOf(path, "un-liaison")))
	if code != 409 || n.app.Hashes.Size() != before {
		t.Fatalf("withhold a notified site: %d %s, want 409 and no entry", code, body)
	}
}

func jsonNumber(v int64) string { b, _ := json.Marshal(v); return string(b) }

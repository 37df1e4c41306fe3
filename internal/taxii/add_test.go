package taxii_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"testing"
)

// envelope returns a TAXII envelope with one incident (STIX id id), its
// location and located-at relationship, marked TLP:GREEN; without the
// relationship when located is false.
func envelope(id string, located bool) []byte {
	loc := "location--" + id[len("incident--"):]
	objs := []map[string]any{
		{"type": "incident", "spec_version": "2.1", "id": id, "created": "2016-09-01T10:00:00.000Z", "modified": "2016-09-01T10:00:00.000Z",
			"name": "Shelling near the mill", "description": "Shelling reported near the mill by a partner feed",
			"object_marking_refs": []string{"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"}},
		{"type": "location", "spec_version": "2.1", "id": loc, "created": "2016-09-01T10:00:00.000Z", "modified": "2016-09-01T10:00:00.000Z",
			"latitude": 36.2, "longitude": 37.1, "precision": 1000},
	}
	if located {
		objs = append(objs, map[string]any{"type": "relationship", "spec_version": "2.1", "id": "relationship--" + id[len("incident--"):],
			"created": "2016-09-01T10:00:00.000Z", "modified": "2016-09-01T10:00:00.000Z", "relationship_type": "located-at",
			"source_ref": id, "target_ref": loc})
	}
	b, _ := json.Marshal(map[string]any{"objects": objs})
	return b
}

// TestPushEnvelope posts envelopes as TAXII clients do: a caller who may
// report imports incident objects, all or nothing, and reads its status;
// everyone else, and every bad envelope, is refused and changes nothing.
func TestPushEnvelope(t *testing.T) {
	n := newNode(t)
	path := n.collectionPath() + "objects/"
	const good = "incident--6b0f2a52-6c3e-4f4e-9a57-3c1d2b7e8f01"
	const bad = "incident--6b0f2a52-6c3e-4f4e-9a57-3c1d2b7e8f02"
	taxii := []string{"Content-Type", "application/taxii+json;version=2.1"}
	served := func(id string) int {
		var p page
		n.get(path+"?"+url.Values{"match[id]": {id}}.Encode(), "ru-observer", &p)
		return len(p.Objects)
	}
	for _, tc := range []struct {
		name, user string
		body       []byte
		headers    []string
		code       int
	}{
		{"the public", "", envelope(bad, true), taxii, 401},
		{"an observer", "ru-observer", envelope(bad, true), taxii, 403},
		{"plain JSON", "ru-reporter", envelope(bad, true), []string{"Content-Type", "application/json"}, 415},
		{"not an envelope", "ru-reporter", []byte(`[1,2]`), taxii, 400},
		{"no objects array", "ru-reporter", []byte(`{"objects":{}}`), taxii, 400},
		{"an incident without location", "ru-reporter", envelope(bad, false), taxii, 422},
		{"an invalid STIX object", "ru-reporter", []byte(`{"objects":[{"type":"incident","id":"incident--x"}]}`), taxii, 422},
	} {
		code, out, _ := n.do("POST", path, tc.user, tc.body, tc.headers...)
		if code != tc.code {
			t.Errorf("%s: %d, want %d: %s", tc.name, code, tc.code, out)
		}
	}
	if k := served(bad); k != 0 {
		t.Fatalf("a refused envelope imported %d objects", k)
	}
	for round := range 2 { // the second post is idempotent
		code, out, h := n.do("POST", path, "ru-reporter", envelope(good, true), taxii...)
		var st struct {
			ID           string `json:"id"`
			Status       string `json:"status"`
			SuccessCount int    `json:"success_count"`
			Successes    []struct{ ID string }
		}
		if code != 202 || json.Unmarshal(out, &st) != nil || st.Status != "complete" || st.SuccessCount != 1 || st.Successes[0].ID != good {
			t.Fatalf("round %d: %d %s", round, code, out)
		}
		if loc := h.Get("Location"); loc != fmt.Sprintf("/taxii2/truce/status/%s/", st.ID) {
			t.Errorf("Location %q", loc)
		}
		var again struct{ Status string }
		n.get("/taxii2/truce/status/"+st.ID+"/", "ru-reporter", &again)
		if again.Status != "complete" {
			t.Errorf("status: %+v", again)
		}
		if code, _, _ := n.do("GET", "/taxii2/truce/status/"+st.ID+"/", "us-reporter", nil); code != 404 {
			t.Errorf("another user read the status: %d", code)
		}
		if k := served(good); k != 1 {
			t.Fatalf("round %d: the imported incident is served %d times", round, k)
		}
	}
}

package app

import (
	"bytes"
	"encoding/json"
	"testing"

	"truce/internal/findings"
	"truce/internal/proofbundle"
)

// TestIncidentProofBundle exports an incident's finding over the API as a
// proof bundle and checks it offline with the node's key alone: both
// co-chairs' acceptance of the monitors' fact is proven. Each caller's
// bundle holds only the entries it may read (the monitors' restricted
// field tasking is in un's bundle, not in us's, and not derivable from it);
// a party that may not see the incident gets 404 and no entry; the public
// gets 401.
func TestIncidentProofBundle(t *testing.T) {
	n := domainNode(t)
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("p1", 37.1, 36.1, "GREEN"))
	id := inc["id"].(string)
	path := "/api/v1/incidents/" + id
	n.must(201, "POST", path+"/investigation/open", "un-analyst", "", map[string]any{"note": "preliminary"})
	n.must(201, "POST", path+"/investigation/task", "un-analyst", "", map[string]any{"task": "t1", "team": []string{"Team Alpha"},
		"where": "market square", "from": "2016-07-11T08:00:00Z", "to": "2016-07-11T12:00:00Z"})
	n.must(201, "POST", path+"/fact", "un-analyst", "", map[string]any{"what": "a rocket hit the market", "where": "market square",
		"when": "2016-07-10T08:00Z", "confidence": "high"})
	n.must(201, "POST", path+"/positions", "us-analyst", "", map[string]any{"on_finding": "accepts", "statement": "agreed"})
	n.must(201, "POST", path+"/positions", "ru-analyst", "", map[string]any{"on_finding": "accepts", "statement": "agreed"})
	secret, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("p2", 37.2, 36.2, "AMBER", "us"))

	pins := proofbundle.Pins{LogKeys: []string{n.app.Keys.VerifierKey}}
	export := func(user string) (*proofbundle.Bundle, []byte) {
		t.Helper()
		code, body, h := n.do("GET", path+"/proof", user, nil)
		if code != 200 || h.Get("Content-Type") != "application/json" {
			t.Fatalf("%s: %d %s", user, code, body)
		}
		b, err := proofbundle.Parse(body)
		if err != nil {
			t.Fatal(err)
		}
		return b, body
	}
	usBundle, usRaw := export("us-liaison")
	v, err := proofbundle.Verify(usBundle, pins)
	if err != nil {
		t.Fatal(err)
	}
	var out findings.View
	if err := json.Unmarshal(v.Outcome, &out); err != nil || out.Agreement == "" || len(out.Positions) != 2 {
		t.Fatalf("us's bundle does not prove both co-chairs' acceptance: %s (%v)", v.Outcome, err)
	}
	for _, e := range v.Entries {
		if e.Kind == findings.KindTeamTasked {
			t.Fatalf("us's bundle holds the monitors' restricted tasking, entry %d", e.Seq)
		}
	}
	if bytes.Contains(usRaw, []byte("Team Alpha")) || bytes.Contains(usRaw, []byte("market square\",\"from")) {
		t.Fatal("us's bundle leaks the tasking's text")
	}
	unBundle, _ := export("un-liaison")
	if len(unBundle.Statements) != len(usBundle.Statements)+1 {
		t.Fatalf("un's bundle has %d statements, us's %d: want un's to add its tasking", len(unBundle.Statements), len(usBundle.Statements))
	}
	if _, err := proofbundle.Verify(unBundle, pins); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		user, path string
		code       int
	}{
		{"ru-liaison", "/api/v1/incidents/" + secret["id"].(string) + "/proof", 404},
		{"us-liaison", "/api/v1/incidents/inc_nope/proof", 404},
		{"", path + "/proof", 401},
	} {
		code, body, h := n.do("GET", tc.path, tc.user, nil)
		if code != tc.code || h.Get("Content-Type") != "application/problem+json" || bytes.Contains(body, []byte(`"statements"`)) {
			t.Errorf("%s %s: %d %s, want a %d problem and no entry", tc.user, tc.path, code, body, tc.code)
		}
	}
}

package app

import (
	"context"
	"testing"

	"truce/internal/access"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// TestIncidentListCarriesTheFinding: GET /api/v1/incidents?findings=true
// gives each incident the layer its finding has reached, folded from what
// the caller may see only: the public reads the CLEAR layers, never a
// position or a fact released to fewer parties; a member of the audience
// reads them. A bad value is a 400.
func TestIncidentListCarriesTheFinding(t *testing.T) {
	n := domainNode(t)
	ctx := context.Background()
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("pub1", 37.1, 36.1, "CLEAR"))
	id := inc["id"].(string)
	path := "/api/v1/incidents/" + id
	n.must(201, "POST", path+"/investigation/open", "un-analyst", "", map[string]any{"note": "preliminary"})
	n.must(201, "POST", path+"/fact", "un-analyst", "", map[string]any{"what": "shelling of the market", "where": "Aleppo", "when": "2016-07-11", "confidence": "high"})
	n.must(201, "POST", path+"/attribution", "un-analyst", "", map[string]any{"state": "disputed", "reasoning": "both sides fired"})
	n.must(201, "POST", path+"/positions", "us-analyst", "", map[string]any{"on_finding": "accepts", "statement": "agreed"})
	inc2, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("pub2", 37.2, 36.2, "CLEAR"))
	id2 := inc2["id"].(string)

	// Layers released to fewer parties than the incident: ru's position
	// to ru only, and a fact to the members (GREEN).
	narrow := func(party, kind, incident string, rel access.Releasability, payload any) {
		t.Helper()
		if _, err := n.app.Sequencer.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-analyst", Kind: kind,
			Subject: incidents.Subject(incident), Release: rel, Payload: payload}}); err != nil {
			t.Fatal(err)
		}
	}
	narrow("ru", findings.KindPositionStated, id, access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru"}},
		findings.PositionStated{IncidentID: id, OnFinding: findings.StanceRejects, Statement: "staged"})
	narrow("un", findings.KindFactEstablished, id2, access.Releasability{TLP: access.TLPGreen},
		findings.FactEstablished{IncidentID: id2, What: "a strike", Where: "Homs", When: "2016-07-12", Confidence: "medium"})

	for _, tc := range []struct {
		user   string
		labels map[string]string
	}{
		{"", map[string]string{id: "fact established by the monitors; attribution disputed; us: accepts", id2: "reported; no finding"}},
		{"us-analyst", map[string]string{id: "fact established by the monitors; attribution disputed; us: accepts", id2: "fact established by the monitors"}},
		{"ru-analyst", map[string]string{id: "fact established by the monitors; attribution disputed; ru: rejects, us: accepts", id2: "fact established by the monitors"}},
	} {
		page, _ := n.must(200, "GET", "/api/v1/incidents?brief=true&findings=true", tc.user, "", nil)
		seen := 0
		for _, it := range page["items"].([]any) {
			in := it.(map[string]any)
			want, ok := tc.labels[in["id"].(string)]
			if !ok {
				continue
			}
			seen++
			f, _ := in["finding"].(map[string]any)
			if f == nil || f["label"] != want {
				t.Errorf("as %q, incident %s: finding %v, want label %q", tc.user, in["id"], f, want)
			}
		}
		if seen != len(tc.labels) {
			t.Errorf("as %q: %d of the incidents listed", tc.user, seen)
		}
	}
	page, _ := n.must(200, "GET", "/api/v1/incidents?brief=true&findings=true", "", "", nil)
	for _, it := range page["items"].([]any) {
		if f, _ := it.(map[string]any)["finding"].(map[string]any); it.(map[string]any)["id"] == id {
			ps, _ := f["parties"].([]any)
			if f["attribution"] != "disputed" || len(ps) != 1 || ps[0].(map[string]any)["party"] != "us" || ps[0].(map[string]any)["on_finding"] != "accepts" {
				t.Errorf("the public's finding fields: %v", f)
			}
		}
	}
	if page, _ := n.must(200, "GET", "/api/v1/incidents?brief=true", "", "", nil); page["items"].([]any)[0].(map[string]any)["finding"] != nil {
		t.Errorf("a listing without findings=true carries them")
	}
	n.must(400, "GET", "/api/v1/incidents?findings=yes", "", "", nil)
}

package app

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/ledger"
	"truce/internal/zones"
)

// TestJointPassageOpensOnEveryNode checks the joint state of a safe
// passage, a zone and an agreement across nodes: us's node proposes them,
// guarantees the passage and agrees to the zone and the agreement in its
// own log; node A mirrors it, where ru's liaison guarantees the passage,
// agrees to the zone and the agreement and asks the passage open; node B
// mirrors us's log and A's. The passage is open and the zone and the
// agreement in force on both A and B, each answer naming the logs it was
// computed from; a second passage that ru never guarantees never opens;
// un, outside the audience, and the public get 404.
func TestJointPassageOpensOnEveryNode(t *testing.T) {
	a, b := newTestNode(t), newTestNode(t)
	us := newPeerLog(t)
	us.db.CiteAs(peerOrigin)
	rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
	from := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
	spec := func(id string) agreements.PassageSpec {
		return agreements.PassageSpec{ID: id, Version: 1, Kind: agreements.KindSafePassage, Name: "Convoy " + id,
			Geometry: json.RawMessage(route), WindowFrom: from, WindowUntil: "2099-01-01T00:00:00Z", Traffic: []string{"aid"},
			Parties: []string{"ru", "us"}, Contacts: []agreements.Contact{{Party: "ru", Name: "a", Channel: "b"}, {Party: "us", Name: "c", Channel: "d"}}}
	}
	put := func(kind, subject string, payload any) {
		us.append(t, ledger.Draft{Party: "us", Author: "us-liaison", Kind: kind, Subject: subject, Release: rel, Payload: payload})
	}
	for _, id := range []string{"psg_fed", "psg_fed_never"} {
		put(agreements.KindPassageProposed, agreements.PassageSubject(id), agreements.PassageProposed{Release: rel, Version: spec(id)})
		put(agreements.KindPassageGuaranteed, agreements.PassageSubject(id), agreements.PassageGuaranteed{PassageID: id, Version: 1, Party: "us"})
	}
	put(zones.KindProposed, zones.Subject("zone_fed"), zones.Proposed{Release: rel, Version: zones.Spec{ZoneID: "zone_fed", Version: 1,
		Action: zones.ActionDefine, Kind: zones.KindCeasefireArea, Name: "Joint area", EffectiveFrom: from,
		Geometry: json.RawMessage(`{"type":"MultiPolygon","coordinates":[[[[36,37],[36.1,37],[36.1,37.1],[36,37.1],[36,37]]]]}`)}})
	put(zones.KindAgreed, zones.Subject("zone_fed"), zones.Agreed{ZoneID: "zone_fed", Version: 1, Party: "us"})
	put(agreements.KindProposed, agreements.Subject("agr_fed"), agreements.Proposed{Release: rel, Version: agreements.Spec{
		AgreementID: "agr_fed", Version: 1, Title: "Local truce", Parties: []string{"ru", "us"}, EffectiveFrom: from,
		Obligations: []agreements.ObligationSpec{}}})
	put(agreements.KindAgreed, agreements.Subject("agr_fed"), agreements.Agreed{AgreementID: "agr_fed", Version: 1, Party: "us"})
	us.mirrorFrom(t, a, peerOrigin, 0)
	us.mirrorFrom(t, b, peerOrigin, 0)

	a.must(201, "POST", "/api/v1/passages/psg_fed/versions/1/guarantees", "ru-liaison", "", nil)
	a.must(201, "POST", "/api/v1/zones/zone_fed/versions/1/agreements", "ru-liaison", "", nil)
	a.must(201, "POST", "/api/v1/agreements/agr_fed/versions/1/agreements", "ru-liaison", "", nil)
	_, tag := a.must(200, "GET", "/api/v1/passages/psg_fed", "ru-liaison", "", nil)
	a.must(200, "POST", "/api/v1/passages/psg_fed/status", "ru-liaison", tag, map[string]any{"status": "open"})
	_, tag = a.must(200, "GET", "/api/v1/passages/psg_fed_never", "ru-liaison", "", nil)
	a.must(409, "POST", "/api/v1/passages/psg_fed_never/status", "ru-liaison", tag, map[string]any{"status": "open"})

	// B mirrors A's log (as origin nodeAOrigin: both test nodes have one
	// origin name): every node then holds the same statements.
	(&peerLog{db: a.app.DB}).mirrorFrom(t, b, nodeAOrigin, 0)

	for name, n := range map[string]*testNode{"A": a, "B": b} {
		p, _ := n.must(200, "GET", "/api/v1/passages/psg_fed", "us-liaison", "", nil)
		if p["status"] != "open" || len(p["guarantees"].([]any)) != 2 {
			t.Errorf("node %s: passage %v with guarantees %v, want open with us's and ru's", name, p["status"], p["guarantees"])
		}
		if got := logsOf(p); got != fmt.Sprint(n.wantLogs(a)) {
			t.Errorf("node %s: passage computed from %s, want %s", name, got, fmt.Sprint(n.wantLogs(a)))
		}
		never, _ := n.must(200, "GET", "/api/v1/passages/psg_fed_never", "ru-liaison", "", nil)
		if never["status"] != "planned" || missing(never) != "[guarantee:ru]" {
			t.Errorf("node %s: unguaranteed passage %v missing %s, want planned missing ru's guarantee", name, never["status"], missing(never))
		}
		z, _ := n.must(200, "GET", "/api/v1/zones/zone_fed", "ru-observer", "", nil)
		if z["status"] != "in_force" || logsOf(z) != fmt.Sprint(n.wantLogs(a)) {
			t.Errorf("node %s: zone %v computed from %s, want in force from %v", name, z["status"], logsOf(z), n.wantLogs(a))
		}
		ag, _ := n.must(200, "GET", "/api/v1/agreements/agr_fed", "ru-observer", "", nil)
		if ag["status"] != "in_force" || logsOf(ag) != fmt.Sprint(n.wantLogs(a)) {
			t.Errorf("node %s: agreement %v computed from %s, want in force from %v", name, ag["status"], logsOf(ag), n.wantLogs(a))
		}
		for _, path := range []string{"/api/v1/passages/psg_fed", "/api/v1/zones/zone_fed", "/api/v1/agreements/agr_fed"} {
			n.must(404, "GET", path, "un-liaison", "", nil)
			n.must(404, "GET", path, "", "", nil)
		}
	}
}

// nodeAOrigin is the origin under which node B mirrors node A's log.
const nodeAOrigin = "peer.truce.invalid/a"

// logsOf returns the origins of a joint answer's computed_from, in order.
func logsOf(rec map[string]any) string {
	var out []string
	from, _ := rec["computed_from"].([]any)
	for _, l := range from {
		out = append(out, fmt.Sprint(l.(map[string]any)["origin"]))
	}
	return fmt.Sprint(out)
}

// wantLogs returns the logs n computes joint state from in
// TestJointPassageOpensOnEveryNode: its own, then its mirrors' by origin.
func (n *testNode) wantLogs(a *testNode) []string {
	if n == a {
		return []string{a.app.Keys.Origin(), peerOrigin}
	}
	return []string{n.app.Keys.Origin(), nodeAOrigin, peerOrigin} // peers by origin
}

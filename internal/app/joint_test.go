package app

import (
	"context"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/federation/cite"
	"truce/internal/findings"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// TestJointFindingsAcrossLogs checks that the layers of findings about an
// incident are computed from every log the node holds: us reports in its
// log, this node's monitors (un) establish the fact in their own, citing
// the report, us states its position in its log; the view shows the fact
// and us's position and names the logs it was computed from; a party
// outside the incident's audience gets 404.
func TestJointFindingsAcrossLogs(t *testing.T) {
	n := domainNode(t)
	ctx := context.Background()
	us := newPeerLog(t)
	us.db.CiteAs(peerOrigin)
	rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "us"}}
	us.report(t, "inc_joint", rel)
	us.mirrorFrom(t, n, peerOrigin, 0)

	n.must(201, "POST", "/api/v1/incidents/inc_joint/fact", "un-analyst", "", map[string]any{"what": "shelling of the mill", "where": "Aleppo", "when": "2016-09-12", "confidence": "high"})
	last := n.logSize() - 1
	var fact []cite.Citation
	if err := n.app.DB.EntryRange(ctx, last, last+1, func(e *ledger.Entry, _ []byte) error {
		var err error
		fact, err = cite.Extract(e.Kind, e.Payload)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var report cite.Citation
	if err := us.db.EntryRange(ctx, 0, 1, func(_ *ledger.Entry, canonical []byte) error {
		report = cite.Of(peerOrigin, 0, ledger.Commitment(canonical))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(fact, []cite.Citation{report}) {
		t.Fatalf("the finding of fact on us's report cites %v, want %v", fact, report)
	}

	us.append(t, ledger.Draft{Party: "us", Author: "us-liaison", Kind: findings.KindPositionStated, Subject: incidents.Subject("inc_joint"),
		Release: rel, Payload: map[string]any{"incident_id": "inc_joint", "on_finding": findings.StanceAccepts, "statement": "agreed", cite.Field: []cite.Citation{report}}})
	us.mirrorFrom(t, n, peerOrigin, 1)

	v := n.findingsOf("inc_joint", "us-liaison")
	if f, _ := v["fact"].(map[string]any); f == nil || f["what"] != "shelling of the mill" || f["party"] != "un" {
		t.Errorf("fact: %v", v["fact"])
	}
	ps, _ := v["positions"].([]any)
	if len(ps) != 1 || ps[0].(map[string]any)["party"] != "us" || ps[0].(map[string]any)["on_finding"] != string(findings.StanceAccepts) {
		t.Errorf("positions: %v, want us accepting", ps)
	}
	from, _ := v["computed_from"].([]any)
	if len(from) != 2 {
		t.Fatalf("computed_from %v, want this node's log and us's", v["computed_from"])
	}
	own, peer := from[0].(map[string]any), from[1].(map[string]any)
	if own["origin"] != n.app.Keys.Origin() || own["tree_size"] != float64(n.logSize()) || len(own["root_hash"].(string)) != 64 {
		t.Errorf("own log: %v, want %s at size %d", own, n.app.Keys.Origin(), n.logSize())
	}
	if peer["origin"] != peerOrigin || peer["tree_size"] != float64(2) {
		t.Errorf("us's log: %v, want %s at size 2", peer, peerOrigin)
	}
	n.must(404, "GET", "/api/v1/incidents/inc_joint/findings", "ru-liaison", "", nil)
}

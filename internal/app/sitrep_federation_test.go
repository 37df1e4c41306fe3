package app

import (
	"encoding/json"
	"testing"

	"truce/internal/access"
	"truce/internal/report/doc"
)

// TestSitrepComputedFromMirroredLogs: on a node that mirrors us's log, the
// report counts the mirrored incidents each reader may see (a CLEAR one
// for everyone, an AMBER one for us and un only, never ru or the public),
// states the mirrored log's accepted checkpoint beside its own tree, and
// an issued report logs computed_from: its own tree first, then us's.
func TestSitrepComputedFromMirroredLogs(t *testing.T) {
	n := domainNode(t)
	us := newPeerLog(t)
	us.db.CiteAs(peerOrigin)
	us.report(t, "inc_mirrored_clear", access.Releasability{TLP: access.TLPClear})
	us.report(t, "inc_mirrored_amber", access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "us"}})
	us.mirrorFrom(t, n, peerOrigin, 0)
	const day = "2016-09-13" // the period to 06:00 on the 13th holds 10:00 on the 12th

	for user, want := range map[string]int64{"": 1, "ru-analyst": 1, "un-analyst": 2} {
		status, body, _ := n.do("GET", "/api/v1/reports/sitrep?date="+day+"&format=json", user, nil)
		if status != 200 {
			t.Fatalf("%q: %d %s", user, status, body)
		}
		var d doc.Document
		if err := json.Unmarshal(body, &d); err != nil {
			t.Fatal(err)
		}
		if got := d.Sections[0].Blocks[0].(doc.Figures).Items[0].Value; got != want {
			t.Errorf("%q counts %d incidents, want %d", user, got, want)
		}
		var mirrored []string
		for _, f := range d.Meta {
			if f.Label == "Mirrored log" {
				mirrored = append(mirrored, f.Value)
			}
		}
		if len(mirrored) != 1 || len(mirrored[0]) < len(peerOrigin) || mirrored[0][:len(peerOrigin)] != peerOrigin {
			t.Errorf("%q: mirrored logs stated %q, want %s", user, mirrored, peerOrigin)
		}
	}

	issued, _ := n.must(201, "POST", "/api/v1/reports/sitrep", "us-liaison", "", map[string]any{"date": day, "lang": "en"})
	from, _ := issued["computed_from"].([]any)
	if len(from) != 2 {
		t.Fatalf("computed_from %v, want this node's log and us's", issued["computed_from"])
	}
	own, peer := from[0].(map[string]any), from[1].(map[string]any)
	if own["origin"] != n.app.Keys.Origin() || own["tree_size"] != issued["tree_size"] || own["root_hash"] == "" {
		t.Errorf("own log %v, issued %v", own, issued)
	}
	if peer["origin"] != peerOrigin || peer["tree_size"] != float64(2) || len(peer["root_hash"].(string)) != 64 {
		t.Errorf("us's log %v, want %s at size 2", peer, peerOrigin)
	}
}

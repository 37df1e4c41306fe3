package app

import (
	"testing"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// TestJointAcknowledgementAcrossLogs checks that a notification's
// receipts are computed from every log the node holds: un notifies a
// site in its own log, mirrored here; us acknowledges on this node (an
// own entry citing un's); un updates the site in its log, which resets
// the receipt once mirrored. GET of the site names the logs it was
// computed from; a party outside its audience gets 404 and does not find
// it in its list.
func TestJointAcknowledgementAcrossLogs(t *testing.T) {
	n := newTestNode(t)
	un := newPeerLog(t)
	un.db.CiteAs(peerUnOrigin)
	rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "us"}}
	notified := func(v int) notify.Notified {
		return notify.Notified{ID: "site_jack", Version: v, Deadline: "2030-01-01T00:00:00Z", Site: &notify.Site{Kind: notify.SiteKinds[0],
			Names: map[string]string{"en": "Clinic"}, Location: []byte(`{"type":"Point","coordinates":[36.3,37.2]}`), BufferM: 300, Parties: []string{"us"}}}
	}
	un.append(t, ledger.Draft{Party: "un", Author: "un-liaison", Kind: notify.KindSiteNotified, Subject: notify.Subject(notify.TypeSite, "site_jack"),
		Release: rel, Payload: notified(1)})
	un.mirrorFrom(t, n, peerUnOrigin, 0)

	n.must(200, "POST", "/api/v1/sites/site_jack/acknowledge", "us-liaison", "", map[string]any{"version": 1})
	got, _ := n.must(200, "GET", "/api/v1/sites/site_jack", "us-liaison", "", nil)
	acks, _ := got["acknowledgements"].([]any)
	if len(acks) != 1 {
		t.Fatalf("acknowledgements %v", got["acknowledgements"])
	}
	a := acks[0].(map[string]any)
	if a["status"] != notify.AckAcknowledged || a["origin"] != n.app.Keys.Origin() || a["seq"] != float64(n.logSize()-1) {
		t.Errorf("us's receipt %v, want acknowledged by this node's entry %d", a, n.logSize()-1)
	}
	from, _ := got["computed_from"].([]any)
	if len(from) != 2 || from[0].(map[string]any)["origin"] != n.app.Keys.Origin() ||
		from[1].(map[string]any)["origin"] != peerUnOrigin || from[1].(map[string]any)["tree_size"] != float64(1) {
		t.Errorf("computed_from %v, want this node's log, then un's at size 1", got["computed_from"])
	}

	un.append(t, ledger.Draft{Party: "un", Author: "un-liaison", Kind: notify.KindSiteUpdated, Subject: notify.Subject(notify.TypeSite, "site_jack"),
		Release: rel, Payload: notified(2)})
	un.mirrorFrom(t, n, peerUnOrigin, 1)
	got, _ = n.must(200, "GET", "/api/v1/sites/site_jack", "un-liaison", "", nil)
	a = got["acknowledgements"].([]any)[0].(map[string]any)
	if got["version"] != float64(2) || a["status"] != notify.AckPending || a["version"] != float64(2) || a["origin"] != peerUnOrigin {
		t.Errorf("after un's update: version %v, receipt %v; want us's receipt of version 2 pending", got["version"], a)
	}

	n.must(404, "GET", "/api/v1/sites/site_jack", "ru-liaison", "", nil)
	list, _ := n.must(200, "GET", "/api/v1/sites", "ru-liaison", "", nil)
	for _, it := range list["items"].([]any) {
		if it.(map[string]any)["id"] == "site_jack" {
			t.Errorf("ru's list holds site_jack, outside its audience")
		}
	}
}

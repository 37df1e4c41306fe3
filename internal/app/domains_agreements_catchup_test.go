package app

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/config"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/testwait"
)

// TestBreachesAreCaughtUpAfterACrash leaves the state a crash between an
// incident and its breaches leaves (the node records nothing as it
// writes: Options.crashBeforeBreaches), then restarts the node: the
// catch-up at start records the incident's breach of the agreement in
// force, once; a second restart, and recording again, add nothing.
func TestBreachesAreCaughtUpAfterACrash(t *testing.T) {
	n := newTestNodeConfig(t, &config.Server{Data: t.TempDir()}, Options{crashBeforeBreaches: true})
	n.addUser("us", access.RoleReporter)
	zone, _ := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", zoneBody("2016-07-01T00:00:00Z"))
	zoneID := zone["id"].(string)
	n.must(201, "POST", "/api/v1/zones/"+zoneID+"/versions/1/agreements", "ru-liaison", "", nil)
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", agreementBody(zoneID))
	id := a["id"].(string)
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	b := incidentBody("crash-1", 37.12, 36.12, "AMBER", "us")
	b["perpetrator"] = map[string]any{"kind": "party", "party": "ru"}
	in, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", b)
	inc := in["id"].(string)
	if got := n.breachesOf(id); len(got) != 0 {
		t.Fatalf("breaches recorded by a node that records none: %v", got)
	}

	n.opts = Options{}
	n.restart()
	got := n.waitBreaches(id, "no-artillery/"+inc)
	if len(got) != 1 || got["no-artillery/"+inc] != "AMBERus" {
		t.Fatalf("after the restart: %v; want the one breach, AMBER to us (the narrower of the agreement's and the incident's)", got)
	}
	n.restart()
	if k, err := n.app.Agreements.RecordAgreement(context.Background(), id); err != nil || k != 0 {
		t.Errorf("recording again after a second restart: %d, %v; want 0", k, err)
	}
	if got := n.breachesOf(id); len(got) != 1 {
		t.Errorf("after a second restart: %v; want the one breach", got)
	}
	if err := n.app.Integrity.Check(context.Background()); err != nil || n.app.Integrity.Err() != nil {
		t.Errorf("replaying the log does not rebuild the same records: %v, %v", err, n.app.Integrity.Err())
	}
}

// TestMirroredIncidentsBreachAgreements mirrors a peer's incident (AMBER
// to ru and us) inside the zone of a CLEAR agreement in force: this node
// judges it as it judges its own and records the breach, released to ru
// and us only (the narrower of the two).
func TestMirroredIncidentsBreachAgreements(t *testing.T) {
	n := newTestNode(t)
	z := zoneBody("2016-07-01T00:00:00Z")
	z["geometry"] = json.RawMessage(`{"type":"Polygon","coordinates":[[[36.1,37.0],[36.3,37.0],[36.3,37.2],[36.1,37.2],[36.1,37.0]]]}`)
	zone, _ := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", z)
	zoneID := zone["id"].(string)
	n.must(201, "POST", "/api/v1/zones/"+zoneID+"/versions/1/agreements", "ru-liaison", "", nil)
	body := agreementBody(zoneID)
	body["obligations"].([]map[string]any)[0]["rule"].(map[string]any)["classes"] = []string{string(incidents.Categories[0])}
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", body)
	id := a["id"].(string)
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)

	peer := newPeerLog(t)
	peer.report(t, "inc_fed_breach", access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}})
	peer.mirrorInto(t, n, peerOrigin)
	got := n.waitBreaches(id, "no-artillery/inc_fed_breach")
	if got["no-artillery/inc_fed_breach"] != "AMBERru,us" {
		t.Errorf("the mirrored incident's breach is released as %v; want AMBER to ru and us", got)
	}
}

// TestBreachCatchUpStartsAtTheWatermark writes N incidents that breach an
// agreement in force, judged as they are written, then M more on a node
// that records nothing (the state a crash between incidents and their
// breaches leaves). The restart's catch-up judges only the M after the
// recorder's watermark, not the N before it; every incident's breach is
// then recorded exactly once, and a further restart judges nothing.
func TestBreachCatchUpStartsAtTheWatermark(t *testing.T) {
	const before, after = 4, 3
	n := newTestNodeConfig(t, &config.Server{Data: t.TempDir()})
	n.addUser("us", access.RoleReporter)
	zone, _ := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", zoneBody("2016-07-01T00:00:00Z"))
	zoneID := zone["id"].(string)
	n.must(201, "POST", "/api/v1/zones/"+zoneID+"/versions/1/agreements", "ru-liaison", "", nil)
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", agreementBody(zoneID))
	id := a["id"].(string)
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	var keys []string
	report := func(k int) {
		b := incidentBody(fmt.Sprintf("mark-%d", k), 37.12, 36.12, "CLEAR")
		b["perpetrator"] = map[string]any{"kind": "party", "party": "ru"}
		in, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", b)
		keys = append(keys, "no-artillery/"+in["id"].(string))
	}
	for k := range before {
		report(k)
	}
	n.waitBreaches(id, keys...)
	n.waitMark()

	n.opts = Options{crashBeforeBreaches: true}
	n.restart()
	for k := range after {
		report(before + k)
	}
	n.opts = Options{}
	n.restart()
	if got := n.app.breaches.CaughtUp(); got != after {
		t.Errorf("the catch-up judged %d incidents and versions; want the %d written after the mark", got, after)
	}
	got := n.waitBreaches(id, keys...)
	if len(got) != before+after {
		t.Errorf("breaches %v; want one for each of the %d incidents", got, before+after)
	}
	if c := n.breachCount(id); c != before+after {
		t.Errorf("%d breach entries; want %d, each recorded once", c, before+after)
	}
	n.waitMark()
	n.restart()
	if got := n.app.breaches.CaughtUp(); got != 0 {
		t.Errorf("a restart after everything was judged judged %d again; want 0", got)
	}
}

// waitMark waits until the breach recorder's watermark of the own log has
// reached the last incident reported.
func (n *testNode) waitMark() {
	n.t.Helper()
	ctx := context.Background()
	var last int64 = -1
	if err := n.app.DB.EntriesOfKind(ctx, incidents.KindReported, 0, func(e *ledger.Entry) error { last = e.Seq; return nil }); err != nil {
		n.t.Fatal(err)
	}
	testwait.For(n.t, 20*time.Second, "the breach watermark", func() bool {
		at, err := n.app.DB.BreachMarks().Mark(ctx, agreements.TimelineOwn)
		return err == nil && at >= last
	})
}

// breachCount returns how many breach entries agreement id has in the log.
func (n *testNode) breachCount(id string) int {
	n.t.Helper()
	c := 0
	err := n.app.DB.EntriesOfKind(context.Background(), agreements.KindBreachRecorded, 0, func(e *ledger.Entry) error {
		if e.Subject == agreements.Subject(id) {
			c++
		}
		return nil
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return c
}

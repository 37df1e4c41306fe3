package app

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/agreements"
	"truce/internal/ledger"
	"truce/internal/testwait"
)

// breachesOf returns the breaches recorded in the log on agreement id, by
// obligation and incident ("obligation/incident"), and each one's entry
// releasability label and audience.
func (n *testNode) breachesOf(id string) map[string]string {
	n.t.Helper()
	out := map[string]string{}
	err := n.app.DB.EntriesOfKind(context.Background(), agreements.KindBreachRecorded, 0, func(e *ledger.Entry) error {
		if e.Subject != agreements.Subject(id) {
			return nil
		}
		var b agreements.BreachRecorded
		if err := json.Unmarshal(e.Payload, &b); err != nil {
			return err
		}
		out[b.Obligation+"/"+b.EventID] = string(e.Release.TLP) + strings.Join(e.Release.Audience, ",")
		return nil
	})
	if err != nil {
		n.t.Fatal(err)
	}
	return out
}

// waitBreaches waits until every key ("obligation/incident") is recorded
// on agreement id.
func (n *testNode) waitBreaches(id string, keys ...string) map[string]string {
	n.t.Helper()
	var got map[string]string
	testwait.For(n.t, 20*time.Second, "the breaches of "+id, func() bool {
		got = n.breachesOf(id)
		for _, k := range keys {
			if _, ok := got[k]; !ok {
				return false
			}
		}
		return true
	})
	return got
}

// subBreachesRecorded: an incident's breaches of the obligations in force
// are recorded in the log as it is written (and, for incidents written
// before, as the version is agreed), each released only to those who may
// see both the agreement and the incident; compliance reads them, and a
// replay of the log rebuilds the same records.
func subBreachesRecorded(t *testing.T, n *testNode, zone string) {
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", agreementBody(zone))
	id := a["id"].(string)
	report := func(ext string, lon, lat float64, tlp string, audience ...string) string {
		b := incidentBody(ext, lon, lat, tlp, audience...)
		b["perpetrator"] = map[string]any{"kind": "party", "party": "ru"}
		out, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", b)
		return out["id"].(string)
	}
	before := report("brc-before", 37.12, 36.12, "CLEAR")
	if got := n.breachesOf(id); len(got) != 0 {
		t.Fatalf("breaches recorded before the version was agreed: %v", got)
	}
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	after := report("brc-after", 37.13, 36.13, "AMBER", "us")
	got := n.waitBreaches(id, "no-artillery/"+before, "no-artillery/"+after)
	if got["no-artillery/"+before] != "CLEAR" || got["no-artillery/"+after] != "AMBERus" {
		t.Errorf("breach releasabilities %v: want CLEAR for %s and AMBER to us for %s", got, before, after)
	}
	for k := range got {
		if strings.HasPrefix(k, "no-fire-sites/") {
			t.Errorf("breach %s recorded: fire near a site is computed per caller, never recorded", k)
		}
	}
	for _, c := range []struct {
		user    string
		visible bool
	}{{"us-observer", true}, {"ru-observer", false}, {"", false}} {
		comp, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", c.user, "", nil)
		st, ids, _ := obligation(t, comp, "no-artillery", "ru")
		if st != "violation" || !slices.Contains(ids, before) || slices.Contains(ids, after) != c.visible {
			t.Errorf("%q: no-artillery ru %s %v; want a violation with %s, and %s only if it may see it (%v)", c.user, st, ids, before, after, c.visible)
		}
		if c.visible {
			continue
		}
		for _, p := range []string{"/api/v1/agreements/" + id, "/api/v1/agreements/" + id + "/history"} {
			out, _ := n.must(200, "GET", p, c.user, "", nil)
			if raw, _ := json.Marshal(out); strings.Contains(string(raw), after) {
				t.Errorf("%q is shown the hidden incident's breach on %s: %s", c.user, p, raw)
			}
		}
	}
	// Recording again (a restart's catch-up, a second process) adds nothing.
	if k, err := n.app.Agreements.RecordAgreement(context.Background(), id); err != nil || k != 0 {
		t.Errorf("recording again: %d, %v; want 0 new breaches", k, err)
	}
	if err := n.app.Integrity.Check(context.Background()); err != nil || n.app.Integrity.Err() != nil {
		t.Errorf("replaying the log does not rebuild the same records: %v, %v", err, n.app.Integrity.Err())
	}
}

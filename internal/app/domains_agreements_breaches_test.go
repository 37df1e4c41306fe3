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

// subFindingsAttributeBreaches checks that the monitors' finding about an
// incident is linked to the obligation the incident bears on: its
// evidence carries the finding's layer, and once the monitors attribute
// the incident, it counts against the party they name, not the one the
// report accused (the accused cannot block a finding of fact).
func subFindingsAttributeBreaches(t *testing.T, n *testNode, zone string) {
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", agreementBody(zone))
	id := a["id"].(string)
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	b := incidentBody("brc-finding", 37.14, 36.14, "GREEN")
	b["perpetrator"] = map[string]any{"kind": "party", "party": "ru"}
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", b)
	incID := inc["id"].(string)
	n.waitBreaches(id, "no-artillery/"+incID)
	finding := func(party string) map[string]any {
		t.Helper()
		comp, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", "us-observer", "", nil)
		for _, o := range comp["obligations"].([]any) {
			if o := o.(map[string]any); o["key"] == "no-artillery" {
				for _, p := range o["parties"].([]any) {
					if p := p.(map[string]any); p["party"] == party {
						for _, e := range p["evidence"].([]any) {
							if e := e.(map[string]any); e["event_id"] == incID {
								f, _ := e["finding"].(map[string]any)
								if f == nil {
									f = map[string]any{}
								}
								return f
							}
						}
					}
				}
			}
		}
		return nil
	}
	if f := finding("ru"); f == nil || len(f) != 0 {
		t.Fatalf("before any finding: the incident's evidence under ru carries %v, want no finding", f)
	}
	path := "/api/v1/incidents/" + incID
	n.must(201, "POST", path+"/investigation/open", "un-analyst", "", map[string]any{"note": "preliminary"})
	if f := finding("ru"); f == nil || f["fact"] != "under_investigation" {
		t.Fatalf("under investigation: the evidence under ru carries %v", f)
	}
	n.must(201, "POST", path+"/fact", "un-analyst", "", map[string]any{"what": "artillery fire in the area", "where": "grid 37SBA12",
		"when": "2016-07-10T08:00Z ± 1 h", "confidence": "high"})
	n.must(201, "POST", path+"/attribution", "un-analyst", "", map[string]any{"state": "attributed", "responsible": "us",
		"reasoning": "the crater analysis points to us's positions"})
	n.must(201, "POST", path+"/positions", "us-analyst", "", map[string]any{"on_finding": "rejects", "on_attribution": "rejects", "statement": "not ours"})
	if f := finding("ru"); f != nil {
		t.Errorf("attributed to us by the monitors, the incident still counts against ru: %v", f)
	}
	f := finding("us")
	if f == nil || f["fact"] != "established" || f["attribution"] != "attributed" || f["responsible"] != "us" || f["label"] == "" {
		t.Fatalf("attributed to us by the monitors: the evidence under us carries %v, want the established fact attributed to us", f)
	}
	comp, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", "us-observer", "", nil)
	if st, _, _ := obligation(t, comp, "no-artillery", "us"); st != "violation" {
		t.Errorf("no-artillery us: %s, want a violation once the monitors attribute the incident to us", st)
	}
}

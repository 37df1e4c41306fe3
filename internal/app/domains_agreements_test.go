package app

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestAgreements runs the agreements and safe-passage scenarios against
// one node, each with its own records.
func TestAgreements(t *testing.T) {
	n := domainNode(t)
	zone, _ := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", zoneBody("2016-07-01T00:00:00Z"))
	zoneID := zone["id"].(string)
	n.must(201, "POST", "/api/v1/zones/"+zoneID+"/versions/1/agreements", "ru-liaison", "", nil)
	for _, c := range []struct {
		name string
		run  func(*testing.T, *testNode, string)
	}{
		{"AgreementNeedsEveryCoChair", subAgreementNeedsEveryCoChair},
		{"BadAgreementChangesNothing", subBadAgreementChangesNothing},
		{"ComplianceFromWhatTheCallerMaySee", subComplianceFromWhatTheCallerMaySee},
		{"BreachesRecorded", subBreachesRecorded},
		{"FindingsAttributeBreaches", subFindingsAttributeBreaches},
		{"FlightsAlongSegmentsAndTracks", subFlightsAlongSegmentsAndTracks},
		{"HiddenAgreementsDoNotLeak", subHiddenAgreementsDoNotLeak},
		{"WithdrawalSeenByTheMonitors", subWithdrawalSeenByTheMonitors},
		{"PassageLifecycle", subPassageLifecycle},
		{"PassageNeverOpensWithoutEveryGuarantee", subPassageNeverOpensWithoutEveryGuarantee},
		{"HiddenPassagesDoNotLeak", subHiddenPassagesDoNotLeak},
		{"HazardRaisesAnAlert", subHazardRaisesAnAlert},
		{"PassageLinksIncidentsTheCallerMaySee", subPassageLinksIncidents},
		{"ZoneLineMovesInTime", subZoneLineMovesInTime},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := n.t
			n.t = t
			defer func() { n.t = parent }()
			c.run(t, n, zoneID)
		})
	}
}

// agreementBody is a CLEAR agreement binding us and ru with a no-weapons
// obligation in zone and a no-fire obligation around protected sites.
func agreementBody(zone string) map[string]any {
	return map[string]any{"title": "Cessation of hostilities", "parties": []string{"us", "ru"},
		"effective_from": "2016-07-01T00:00:00Z", "releasability": map[string]any{"tlp": "CLEAR"},
		"obligations": []map[string]any{
			{"key": "no-artillery", "title": "No artillery in the area",
				"rule": map[string]any{"kind": "no_weapons_in_zone", "zone_id": zone, "from": "2016-07-05T00:00:00Z", "classes": []string{"shelling_missile"}}},
			{"key": "no-fire-sites", "title": "No fire within 5 km of protected sites",
				"rule": map[string]any{"kind": "no_fire_near_sites", "radius_km": 5, "from": "2016-07-01T00:00:00Z"}},
		}}
}

func subAgreementNeedsEveryCoChair(t *testing.T, n *testNode, zone string) {
	a, tag := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", agreementBody(zone))
	id := a["id"].(string)
	if a["status"] != "proposed" || fmt.Sprint(a["versions"].([]any)[0].(map[string]any)["pending"]) != "[ru]" {
		t.Fatalf("new agreement: status %v, versions %v; want proposed, pending ru", a["status"], a["versions"])
	}
	n.must(403, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-observer", "", nil)
	n.must(403, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "un-liaison", "", nil)
	a, _ = n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	if a["status"] != "in_force" {
		t.Fatalf("agreed by both co-chairs: status %v, want in_force", a["status"])
	}
	n.must(409, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	// A second version needs the If-Match of the first and both co-chairs again.
	body := agreementBody(zone)
	delete(body, "releasability")
	body["title"] = "Cessation of hostilities, amended"
	n.must(412, "POST", "/api/v1/agreements/"+id+"/versions", "ru-liaison", `"1"`, body)
	a, _ = n.must(201, "POST", "/api/v1/agreements/"+id+"/versions", "ru-liaison", tag2(n, id), body)
	if cur := a["current"].(map[string]any); cur["version"] != 1.0 || a["latest_version"] != 2.0 {
		t.Fatalf("a pending second version: current %v latest %v, want 1 and 2", cur["version"], a["latest_version"])
	}
	_ = tag
}

// tag2 returns the ETag of agreement id now.
func tag2(n *testNode, id string) string {
	_, tag := n.must(200, "GET", "/api/v1/agreements/"+id, "us-observer", "", nil)
	return tag
}

func subBadAgreementChangesNothing(t *testing.T, n *testNode, zone string) {
	size := n.logSize()
	cases := []struct {
		field string
		edit  func(map[string]any)
	}{
		{"title", func(b map[string]any) { b["title"] = " " }},
		{"parties[0]", func(b map[string]any) { b["parties"] = []string{"xx"} }},
		{"obligations[0].rule.zone_id", func(b map[string]any) {
			b["obligations"].([]map[string]any)[0]["rule"].(map[string]any)["zone_id"] = "zone_nonesuch"
		}},
		{"obligations[0].rule.classes", func(b map[string]any) {
			delete(b["obligations"].([]map[string]any)[0]["rule"].(map[string]any), "classes")
		}},
		{"obligations[1].rule.radius_km", func(b map[string]any) {
			b["obligations"].([]map[string]any)[1]["rule"].(map[string]any)["radius_km"] = 0
		}},
		{"obligations[1].key", func(b map[string]any) { b["obligations"].([]map[string]any)[1]["key"] = "no-artillery" }},
		{"document_sha256", func(b map[string]any) { b["document_sha256"] = strings.Repeat("ab", 32) }},
		{"releasability", func(b map[string]any) {
			b["releasability"] = map[string]any{"tlp": "AMBER", "audience": []string{"us"}}
		}},
	}
	for _, c := range cases {
		b := agreementBody(zone)
		c.edit(b)
		out, _ := n.must(422, "POST", "/api/v1/agreements", "us-liaison", "", b)
		errs, _ := out["errors"].([]any)
		if len(errs) != 1 || errs[0].(map[string]any)["field"] != c.field {
			t.Errorf("%s: problem %v, want one error on %s", c.field, out, c.field)
		}
	}
	n.must(403, "POST", "/api/v1/agreements", "un-liaison", "", agreementBody(zone))
	if n.logSize() != size {
		t.Fatal("a refused agreement changed the log")
	}
}

// obligation returns the compliance of obligation key for party in c.
func obligation(t *testing.T, c map[string]any, key, party string) (string, []string, []string) {
	t.Helper()
	for _, o := range c["obligations"].([]any) {
		o := o.(map[string]any)
		if o["key"] != key {
			continue
		}
		for _, p := range o["parties"].([]any) {
			p := p.(map[string]any)
			if p["party"] != party {
				continue
			}
			var ids, sites []string
			for _, e := range p["evidence"].([]any) {
				e := e.(map[string]any)
				ids = append(ids, e["event_id"].(string))
				if s, ok := e["sites"].([]any); ok {
					for _, x := range s {
						sites = append(sites, x.(string))
					}
				}
			}
			slices.Sort(ids)
			return p["status"].(string), ids, sites
		}
	}
	t.Fatalf("no obligation %s for %s in %v", key, party, c)
	return "", nil, nil
}

func subComplianceFromWhatTheCallerMaySee(t *testing.T, n *testNode, zone string) {
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", agreementBody(zone))
	id := a["id"].(string)
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	site := map[string]any{"kind": "hospital", "names": map[string]string{"en": "Field hospital"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.2, 36.2}}, "buffer_m": 300, "parties": []string{"ru"}}
	n.must(201, "POST", "/api/v1/sites", "un-liaison", "", site)
	report := func(ext string, lon, lat float64, tlp string, audience ...string) string {
		b := incidentBody(ext, lon, lat, tlp, audience...)
		b["perpetrator"] = map[string]any{"kind": "party", "party": "ru"}
		out, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", b)
		return out["id"].(string)
	}
	public := report("agr-clear", 37.21, 36.21, "CLEAR") // in 2016, years before the site was notified
	hidden := report("agr-amber", 37.1, 36.1, "AMBER", "us")
	outside := report("agr-outside", 38.5, 36.1, "CLEAR") // outside the zone and far from the site
	// An air strike near a second site, far from every other test's area,
	// after the site was notified bears on the no-fire rule; the shelling of
	// 2016 near the first site did not, for no party had been told of it then.
	site["location"] = map[string]any{"type": "Point", "coordinates": []float64{39.5, 35.0}}
	s2, _ := n.must(201, "POST", "/api/v1/sites", "un-liaison", "", site)
	laterSite := s2["id"].(string)
	strike := incidentBody("agr-strike", 39.51, 35.0, "CLEAR")
	strike["category"], strike["perpetrator"] = "air_strike", map[string]any{"kind": "party", "party": "ru"}
	told, err := time.Parse(time.RFC3339Nano, s2["acknowledgements"].([]any)[0].(map[string]any)["first_notified"].(string))
	if err != nil {
		t.Fatal(err)
	}
	strike["time"] = map[string]any{"start": told.Truncate(time.Second).Format(time.RFC3339), "precision": "exact"}
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", strike)
	n.waitBreaches(id, "no-artillery/"+public, "no-artillery/"+hidden)
	for _, c := range []struct {
		user              string
		artillery         []string
		fireStatus        string
		fireSites         []string
		ruArtilleryStatus string
		usArtilleryStatus string
	}{
		{"us-observer", sorted(public, hidden), "not_disclosed", nil, "violation", "compliant"},
		{"ru-observer", []string{public}, "violation", []string{laterSite}, "violation", "compliant"},
		{"un-observer", []string{public}, "violation", []string{laterSite}, "violation", "compliant"},
		{"", []string{public}, "not_disclosed", nil, "violation", "compliant"},
	} {
		got, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", c.user, "", nil)
		st, ids, _ := obligation(t, got, "no-artillery", "ru")
		if st != c.ruArtilleryStatus || !slices.Equal(ids, c.artillery) {
			t.Errorf("%q: no-artillery ru %s %v, want %s %v", c.user, st, ids, c.ruArtilleryStatus, c.artillery)
		}
		if st, ids, _ := obligation(t, got, "no-artillery", "us"); st != c.usArtilleryStatus || len(ids) != 0 {
			t.Errorf("%q: no-artillery us %s %v, want %s", c.user, st, ids, c.usArtilleryStatus)
		}
		st, _, sites := obligation(t, got, "no-fire-sites", "ru")
		if st != c.fireStatus || !slices.Equal(sites, c.fireSites) {
			t.Errorf("%q: no-fire ru %s sites %v, want %s %v", c.user, st, sites, c.fireStatus, c.fireSites)
		}
		if raw, _ := json.Marshal(got); strings.Contains(string(raw), outside) {
			t.Errorf("%q: an incident outside every obligation is evidence: %s", c.user, raw)
		}
	}
	// An analyst links an incident the rule cannot decide; ru, which may
	// not see it, is not shown the link.
	n.must(422, "POST", "/api/v1/agreements/"+id+"/links", "us-analyst", "", map[string]any{"obligation": "nonesuch", "incident_id": outside})
	n.must(403, "POST", "/api/v1/agreements/"+id+"/links", "us-observer", "", map[string]any{"obligation": "no-artillery", "incident_id": outside})
	n.must(422, "POST", "/api/v1/agreements/"+id+"/links", "ru-analyst", "", map[string]any{"obligation": "no-artillery", "incident_id": hidden})
	n.must(201, "POST", "/api/v1/agreements/"+id+"/links", "us-analyst", "", map[string]any{"obligation": "no-artillery", "incident_id": hidden, "party": "us", "note": "artillery seen"})
	got, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", "us-observer", "", nil)
	if st, ids, _ := obligation(t, got, "no-artillery", "us"); st != "violation" || !slices.Equal(ids, []string{hidden}) {
		t.Errorf("us after the link: %s %v, want a violation with %s", st, ids, hidden)
	}
	for _, user := range []string{"ru-observer", ""} {
		got, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", user, "", nil)
		if st, _, _ := obligation(t, got, "no-artillery", "us"); st != "compliant" {
			t.Errorf("%q sees us %s through a link to an incident it may not see", user, st)
		}
		a, _ := n.must(200, "GET", "/api/v1/agreements/"+id, user, "", nil)
		if raw, _ := json.Marshal(a); strings.Contains(string(raw), hidden) {
			t.Errorf("%q is shown the link to a hidden incident: %s", user, raw)
		}
		// Nor the log entry that records it: the link is released to
		// those who may see both the agreement and the incident.
		h, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/history", user, "", nil)
		if raw, _ := json.Marshal(h); strings.Contains(string(raw), hidden) {
			t.Errorf("%q is shown the log entry linking a hidden incident: %s", user, raw)
		}
	}
}

func subHiddenAgreementsDoNotLeak(t *testing.T, n *testNode, zone string) {
	b := agreementBody(zone)
	b["releasability"] = map[string]any{"tlp": "AMBER", "audience": []string{"us", "ru"}}
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", b)
	id := a["id"].(string)
	for _, user := range []string{"un-observer", "un-analyst", ""} {
		for _, p := range []string{"/api/v1/agreements/" + id, "/api/v1/agreements/" + id + "/compliance", "/api/v1/agreements/" + id + "/history"} {
			if st, out, _ := n.call("GET", p, user, "", nil); st != 404 {
				t.Errorf("GET %s as %q: %d %v, want 404", p, user, st, out)
			}
		}
		list, _ := n.must(200, "GET", "/api/v1/agreements?limit=1000", user, "", nil)
		if raw, _ := json.Marshal(list); strings.Contains(string(raw), id) {
			t.Errorf("%q lists hidden agreement %s", user, id)
		}
		if st, _, _ := n.call("POST", "/api/v1/agreements/"+id+"/links", user, "", map[string]any{"obligation": "no-artillery", "incident_id": "x"}); st != 404 && st != 401 && st != 403 {
			t.Errorf("link to a hidden agreement as %q: %d", user, st)
		}
	}
	n.must(200, "GET", "/api/v1/agreements/"+id, "ru-observer", "", nil)
}

const route = `{"type":"LineString","coordinates":[[37.05,36.05],[37.25,36.25]]}`

// passageBody is a complete safe passage concerning us and ru, proposed by un.
func passageBody(name string) map[string]any {
	return map[string]any{"kind": "safe_passage", "name": name, "geometry": json.RawMessage(route),
		"window_from": "2026-01-01T00:00:00Z", "window_until": "2099-01-01T00:00:00Z",
		"traffic": []string{"civilians", "aid"}, "vehicles": 40, "parties": []string{"us", "ru"},
		"contacts": []map[string]any{{"party": "us", "name": "Liaison US", "channel": "VHF 41.5"}, {"party": "ru", "name": "Liaison RU", "channel": "+7 000 000"}}}
}

// missing returns a passage's missing_to_open as a string.
func missing(p map[string]any) string { return fmt.Sprint(p["missing_to_open"]) }

func subPassageLifecycle(t *testing.T, n *testNode, _ string) {
	p, tag := n.must(201, "POST", "/api/v1/passages", "un-liaison", "", passageBody("Corridor A"))
	id := p["id"].(string)
	if p["status"] != "planned" || missing(p) != "[guarantee:ru guarantee:us]" {
		t.Fatalf("new passage: %v missing %s", p["status"], missing(p))
	}
	open := map[string]any{"status": "open"}
	n.must(409, "POST", "/api/v1/passages/"+id+"/status", "un-liaison", tag, open)
	n.must(403, "POST", "/api/v1/passages/"+id+"/versions/1/guarantees", "un-liaison", "", nil) // not a party concerned
	n.must(403, "POST", "/api/v1/passages/"+id+"/versions/1/guarantees", "us-observer", "", nil)
	n.must(201, "POST", "/api/v1/passages/"+id+"/versions/1/guarantees", "us-liaison", "", nil)
	n.must(409, "POST", "/api/v1/passages/"+id+"/versions/1/guarantees", "us-liaison", "", nil)
	p, tag = n.must(201, "POST", "/api/v1/passages/"+id+"/versions/1/guarantees", "ru-liaison", "", nil)
	if missing(p) != "[]" {
		t.Fatalf("guaranteed by both: missing %s", missing(p))
	}
	p, tag = n.must(200, "POST", "/api/v1/passages/"+id+"/status", "un-liaison", tag, open)
	if p["status"] != "open" {
		t.Fatalf("opened: %v", p["status"])
	}
	// An open passage's terms do not change; it is suspended first (with a reason).
	n.must(409, "POST", "/api/v1/passages/"+id+"/versions", "un-liaison", tag, passageBody("Corridor A2"))
	n.must(422, "POST", "/api/v1/passages/"+id+"/status", "ru-analyst", tag, map[string]any{"status": "suspended"})
	p, tag = n.must(200, "POST", "/api/v1/passages/"+id+"/status", "ru-analyst", tag, map[string]any{"status": "suspended", "reason": "shelling near the route"})
	if p["status"] != "suspended" {
		t.Fatalf("suspended: %v", p["status"])
	}
	// A new version needs every guarantee again; one of the old version is refused.
	p, tag = n.must(201, "POST", "/api/v1/passages/"+id+"/versions", "us-liaison", tag, passageBody("Corridor A, moved"))
	if p["latest_version"] != 2.0 || missing(p) != "[guarantee:ru guarantee:us]" {
		t.Fatalf("version 2: latest %v missing %s", p["latest_version"], missing(p))
	}
	n.must(409, "POST", "/api/v1/passages/"+id+"/status", "us-liaison", tag, open)
	n.must(409, "POST", "/api/v1/passages/"+id+"/versions/1/guarantees", "ru-liaison", "", nil)
	n.must(201, "POST", "/api/v1/passages/"+id+"/versions/2/guarantees", "ru-liaison", "", nil)
	_, tag = n.must(201, "POST", "/api/v1/passages/"+id+"/versions/2/guarantees", "us-liaison", "", nil)
	p, tag = n.must(200, "POST", "/api/v1/passages/"+id+"/status", "us-liaison", tag, open)
	p, _ = n.must(200, "POST", "/api/v1/passages/"+id+"/status", "un-liaison", tag, map[string]any{"status": "closed"})
	if p["status"] != "closed" || len(p["status_history"].([]any)) != 4 {
		t.Fatalf("closed: %v, history %v", p["status"], p["status_history"])
	}
	h, _ := n.must(200, "GET", "/api/v1/passages/"+id+"/history", "ru-observer", "", nil)
	if got := len(h["items"].([]any)); got != 10 {
		t.Errorf("history: %d entries, want 10", got)
	}
}

func subPassageNeverOpensWithoutEveryGuarantee(t *testing.T, n *testNode, _ string) {
	incomplete := passageBody("Corridor B")
	delete(incomplete, "geometry")
	delete(incomplete, "contacts")
	p, tag := n.must(201, "POST", "/api/v1/passages", "un-liaison", "", incomplete)
	id := p["id"].(string)
	if want := "[field:contacts.ru field:contacts.us field:geometry guarantee:ru guarantee:us]"; missing(p) != want {
		t.Fatalf("incomplete passage: missing %s, want %s", missing(p), want)
	}
	_, tag = n.must(201, "POST", "/api/v1/passages/"+id+"/versions/1/guarantees", "us-liaison", "", nil)
	p, tag = n.must(201, "POST", "/api/v1/passages/"+id+"/versions", "un-liaison", tag, passageBody("Corridor B"))
	_, tag = n.must(201, "POST", "/api/v1/passages/"+id+"/versions/2/guarantees", "us-liaison", "", nil)
	// ru never guarantees: no one can open it, whatever they try.
	size := n.logSize()
	for _, user := range []string{"un-liaison", "us-liaison", "ru-liaison"} {
		_, out, _ := n.call("POST", "/api/v1/passages/"+id+"/status", user, tag, map[string]any{"status": "open"})
		if st, _, _ := n.call("POST", "/api/v1/passages/"+id+"/status", user, tag, map[string]any{"status": "open"}); st != 409 {
			t.Errorf("open as %s without ru's guarantee: %d %v, want 409", user, st, out)
		}
	}
	if n.logSize() != size {
		t.Fatal("a refused opening changed the log")
	}
	p, _ = n.must(200, "GET", "/api/v1/passages/"+id, "us-observer", "", nil)
	if p["status"] != "planned" || missing(p) != "[guarantee:ru]" || p["open_seconds"] != 0.0 {
		t.Fatalf("passage without ru's guarantee: %v, missing %s, open %v", p["status"], missing(p), p["open_seconds"])
	}
}

func subHiddenPassagesDoNotLeak(t *testing.T, n *testNode, _ string) {
	b := passageBody("Corridor C")
	b["parties"] = []string{"us"}
	b["contacts"] = []map[string]any{{"party": "us", "name": "Liaison US", "channel": "VHF 41.5"}}
	b["releasability"] = map[string]any{"tlp": "AMBER", "audience": []string{"un", "us"}}
	p, tag := n.must(201, "POST", "/api/v1/passages", "un-liaison", "", b)
	id := p["id"].(string)
	for _, user := range []string{"ru-observer", "ru-liaison", ""} {
		for _, path := range []string{"/api/v1/passages/" + id, "/api/v1/passages/" + id + "/history"} {
			if st, out, _ := n.call("GET", path, user, "", nil); st != 404 {
				t.Errorf("GET %s as %q: %d %v, want 404", path, user, st, out)
			}
		}
		list, _ := n.must(200, "GET", "/api/v1/passages?limit=1000", user, "", nil)
		if raw, _ := json.Marshal(list); strings.Contains(string(raw), id) {
			t.Errorf("%q lists hidden passage %s", user, id)
		}
	}
	for path, body := range map[string]any{"/versions/1/guarantees": nil, "/status": map[string]any{"status": "open"},
		"/hazards": map[string]any{"hazard": "mines", "location": map[string]any{"type": "Point", "coordinates": []float64{37.1, 36.1}}}} {
		if st, out, _ := n.call("POST", "/api/v1/passages/"+id+path, "ru-liaison", tag, body); st != 404 {
			t.Errorf("POST %s on a hidden passage as ru: %d %v, want 404", path, st, out)
		}
	}
	// A passage some party concerned could not see is refused.
	b = passageBody("Corridor D")
	b["releasability"] = map[string]any{"tlp": "AMBER", "audience": []string{"un", "us"}}
	n.must(422, "POST", "/api/v1/passages", "un-liaison", "", b)
}

func subHazardRaisesAnAlert(t *testing.T, n *testNode, _ string) {
	p, _ := n.must(201, "POST", "/api/v1/passages", "un-liaison", "", passageBody("Corridor E"))
	id := p["id"].(string)
	size := n.logSize()
	far := map[string]any{"hazard": "mines", "location": map[string]any{"type": "Point", "coordinates": []float64{38, 37}}}
	n.must(422, "POST", "/api/v1/passages/"+id+"/hazards", "ru-reporter", "", far)
	n.must(422, "POST", "/api/v1/passages/"+id+"/hazards", "ru-reporter", "", map[string]any{"hazard": "rain",
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.15}}})
	if n.logSize() != size {
		t.Fatal("a refused hazard report changed the log")
	}
	p, _ = n.must(201, "POST", "/api/v1/passages/"+id+"/hazards", "ru-reporter", "", map[string]any{"hazard": "mines",
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.151}}, "note": "anti-tank mines at the bridge"})
	if len(p["hazards"].([]any)) != 1 {
		t.Fatalf("hazards %v", p["hazards"])
	}
	for _, user := range []string{"us-liaison", "ru-liaison", "un-liaison"} {
		list, _ := n.must(200, "GET", "/api/v1/alerts?limit=1000", user, "", nil)
		found := false
		for _, it := range list["items"].([]any) {
			a := it.(map[string]any)
			if strings.Contains(a["title"].(string), "mines") && strings.Contains(a["title"].(string), "Corridor E") {
				found = true
				if a["kind"] != "passage_hazard" {
					t.Errorf("%s: the hazard alert's kind is %v, want passage_hazard", user, a["kind"])
				}
			}
		}
		if !found {
			t.Errorf("%s has no alert of the mines on Corridor E", user)
		}
	}
}

// subWithdrawalSeenByTheMonitors: a restriction of the monitors' movement
// controlled by ru inside the zone after ru's withdrawal deadline is
// evidence that ru did not withdraw; us, bound too, is not blamed.
func subWithdrawalSeenByTheMonitors(t *testing.T, n *testNode, zone string) {
	deadline := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	b := agreementBody(zone)
	b["obligations"] = []map[string]any{{"key": "withdraw", "title": "Withdrawal behind the line",
		"rule": map[string]any{"kind": "withdrawal_behind_line", "zone_id": zone, "from": deadline}}}
	a, _ := n.must(201, "POST", "/api/v1/agreements", "us-liaison", "", b)
	id := a["id"].(string)
	n.must(201, "POST", "/api/v1/agreements/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	got, _ := n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", "us-observer", "", nil)
	if st, ids, _ := obligation(t, got, "withdraw", "ru"); st != "compliant" || len(ids) != 0 {
		t.Fatalf("before any observation: ru %s %v, want compliant", st, ids)
	}
	r, _ := n.must(201, "POST", "/api/v1/monitoring/restrictions", "un-analyst", "", map[string]any{"kind": "denial",
		"location": map[string]any{"type": "Point", "coordinates": []float64{37.15, 36.2}},
		"time":     time.Now().Add(-time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339), "controlled_by": "ru"})
	got, _ = n.must(200, "GET", "/api/v1/agreements/"+id+"/compliance", "us-observer", "", nil)
	if st, ids, _ := obligation(t, got, "withdraw", "ru"); st != "violation" || !slices.Equal(ids, []string{r["id"].(string)}) {
		t.Errorf("after the monitors' observation: ru %s %v, want a violation with %s", st, ids, r["id"])
	}
	if st, _, _ := obligation(t, got, "withdraw", "us"); st != "compliant" {
		t.Errorf("us: %s, want compliant", st)
	}
}

// subPassageLinksIncidents: the incidents near a passage's route in its
// window are linked to it, each shown only to those who may see it.
func subPassageLinksIncidents(t *testing.T, n *testNode, _ string) {
	p, _ := n.must(201, "POST", "/api/v1/passages", "un-liaison", "", passageBody("Corridor F"))
	id := p["id"].(string)
	report := func(ext string, lon, lat float64, tlp string, audience ...string) string {
		b := incidentBody(ext, lon, lat, tlp, audience...)
		b["time"] = map[string]any{"start": time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Hour).Format(time.RFC3339), "precision": "hour"}
		out, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", b)
		return out["id"].(string)
	}
	green := report("psg-green", 37.15, 36.15, "GREEN")
	amber := report("psg-amber", 37.2, 36.2, "AMBER", "us")
	report("psg-far", 37.3, 36.05, "GREEN") // about 15 km from the route
	for user, want := range map[string][]string{"us-observer": sorted(green, amber), "ru-observer": {green}} {
		got, _ := n.must(200, "GET", "/api/v1/passages/"+id, user, "", nil)
		var ids []string
		for _, x := range got["incidents"].([]any) {
			ids = append(ids, x.(string))
		}
		if !slices.Equal(ids, want) {
			t.Errorf("%s: incidents %v, want %v", user, ids, want)
		}
	}
}

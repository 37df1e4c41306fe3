package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
)

// domainNode is a test node with, besides testNode's users, a reporter and
// an analyst in every party.
func domainNode(t *testing.T) *testNode {
	t.Helper()
	n := newTestNode(t)
	ctx := context.Background()
	for _, party := range []string{"un", "us", "ru"} {
		for _, role := range []access.Role{access.RoleReporter, access.RoleAnalyst} {
			name := party + "-" + string(role)
			u, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: party, Role: role, Password: "password-" + name}, true)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
			if err != nil {
				t.Fatal(err)
			}
			n.tokens[name] = tok.Secret
		}
	}
	return n
}

// call is do with an If-Match header and a decoded JSON answer.
func (n *testNode) call(method, path, user, ifMatch string, body any) (int, map[string]any, http.Header) {
	n.t.Helper()
	var rd *strings.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, _ := json.Marshal(b)
		rd = strings.NewReader(string(raw))
	}
	var req *http.Request
	if rd != nil {
		req, _ = http.NewRequest(method, n.srv.URL+path, rd)
		req.Header.Set("Content-Type", "application/json")
	} else {
		req, _ = http.NewRequest(method, n.srv.URL+path, nil)
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+n.tokens[user])
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out, resp.Header
}

func (n *testNode) must(want int, method, path, user, ifMatch string, body any) (map[string]any, string) {
	n.t.Helper()
	st, out, h := n.call(method, path, user, ifMatch, body)
	if st != want {
		n.t.Fatalf("%s %s as %s: status %d, want %d: %v", method, path, user, st, want, out)
	}
	return out, h.Get("ETag")
}

// logSize is the number of entries in the node's log.
func (n *testNode) logSize() int64 { return n.app.Hashes.Size() }

// TestDomains runs the zones and incidents scenarios against one node
// (creating a node with its users costs seconds of password hashing). Each
// scenario works in its own area or with its own records.
func TestDomains(t *testing.T) {
	n := domainNode(t)
	for _, c := range []struct {
		name string
		run  func(*testing.T, *testNode)
	}{
		{"ZoneAgreementPutsAZoneInForce", subZoneAgreementPutsAZoneInForce},
		{"ZoneGeometryErrorsNameRingAndVertex", subZoneGeometryErrorsNameRingAndVertex},
		{"ZoneMustBeReleasableToEveryCoChair", subZoneMustBeReleasableToEveryCoChair},
		{"HiddenZonesDoNotLeak", subHiddenZonesDoNotLeak},
		{"VerificationWorkflow", subVerificationWorkflow},
		{"IncidentReadPathsHonourReleasability", subIncidentReadPathsHonourReleasability},
		{"BadIncidentInputChangesNothing", subBadIncidentInputChangesNothing},
		{"ImportIsValidatedAllOrNothingAndIdempotent", subImportIsValidatedAllOrNothingAndIdempotent},
		{"ImportTakesLargeFiles", subImportTakesLargeFiles},
		{"EvidenceIsContentAddressed", subEvidenceIsContentAddressed},
		{"EvidenceLimitsHashAndTamper", subEvidenceLimitsHashAndTamper},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := n.t
			n.t = t
			defer func() { n.t = parent }()
			c.run(t, n)
		})
	}
}

const square = `{"type":"Polygon","coordinates":[[[37.0,36.0],[37.3,36.0],[37.3,36.3],[37.0,36.3],[37.0,36.0]]]}`

func zoneBody(from string) map[string]any {
	return map[string]any{"kind": "ceasefire_area", "name": "Test area", "name_ru": "Тест", "name_ar": "اختبار",
		"geometry": json.RawMessage(square), "effective_from": from}
}

func incidentBody(ext string, lon, lat float64, tlp string, audience ...string) map[string]any {
	rel := map[string]any{"tlp": tlp}
	if len(audience) > 0 {
		rel["audience"] = audience
	}
	return map[string]any{"external_id": ext, "category": "shelling_missile",
		"time":     map[string]any{"start": "2016-07-10T08:00:00Z", "precision": "hour"},
		"location": map[string]any{"type": "Point", "coordinates": []float64{lon, lat}}, "location_precision": "1km",
		"perpetrator": map[string]any{"kind": "group", "group": "Armed group A"},
		"casualties":  []map[string]any{{"outcome": "killed", "group": "civilian", "min": 2, "max": 4, "source": "hospital"}},
		"narrative":   "Shelling reported near the market " + ext, "releasability": rel,
		"sources": []map[string]any{{"name": "Local council", "reliability": "C", "credibility": 3}}}
}

func subZoneAgreementPutsAZoneInForce(t *testing.T, n *testNode) {
	// Who may propose: a liaison of a co-chair party, no one else.
	for _, u := range []string{"us-observer", "us-analyst", "un-liaison", "us-admin"} {
		n.must(403, "POST", "/api/v1/zones", u, "", zoneBody("2016-07-01T00:00:00Z"))
	}
	n.must(401, "POST", "/api/v1/zones", "", "", zoneBody("2016-07-01T00:00:00Z"))
	// An incident before the zone exists is attributed once the zone is agreed.
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("early", 37.1, 36.1, "GREEN"))
	z, etag := n.must(201, "POST", "/api/v1/zones", "us-liaison", "", zoneBody("2016-07-01T00:00:00Z"))
	id := z["id"].(string)
	if z["status"] != "proposed" {
		t.Fatalf("status after proposal = %v, want proposed", z["status"])
	}
	n.must(409, "POST", "/api/v1/zones/"+id+"/versions/1/agreements", "us-liaison", "", nil)
	n.must(403, "POST", "/api/v1/zones/"+id+"/versions/1/agreements", "ru-analyst", "", nil)
	n.must(404, "POST", "/api/v1/zones/"+id+"/versions/9/agreements", "ru-liaison", "", nil)
	z, _ = n.must(201, "POST", "/api/v1/zones/"+id+"/versions/1/agreements", "ru-liaison", "", nil)
	if z["status"] != "in_force" {
		t.Fatalf("status after both co-chairs agreed = %v, want in_force", z["status"])
	}
	got, _ := n.must(200, "GET", "/api/v1/incidents/"+inc["id"].(string), "ru-observer", "", nil)
	if zs := fmt.Sprint(got["zones"]); zs != "["+id+"]" {
		t.Fatalf("incident zones = %s, want [%s]", zs, id)
	}
	// A new version needs If-Match; a stale one changes nothing.
	size := n.logSize()
	n.must(428, "POST", "/api/v1/zones/"+id+"/versions", "ru-liaison", "", map[string]any{"action": "withdraw", "effective_from": "2016-07-20T00:00:00Z"})
	n.must(412, "POST", "/api/v1/zones/"+id+"/versions", "ru-liaison", etag, map[string]any{"action": "withdraw", "effective_from": "2016-07-20T00:00:00Z"})
	if n.logSize() != size {
		t.Fatal("a refused version changed the log")
	}
	_, cur := n.must(200, "GET", "/api/v1/zones/"+id, "ru-observer", "", nil)
	z, _ = n.must(201, "POST", "/api/v1/zones/"+id+"/versions", "ru-liaison", cur, map[string]any{"action": "withdraw", "effective_from": "2016-07-20T00:00:00Z"})
	if z["latest_version"].(float64) != 2 || z["status"] != "in_force" {
		t.Fatalf("after proposing a withdrawal: %v", z)
	}
	n.must(201, "POST", "/api/v1/zones/"+id+"/versions/2/agreements", "us-liaison", "", nil)
	z, _ = n.must(200, "GET", "/api/v1/zones/"+id, "us-observer", "", nil)
	n.must(404, "GET", "/api/v1/zones/"+id, "", "", nil) // GREEN: members only
	if z["status"] != "withdrawn" {
		t.Fatalf("status after agreed withdrawal = %v", z["status"])
	}
	// The incident of 10 July stays in the zone: it was in force then.
	got, _ = n.must(200, "GET", "/api/v1/incidents/"+inc["id"].(string), "ru-observer", "", nil)
	if zs := fmt.Sprint(got["zones"]); zs != "["+id+"]" {
		t.Fatalf("incident zones after withdrawal = %s", zs)
	}
	h, _ := n.must(200, "GET", "/api/v1/zones/"+id+"/history", "un-observer", "", nil)
	if k := len(h["items"].([]any)); k != 6 {
		t.Fatalf("zone history has %d entries, want 6 (2 versions, each with 2 agreements)", k)
	}
}

func subZoneGeometryErrorsNameRingAndVertex(t *testing.T, n *testNode) {
	size := n.logSize()
	cases := map[string]struct {
		geom  string
		field string
	}{
		"bow tie":      {`{"type":"Polygon","coordinates":[[[37,36],[37.2,36.2],[37.2,36],[37,36.2],[37,36]]]}`, "geometry/coordinates/0/"},
		"unclosed":     {`{"type":"Polygon","coordinates":[[[37,36],[37.2,36],[37.2,36.2],[37,36.2]]]}`, "geometry/coordinates/0/3"},
		"out of range": {`{"type":"Polygon","coordinates":[[[37,36],[237,36],[37.2,36.2],[37,36]]]}`, "geometry/coordinates/0/1"},
		"point":        {`{"type":"Point","coordinates":[37,36]}`, "geometry/type"},
	}
	for name, c := range cases {
		body := zoneBody("2016-07-01T00:00:00Z")
		body["geometry"] = json.RawMessage(c.geom)
		out, _ := n.must(422, "POST", "/api/v1/zones", "us-liaison", "", body)
		errs := out["errors"].([]any)
		field := errs[0].(map[string]any)["field"].(string)
		if !strings.HasPrefix(field, c.field) {
			t.Errorf("%s: field %q, want prefix %q (%v)", name, field, c.field, out["detail"])
		}
	}
	if n.logSize() != size {
		t.Fatal("rejected zones changed the log")
	}
}

func subVerificationWorkflow(t *testing.T, n *testNode) {
	inc, etag := n.must(201, "POST", "/api/v1/incidents", "un-reporter", "", incidentBody("w1", 37.1, 36.1, "GREEN"))
	id := inc["id"].(string)
	path := "/api/v1/incidents/" + id
	if inc["status"] != "reported" {
		t.Fatalf("new incident status %v", inc["status"])
	}
	assess := func(user, etag, verdict string, want int) string {
		t.Helper()
		out, e := n.must(want, "POST", path+"/assessments", user, etag, map[string]any{"verdict": verdict, "reasoning": "checked imagery"})
		if want == 200 {
			return out["status"].(string) + " " + e
		}
		return ""
	}
	status := func(s string) (string, string) { f := strings.Fields(s); return f[0], f[1] }
	// Forbidden: not an analyst, or not of a co-chair party.
	for _, u := range []string{"us-observer", "us-reporter", "us-liaison", "un-analyst"} {
		n.must(403, "POST", path+"/assessments", u, etag, map[string]any{"verdict": "confirmed", "reasoning": "x"})
	}
	// Missing and stale If-Match.
	n.must(428, "POST", path+"/assessments", "us-analyst", "", map[string]any{"verdict": "confirmed", "reasoning": "x"})
	n.must(412, "POST", path+"/assessments", "us-analyst", `"1"`, map[string]any{"verdict": "confirmed", "reasoning": "x"})
	n.must(422, "POST", path+"/assessments", "us-analyst", etag, map[string]any{"verdict": "maybe", "reasoning": "x"})
	// reported → under_review → confirmed.
	st, etag := status(assess("us-analyst", etag, "confirmed", 200))
	if st != "under_review" {
		t.Fatalf("after one confirmation: %s", st)
	}
	size := n.logSize()
	assess("ru-analyst", `"`+fmt.Sprint(inc["seq"])+`"`, "confirmed", 412) // stale: changes nothing
	if n.logSize() != size {
		t.Fatal("a stale assessment changed the log")
	}
	st, etag = status(assess("ru-analyst", etag, "confirmed", 200))
	if st != "confirmed" {
		t.Fatalf("after both confirmed: %s", st)
	}
	// Closed: no more assessments; reopening needs a closed incident.
	assess("ru-analyst", etag, "rejected", 409)
	n.must(403, "POST", path+"/reopen", "us-reporter", etag, map[string]any{"reason": "new evidence"})
	out, etag := n.must(200, "POST", path+"/reopen", "ru-liaison", etag, map[string]any{"reason": "new evidence"})
	if out["status"] != "under_review" || out["round"].(float64) != 1 || len(out["assessments"].([]any)) != 0 {
		t.Fatalf("after reopening: %v", out)
	}
	n.must(409, "POST", path+"/reopen", "ru-liaison", etag, map[string]any{"reason": "again"})
	// needs_information keeps it under review; disagreement disputes it.
	st, etag = status(assess("ru-analyst", etag, "needs_information", 200))
	if st != "under_review" {
		t.Fatalf("after needs_information: %s", st)
	}
	st, etag = status(assess("us-analyst", etag, "confirmed", 200))
	if st != "under_review" {
		t.Fatalf("confirmed + needs_information: %s", st)
	}
	st, etag = status(assess("ru-analyst", etag, "rejected", 200))
	if st != "disputed" {
		t.Fatalf("confirmed + rejected: %s", st)
	}
	out, etag = n.must(200, "POST", path+"/reopen", "us-analyst", etag, map[string]any{"reason": "recheck"})
	st, etag = status(assess("us-analyst", etag, "rejected", 200))
	st, etag = status(assess("ru-analyst", etag, "rejected", 200))
	if st != "unfounded" {
		t.Fatalf("both rejected: %s", st)
	}
	// Duplicates and comments.
	dup, detag := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("w2", 37.1, 36.1, "GREEN"))
	dpath := "/api/v1/incidents/" + dup["id"].(string)
	n.must(422, "POST", dpath+"/duplicate", "us-analyst", detag, map[string]any{"duplicate_of": dup["id"]})
	n.must(404, "POST", dpath+"/duplicate", "us-analyst", detag, map[string]any{"duplicate_of": "inc_nothing"})
	out, detag = n.must(200, "POST", dpath+"/duplicate", "us-analyst", detag, map[string]any{"duplicate_of": id})
	if out["duplicate_of"] != id {
		t.Fatalf("duplicate_of = %v", out["duplicate_of"])
	}
	n.must(409, "POST", dpath+"/duplicate", "us-analyst", detag, map[string]any{"duplicate_of": id})
	_, etag = n.must(200, "GET", path, "us-observer", "", nil)
	n.must(409, "POST", path+"/duplicate", "us-analyst", etag, map[string]any{"duplicate_of": dup["id"]})
	n.must(201, "POST", path+"/comments", "un-reporter", "", map[string]any{"text": "UN team visited the site"})
	n.must(403, "POST", path+"/comments", "un-observer", "", map[string]any{"text": "x"})
	cs, _ := n.must(200, "GET", path+"/comments", "us-observer", "", nil)
	if len(cs["items"].([]any)) != 1 {
		t.Fatalf("comments: %v", cs)
	}
	h, _ := n.must(200, "GET", path+"/history", "ru-observer", "", nil)
	var kinds []string
	for _, e := range h["items"].([]any) {
		kinds = append(kinds, e.(map[string]any)["kind"].(string))
	}
	want := "incident.reported incident.assessed incident.assessed incident.reopened incident.assessed incident.assessed " +
		"incident.assessed incident.reopened incident.assessed incident.assessed incident.duplicate_linked incident.commented"
	if strings.Join(kinds, " ") != want {
		t.Fatalf("history:\n got %s\nwant %s", strings.Join(kinds, " "), want)
	}
}

func subIncidentReadPathsHonourReleasability(t *testing.T, n *testNode) {
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("clear", 40.1, 34.1, "CLEAR"))
	n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("green", 40.1, 34.1, "GREEN"))
	amber, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("amber", 40.1, 34.1, "AMBER"))
	red, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("red", 40.1, 34.1, "RED", "un"))
	const area = "bbox=40,34,41,35"
	// Who sees how many: the public CLEAR only; ru CLEAR+GREEN; un also RED; us everything.
	want := map[string]int{"": 1, "ru-observer": 2, "un-observer": 3, "us-observer": 4}
	for user, k := range want {
		page, _ := n.must(200, "GET", "/api/v1/incidents?"+area+"&from=2016-07-01T00:00:00Z&to=2016-07-31T00:00:00Z", user, "", nil)
		if got := len(page["items"].([]any)); got != k {
			t.Errorf("%q lists %d incidents, want %d", user, got, k)
		}
		c, _ := n.must(200, "GET", "/api/v1/incidents/counts?"+area, user, "", nil)
		if got := int(c["total"].(float64)); got != k {
			t.Errorf("%q counts %d incidents, want %d", user, got, k)
		}
		a, _ := n.must(200, "GET", "/api/v1/incidents/aggregates?"+area, user, "", nil)
		total, killed := 0, 0
		for _, it := range a["items"].([]any) {
			total += int(it.(map[string]any)["incidents"].(float64))
			killed += int(it.(map[string]any)["killed"].(float64))
		}
		if total != k || killed != 2*k {
			t.Errorf("%q aggregates count %d incidents and %d killed, want %d and %d", user, total, killed, k, 2*k)
		}
		text, _ := n.must(200, "GET", "/api/v1/incidents?q=market&"+area, user, "", nil)
		if got := len(text["items"].([]any)); got != k {
			t.Errorf("%q finds %d incidents by text, want %d", user, got, k)
		}
	}
	for _, c := range []struct {
		user string
		inc  map[string]any
	}{{"ru-observer", amber}, {"", amber}, {"un-observer", amber}, {"ru-observer", red}} {
		id := c.inc["id"].(string)
		for _, p := range []string{"", "/history", "/comments"} {
			n.must(404, "GET", "/api/v1/incidents/"+id+p, c.user, "", nil)
		}
		if c.user != "" {
			n.must(404, "POST", "/api/v1/incidents/"+id+"/comments", strings.Replace(c.user, "observer", "reporter", 1), "", map[string]any{"text": "x"})
		}
	}
	n.must(200, "GET", "/api/v1/incidents/"+red["id"].(string)+"/history", "un-observer", "", nil)
}

func subBadIncidentInputChangesNothing(t *testing.T, n *testNode) {
	size := n.logSize()
	huge := make([][]float64, 0, 6000)
	for i := range 5999 {
		a := float64(i) / 5999 * 6.283
		huge = append(huge, []float64{37 + 0.1*cos(a), 36 + 0.1*sin(a)})
	}
	huge = append(huge, huge[0])
	bad := []struct {
		name string
		body any
		want int
	}{
		{"malformed", `{"category": `, 400},
		{"unknown field", `{"category":"other","colour":"red"}`, 400},
		{"wrong type", `{"category":"other","narrative":5}`, 400},
		{"two values", `{"category":"other"} {}`, 400},
		{"bad category", withField(incidentBody("b", 37, 36, "GREEN"), "category", "drone_show"), 422},
		{"out of range", withField(incidentBody("b", 37, 36, "GREEN"), "location", map[string]any{"type": "Point", "coordinates": []float64{37, 96}}), 422},
		{"huge polygon", withField(incidentBody("b", 37, 36, "GREEN"), "location", map[string]any{"type": "Polygon", "coordinates": [][][]float64{huge}}), 422},
		{"bad reliability", withField(incidentBody("b", 37, 36, "GREEN"), "sources", []map[string]any{{"name": "x", "reliability": "G", "credibility": 3}}), 422},
		{"bad casualties", withField(incidentBody("b", 37, 36, "GREEN"), "casualties", []map[string]any{{"outcome": "killed", "group": "civilian", "min": 5, "max": 2, "source": "x"}}), 422},
		{"unknown audience", withField(incidentBody("b", 37, 36, "GREEN"), "releasability", map[string]any{"tlp": "AMBER", "audience": []string{"zz"}}), 422},
		{"bad time", withField(incidentBody("b", 37, 36, "GREEN"), "time", map[string]any{"start": "yesterday"}), 422},
		{"oversize", `{"narrative":"` + strings.Repeat("x", 2<<20) + `"}`, 413},
	}
	for _, c := range bad {
		st, out, h := n.call("POST", "/api/v1/incidents", "us-reporter", "", c.body)
		if st != c.want || !strings.HasPrefix(h.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: status %d (%s), want %d problem: %v", c.name, st, h.Get("Content-Type"), c.want, out)
		}
	}
	for _, q := range []string{"bbox=1,2,3", "bbox=0,0,200,1", "from=yesterday", "category=x", "status=x", "cursor=zzz", "limit=0"} {
		n.must(400, "GET", "/api/v1/incidents?"+q, "us-observer", "", nil)
	}
	if n.logSize() != size {
		t.Fatal("bad input changed the log")
	}
}

func withField(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }

func subImportIsValidatedAllOrNothingAndIdempotent(t *testing.T, n *testNode) {
	good := "external_id,category,time_start,time_precision,lon,lat,narrative,killed_min,killed_max,casualty_source,perpetrator\n" +
		"a1,air_strike,2016-07-03T10:00:00Z,hour,38.1,36.2,Air strike on a bakery,3,5,clinic,unknown\n" +
		"a2,shelling_missile,2016-07-04T10:00:00Z,day,38.2,36.1,Shelling of a road,,,,party:ru\n"
	bad := good + "a3,drone_show,2016-07-05T10:00:00Z,day,37.2,36.1,Bad category,,,,unknown\n" +
		"a4,other,2016-07-05T10:00:00Z,day,37.2,not-a-number,Bad latitude,,,,unknown\n"
	post := func(body string, query string, want int) map[string]any {
		t.Helper()
		req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/incidents:import?"+query, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+n.tokens["us-reporter"])
		req.Header.Set("Content-Type", "text/csv")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode != want {
			t.Fatalf("import: %d, want %d: %v", resp.StatusCode, want, out)
		}
		return out
	}
	size := n.logSize()
	out := post(bad, "", 422)
	errs := out["report"].(map[string]any)["errors"].([]any)
	got := fmt.Sprint(errs)
	if !strings.Contains(got, "row:3") || !strings.Contains(got, "column:category") || !strings.Contains(got, "row:4") || !strings.Contains(got, "column:lat") {
		t.Fatalf("report does not name rows 3 and 4 and their columns: %s", got)
	}
	if n.logSize() != size {
		t.Fatal("a rejected import wrote entries")
	}
	out = post(good, "", 200)
	if out["created"].(float64) != 2 {
		t.Fatalf("first import: %v", out)
	}
	out = post(good, "", 200)
	if out["created"].(float64) != 0 || out["existing"].(float64) != 2 {
		t.Fatalf("second import created again: %v", out)
	}
	out = post(bad, "partial=true", 200)
	if out["created"].(float64) != 0 || out["invalid"].(float64) != 2 {
		t.Fatalf("partial import: %v", out)
	}
	geo := `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[38.15,36.15]},
		"properties":{"ref":"g1","category":"armed_clash","time_start":"2016-07-06T00:00:00Z","time_precision":"day","narrative":"Clash"}}]}`
	req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/incidents:import?format=geojson&mapping=external_id%3Dref", strings.NewReader(geo))
	req.Header.Set("Authorization", "Bearer "+n.tokens["us-reporter"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GeoJSON import: %v %v", err, resp.Status)
	}
	resp.Body.Close()
	page, _ := n.must(200, "GET", "/api/v1/incidents?party=us&bbox=37.9,35.9,38.5,36.5", "us-observer", "", nil)
	if k := len(page["items"].([]any)); k != 3 {
		t.Fatalf("%d incidents after imports, want 3", k)
	}
	// A place name without a location is resolved by the gazetteer.
	body := incidentBody("place", 0, 0, "GREEN")
	delete(body, "location")
	delete(body, "location_precision")
	body["place_name"] = "Tadmur"
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", body)
	if inc["location_precision"] != "town" || inc["place_id"] == nil {
		t.Fatalf("place resolution: %v %v", inc["location_precision"], inc["location"])
	}
	places, _ := n.must(200, "GET", "/api/v1/places?q=Palmyra", "", "", nil)
	if len(places["items"].([]any)) == 0 {
		t.Fatal("no place found for Palmyra")
	}
}

func subEvidenceIsContentAddressed(t *testing.T, n *testNode) {
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	req, _ := http.NewRequest("POST", n.srv.URL+"/api/v1/evidence", strings.NewReader(string(png)))
	req.Header.Set("Authorization", "Bearer "+n.tokens["us-reporter"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("upload: %v %v", err, resp.Status)
	}
	var ev map[string]any
	json.NewDecoder(resp.Body).Decode(&ev)
	resp.Body.Close()
	body := incidentBody("ev", 37, 36, "AMBER")
	body["evidence"] = []map[string]any{{"sha256": ev["sha256"], "name": "photo.png"}}
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", body)
	path := "/api/v1/incidents/" + inc["id"].(string) + "/evidence/" + ev["sha256"].(string)
	st, _, h := n.call("GET", path, "us-observer", "", nil)
	if st != 200 || h.Get("Content-Type") != "image/png" {
		t.Fatalf("download: %d %s", st, h.Get("Content-Type"))
	}
	n.must(404, "GET", path, "ru-observer", "", nil)
	body = incidentBody("ev2", 37, 36, "GREEN")
	body["evidence"] = []map[string]any{{"sha256": strings.Repeat("0", 64)}}
	n.must(422, "POST", "/api/v1/incidents", "us-reporter", "", body)
	_ = time.Second
}

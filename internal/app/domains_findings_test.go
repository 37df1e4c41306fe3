package app

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/testwait"
)

// findingsOf returns the findings view of incident id as user.
func (n *testNode) findingsOf(id, user string) map[string]any {
	n.t.Helper()
	v, _ := n.must(200, "GET", "/api/v1/incidents/"+id+"/findings", user, "", nil)
	return v
}

func label(v map[string]any) string { return v["status"].(map[string]any)["label"].(string) }

// TestFindingsFlow is the full flow over the API: allegation, the monitors'
// investigation (a field team restricted to the monitoring cell on every
// read path), the report and the right of reply, the finding of fact,
// attribution disputed, positions (a co-chair verdict reads as one) and a
// reply that lapses; no party's position changes the fact, and bad input
// changes nothing.
func TestFindingsFlow(t *testing.T) {
	n := domainNode(t)
	inc, etag := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("f1", 37.1, 36.1, "GREEN"))
	id := inc["id"].(string)
	path := "/api/v1/incidents/" + id
	if got := label(n.findingsOf(id, "ru-liaison")); got != "reported; no finding" {
		t.Fatalf("new incident: %q", got)
	}
	n.must(201, "POST", path+"/allegations", "us-liaison", "", map[string]any{"source": "party", "accused": "ru", "text": "shelling of the market"})
	n.must(201, "POST", path+"/allegations", "un-reporter", "", map[string]any{"source": "public", "name": "a resident", "text": "heard shelling"})

	// Only the monitoring cell investigates.
	for _, u := range []string{"ru-analyst", "us-liaison", "un-reporter", "un-observer"} {
		n.must(403, "POST", path+"/investigation/open", u, "", map[string]any{"note": "x"})
	}
	n.must(409, "POST", path+"/investigation/task", "un-analyst", "", map[string]any{"task": "t1", "team": []string{"A"}, "where": "market", "from": "2016-07-11T08:00:00Z", "to": "2016-07-11T12:00:00Z"})
	n.must(201, "POST", path+"/investigation/open", "un-analyst", "", map[string]any{"note": "preliminary"})

	usEvents := n.openSSE("/api/v1/stream", bearer(n.tokens["us-liaison"]))
	unEvents := n.openSSE("/api/v1/stream", bearer(n.tokens["un-liaison"]))
	v, _ := n.must(201, "POST", path+"/investigation/task", "un-analyst", "", map[string]any{"task": "t1", "team": []string{"Team Alpha", "Team Bravo"},
		"where": "market square, grid 37SBA123", "from": "2016-07-11T08:00:00Z", "to": "2016-07-11T12:00:00Z", "notified": []string{"us", "ru"}})
	if tasks := v["investigation"].(map[string]any)["tasks"].([]any); len(tasks) != 1 {
		t.Fatalf("the monitors do not see their tasking: %v", tasks)
	}
	// The tasking is hidden from the parties: findings, history, log entries, stream.
	for _, u := range []string{"us-liaison", "ru-analyst"} {
		if tasks := n.findingsOf(id, u)["investigation"].(map[string]any)["tasks"].([]any); len(tasks) != 0 {
			t.Errorf("%s sees the field team's tasking: %v", u, tasks)
		}
		_, body, _ := n.do("GET", path+"/history", u, nil)
		if strings.Contains(string(body), "finding.team_tasked") || strings.Contains(string(body), "Team Alpha") {
			t.Errorf("%s sees the tasking in the history", u)
		}
		_, body, _ = n.do("GET", "/api/v1/log/entries?subject=incident:"+id, u, nil)
		if strings.Contains(string(body), "Team Alpha") {
			t.Errorf("%s sees the tasking in the log entries", u)
		}
	}
	if _, body, _ := n.do("GET", path+"/history", "un-liaison", nil); !strings.Contains(string(body), "finding.team_tasked") {
		t.Errorf("the monitoring cell does not see its tasking in the history")
	}

	n.must(201, "POST", path+"/investigation/observe", "un-analyst", "", map[string]any{"task": "t1", "text": "crater 3 m, fragments of a 122 mm rocket",
		"no_access": []map[string]any{{"place": "northern checkpoint", "reason": "denied by the local commander"}}, "attended": []string{"ru"}})
	replyBy := time.Now().Add(2 * time.Second).UTC().Format(time.RFC3339)
	n.must(201, "POST", path+"/investigation/report", "un-analyst", "", map[string]any{"summary": "a rocket hit the market", "concerned": []string{"us", "ru"}, "reply_by": replyBy})
	n.must(201, "POST", path+"/replies", "us-liaison", "", map[string]any{"text": "we did not fire"})
	n.must(409, "POST", path+"/replies", "us-liaison", "", map[string]any{"text": "again"})
	n.must(403, "POST", path+"/replies", "un-liaison", "", map[string]any{"text": "not concerned"})

	// Bad input gets a 4xx and changes nothing.
	size := n.logSize()
	n.must(422, "POST", path+"/fact", "un-analyst", "", map[string]any{"what": "w", "where": "x", "when": "y", "confidence": "sure"})
	n.must(400, "POST", path+"/fact", "un-analyst", "", map[string]any{"what": "w", "unknown": 1})
	n.must(422, "POST", path+"/positions", "ru-analyst", "", map[string]any{"on_finding": "maybe", "statement": "s"})
	n.must(409, "POST", path+"/attribution", "un-analyst", "", map[string]any{"state": "disputed", "reasoning": "no fact yet"})
	if n.logSize() != size {
		t.Fatalf("refused requests wrote %d entries", n.logSize()-size)
	}

	n.must(201, "POST", path+"/fact", "un-analyst", "", map[string]any{"what": "a 122 mm rocket hit the market", "where": "Aleppo, market square",
		"when": "2016-07-10T08:00Z ± 1 h", "confidence": "high"})
	n.must(201, "POST", path+"/attribution", "un-analyst", "", map[string]any{"state": "disputed", "reasoning": "the trajectory fits both sides' positions"})
	n.must(201, "POST", path+"/positions", "us-analyst", "", map[string]any{"on_finding": "accepts", "on_attribution": "rejects", "statement": "the rocket was not ours"})
	// A co-chair's verdict, through the route of earlier versions, reads as its position.
	n.must(200, "POST", path+"/assessments", "ru-analyst", etag, map[string]any{"verdict": "rejected", "reasoning": "staged"})

	want := "fact established by the monitors; attribution disputed; ru: rejects, us: accepts"
	var got map[string]any
	testwait.For(t, 20*time.Second, "ru's right of reply to lapse", func() bool {
		got = n.findingsOf(id, "us-liaison")
		for _, r := range got["replies"].([]any) {
			if r := r.(map[string]any); r["party"] == "ru" {
				return r["state"] == "lapsed"
			}
		}
		return false
	})
	if label(got) != want {
		t.Errorf("label %q, want %q", label(got), want)
	}
	if f := got["fact"].(map[string]any); f["confidence"] != "high" || f["party"] != "un" {
		t.Errorf("fact %v", f)
	}
	n.must(409, "POST", path+"/replies", "ru-liaison", "", map[string]any{"text": "too late"})
	if rec, _ := n.must(200, "GET", path, "us-liaison", "", nil); rec["finding"].(map[string]any)["label"] != want {
		t.Errorf("the incident record names %v", rec["finding"])
	}
	if public := n.findingsOf(id, "ru-observer"); label(public) != want {
		t.Errorf("ru sees %q", label(public))
	}

	// The OGC API and the exports name the layer; a CQL2 filter selects
	// the established facts; no read path carries the tasking.
	_, item, _ := n.do("GET", "/ogc/collections/incidents/items/"+id, "us-liaison", nil)
	_, csv, _ := n.do("GET", "/api/v1/exports/incidents?format=hxl", "us-liaison", nil)
	_, filtered, _ := n.do("GET", "/ogc/collections/incidents/items?filter="+url.QueryEscape("fact_status = 'established'"), "ru-liaison", nil)
	_, notYet, _ := n.do("GET", "/ogc/collections/incidents/items?filter="+url.QueryEscape("fact_status = 'none'"), "ru-liaison", nil)
	for name, body := range map[string][]byte{"OGC item": item, "CSV export": csv, "OGC filter": filtered} {
		if !strings.Contains(string(body), want) || !strings.Contains(string(body), "established") {
			t.Errorf("the %s does not name the layer: %.300s", name, body)
		}
	}
	if strings.Contains(string(notYet), id) {
		t.Errorf("fact_status = 'none' selects an incident with an established fact")
	}
	var tasked float64
	entries, _ := n.must(200, "GET", "/api/v1/log/entries?subject=incident:"+id, "un-liaison", "", nil)
	for _, e := range entries["items"].([]any) {
		if e := e.(map[string]any); e["entry"].(map[string]any)["kind"] == "finding.team_tasked" {
			tasked = e["seq"].(float64)
		}
	}
	if tasked == 0 {
		t.Fatalf("the monitoring cell does not list its tasking: %v", entries)
	}
	for _, u := range []string{"us-liaison", "ru-analyst", ""} {
		if st, _, _ := n.do("GET", fmt.Sprintf("/api/v1/log/entries/%d", int64(tasked)), u, nil); st != 404 {
			t.Errorf("%q reads the tasking's entry: %d", u, st)
		}
		for _, path := range []string{"/api/v1/incidents", "/api/v1/incidents/" + id, "/ogc/collections/incidents/items", "/api/v1/exports/incidents?format=geojson"} {
			if _, body, _ := n.do("GET", path, u, nil); strings.Contains(string(body), "Team Alpha") {
				t.Errorf("%q reads the tasking in %s", u, path)
			}
		}
	}

	// The viewer of walks (exports, OGC pages) folds what View folds.
	view, err := n.app.Findings.Viewer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, party := range []string{"us", "un"} {
		by := access.Principal{UserID: party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison}
		in, err := n.app.Incidents.Get(context.Background(), by, id)
		if err != nil {
			t.Fatal(err)
		}
		a, err1 := n.app.Findings.View(context.Background(), by, id)
		b, err2 := view(context.Background(), by, in)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("%s: View %+v (%v), Viewer %+v (%v)", party, a, err1, b, err2)
		}
	}

	// The STIX export names the layer and carries positions as opinions.
	_, bundle, _ := n.do("GET", "/api/v1/exports/stix", "us-liaison", nil)
	for _, w := range []string{`"finding":"` + want + `"`, `"fact_status":"established"`, `"attribution":"disputed"`,
		`"opinion":"disagree"`, `"explanation":"staged"`, `"opinion":"agree"`, `"explanation":"the rocket was not ours"`} {
		if !strings.Contains(string(bundle), w) {
			t.Errorf("the STIX export lacks %s", w)
		}
	}
	if strings.Contains(string(bundle), "Team Alpha") {
		t.Errorf("the STIX export carries the tasking")
	}

	// The stream: us never receives the tasking, the monitors do.
	for who, events := range map[string]<-chan sseEvent{"us": usEvents, "un": unEvents} {
		sawTask := false
		for ev := range events {
			sawTask = sawTask || strings.Contains(ev.data, "finding.team_tasked")
			if strings.Contains(ev.data, "finding.position_stated") {
				break
			}
		}
		if sawTask != (who == "un") {
			t.Errorf("%s's stream carried the tasking: %v", who, sawTask)
		}
	}
}

// TestWithdrawnCoChair: a co-chair walks out on its own (no other party's
// agreement); the withdrawal is a visible state, its pending reply reads
// "unanswered (withdrawn)" at once, and the record goes on without it.
func TestWithdrawnCoChair(t *testing.T) {
	n := domainNode(t)
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "us-reporter", "", incidentBody("w-out", 37.1, 36.1, "GREEN"))
	id := inc["id"].(string)
	path := "/api/v1/incidents/" + id
	n.must(201, "POST", path+"/investigation/open", "un-liaison", "", map[string]any{"note": "preliminary"})
	replyBy := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	n.must(201, "POST", path+"/investigation/report", "un-liaison", "", map[string]any{"summary": "s", "concerned": []string{"us", "ru"}, "reply_by": replyBy})

	p, _ := n.must(201, "POST", "/api/v1/membership/proposals", "ru-liaison", "", map[string]any{"kind": "retire_party", "party": "ru", "note": "we walk out"})
	if p["status"] != "in_force" {
		t.Fatalf("a walk-out waits for others: %v", p)
	}
	v := n.findingsOf(id, "us-liaison")
	replies := fmt.Sprint(v["replies"])
	if !strings.Contains(replies, "unanswered (withdrawn)") || !strings.Contains(fmt.Sprint(v["withdrawn"]), "ru") {
		t.Fatalf("after ru withdrew: replies %s, withdrawn %v", replies, v["withdrawn"])
	}
	if !strings.Contains(label(v), "ru: withdrawn") {
		t.Errorf("label %q does not show ru withdrawn", label(v))
	}
	// Nothing waits for it: the monitors establish the fact, us states its position.
	n.must(201, "POST", path+"/fact", "un-liaison", "", map[string]any{"what": "w", "where": "x", "when": "y", "confidence": "medium"})
	n.must(201, "POST", path+"/positions", "us-liaison", "", map[string]any{"on_finding": "accepts", "statement": "s"})
	n.must(403, "POST", path+"/positions", "ru-liaison", "", map[string]any{"on_finding": "rejects", "statement": "s"})
	if got := label(n.findingsOf(id, "us-liaison")); got != "fact established by the monitors; agreed by the co-chairs; us: accepts, ru: withdrawn" {
		t.Errorf("label %q", got)
	}
}

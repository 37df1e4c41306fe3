package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/cases"
	"truce/internal/ledger"
	"truce/internal/testwait"
)

// caseFixture is a site un notified to ru and us, an incident ru reports
// at it alleging us, and the case the alert opened.
type caseFixture struct {
	n      *testNode
	siteID string
	incID  string
	c      cases.Case
}

// openedCase notifies a site, reports an incident at it and waits for its
// case.
func openedCase(t *testing.T, n *testNode) *caseFixture {
	t.Helper()
	out, _ := n.must(201, "POST", "/api/v1/sites", "un-liaison", "", map[string]any{"kind": "hospital",
		"names": map[string]string{"en": "Field hospital"}, "location": map[string]any{"type": "Point", "coordinates": []float64{37.16, 36.2}},
		"buffer_m": 300, "parties": []string{"ru", "us"}})
	f := &caseFixture{n: n, siteID: out["id"].(string)}
	body := incidentBody("case-1", 37.1605, 36.2005, "GREEN")
	body["time"] = map[string]any{"start": time.Now().UTC().Add(time.Second).Format(time.RFC3339Nano), "precision": "hour"}
	body["perpetrator"] = map[string]any{"kind": "party", "party": "us"}
	inc, _ := n.must(201, "POST", "/api/v1/incidents", "ru-reporter", "", body)
	f.incID = inc["id"].(string)
	testwait.For(t, 20*time.Second, "the case of the incident", func() bool {
		c, err := n.app.DB.Cases().CaseByKey(context.Background(), nil, cases.Key(cases.ConcernsSite, f.siteID, f.incID))
		if err == nil {
			f.c = *c
		}
		return err == nil
	})
	return f
}

// path returns the case's path with suffix.
func (f *caseFixture) path(suffix string) string { return "/api/v1/cases/" + f.c.ID + suffix }

// TestCaseOpensWithItsAlert: the "notified site affected" alert opens one
// case in its own commit, citing the incident, the site's version and the
// alert, with a request to each notified party; checking the incident
// again opens nothing more.
func TestCaseOpensWithItsAlert(t *testing.T) {
	n := domainNode(t)
	f := openedCase(t, n)
	c := f.c
	ctx := context.Background()
	a, err := n.app.DB.Alerts().Alert(ctx, nil, c.AlertID)
	if err != nil {
		t.Fatalf("the case's alert %s: %v", c.AlertID, err)
	}
	if a.Kind != alerts.KindSiteAffected || c.FirstSeq != a.RaisedSeq+1 {
		t.Errorf("alert %s #%d, case.opened #%d: want the case in the alert's commit, right after it", a.Kind, a.RaisedSeq, c.FirstSeq)
	}
	if c.Incident.ID != f.incID || c.Concern.ID != f.siteID || c.Concern.Version != 1 || c.Concern.Notifier != "un" || c.Alleged != "us" {
		t.Errorf("case cites %+v, %+v, alleged %q", c.Incident, c.Concern, c.Alleged)
	}
	var asked []string
	for _, r := range c.Requests {
		asked = append(asked, r.Party)
		due, _ := time.Parse(time.RFC3339, r.Deadline)
		if d := time.Until(due); d < 71*time.Hour || d > 73*time.Hour {
			t.Errorf("request to %s due in %s, want 72h", r.Party, d)
		}
	}
	if fmt.Sprint(asked) != "[ru us]" {
		t.Errorf("requests to %v, want [ru us] (the notified parties; us alleged too)", asked)
	}
	// Idempotent: the incident checked again (a restart's catch-up) opens
	// no second case and raises no second alert.
	mon := alerts.NewMonitor(alerts.MonitorDeps{Alerts: n.app.Alerts, Notify: n.app.Notify, Parties: n.app.DB.Access(), FollowUp: n.app.Cases})
	raised, err := mon.CatchUp(ctx, func(fn func(e *ledger.Entry) error) error {
		return n.app.DB.EntriesOfKind(ctx, "incident.reported", 0, fn)
	})
	if err != nil || raised != 0 {
		t.Fatalf("catch-up raised %d, %v", raised, err)
	}
	all, err := n.app.DB.Cases().Cases(ctx, "")
	if err != nil || len(all) != 1 {
		t.Fatalf("cases after catch-up: %d, %v", len(all), err)
	}
}

// TestCaseFlow: answers, measures and the outcome through the API, with
// who may do what, bad input that changes nothing, and a party that was
// not notified seeing nothing of the case on any read path.
func TestCaseFlow(t *testing.T) {
	n := domainNode(t)
	n.addOutsider()
	f := openedCase(t, n)
	etag := func(user string) string {
		_, _, h := n.call("GET", f.path(""), user, "", nil)
		return h.Get("ETag")
	}
	before := n.app.Hashes.Size()
	for _, c := range []struct {
		name, method, path, user, ifMatch string
		body                              any
		want                              int
	}{
		{"answer without text", "POST", "/answers", "ru-liaison", "", map[string]any{"text": " "}, 422},
		{"answer with unknown evidence", "POST", "/answers", "ru-liaison", "", map[string]any{"text": "x", "evidence": []string{fmt.Sprintf("%064x", 1)}}, 422},
		{"answer with a bad member", "POST", "/answers", "ru-liaison", "", `{"text":"x","extra":1}`, 400},
		{"answer by an observer", "POST", "/answers", "ru-observer", "", map[string]any{"text": "x"}, 403},
		{"answer by the notifier, asked nothing", "POST", "/answers", "un-liaison", "", map[string]any{"text": "x"}, 403},
		{"answer by the outsider", "POST", "/answers", "xx-liaison", "", map[string]any{"text": "x"}, 404},
		{"measure in a bad state", "POST", "/measures", "us-liaison", "", map[string]any{"text": "x", "state": "maybe"}, 422},
		{"measure by the outsider", "POST", "/measures", "xx-liaison", "", map[string]any{"text": "x"}, 404},
		{"close by a party asked", "POST", "/close", "ru-liaison", etag("ru-liaison"), map[string]any{"finding": "x"}, 403},
		{"close without If-Match", "POST", "/close", "un-liaison", "", map[string]any{"finding": "x"}, 428},
		{"close with a stale If-Match", "POST", "/close", "un-liaison", `"1"`, map[string]any{"finding": "x"}, 412},
		{"close without a finding", "POST", "/close", "un-liaison", etag("un-liaison"), map[string]any{"finding": ""}, 422},
		{"request to an outsider that may not see it", "POST", "/requests", "un-liaison", "", map[string]any{"party": "xx"}, 422},
		{"request to a party asked already", "POST", "/requests", "un-liaison", "", map[string]any{"party": "ru"}, 409},
		{"request by a party asked", "POST", "/requests", "ru-liaison", "", map[string]any{"party": "us"}, 403},
		{"the public", "GET", "", "", "", nil, 404},
		{"the outsider", "GET", "", "xx-liaison", "", nil, 404},
		{"a bad status filter", "GET", "?status=lost", "un-liaison", "", nil, 400},
	} {
		path := f.path(c.path)
		if c.path == "?status=lost" {
			path = "/api/v1/cases?status=lost"
		}
		if code, body, _ := n.call(c.method, path, c.user, c.ifMatch, c.body); code != c.want {
			t.Errorf("%s: %d %v, want %d", c.name, code, body, c.want)
		}
	}
	if n.app.Hashes.Size() != before {
		t.Fatal("refused requests changed the log")
	}
	for _, user := range []string{"xx-liaison", ""} {
		if _, body, _ := n.call("GET", "/api/v1/cases", user, "", nil); len(body["items"].([]any)) != 0 {
			t.Errorf("%q lists %v", user, body["items"])
		}
	}

	out, _ := n.must(201, "POST", f.path("/answers"), "ru-liaison", "", map[string]any{"text": "Our units were not in the area."})
	if st := requestOf(out, "ru")["status"]; st != cases.RequestAnswered || out["status"] != cases.StatusOpen {
		t.Errorf("after ru's answer: request %v, case %v (an answer never closes a case)", st, out["status"])
	}
	n.must(409, "POST", f.path("/answers"), "ru-liaison", "", map[string]any{"text": "again"})
	out, _ = n.must(201, "POST", f.path("/measures"), "us-liaison", "", map[string]any{"text": "No-strike list re-issued to the units"})
	mid := out["measures"].([]any)[0].(map[string]any)["id"].(string)
	if code, _, _ := n.call("POST", f.path("/measures/"+mid), "us-liaison", "", map[string]any{"state": "done"}); code != 428 {
		t.Errorf("measure update without If-Match: %d", code)
	}
	out, _ = n.must(200, "POST", f.path("/measures/"+mid), "us-liaison", etag("us-liaison"), map[string]any{"state": "done", "note": "confirmed"})
	if st := out["measures"].([]any)[0].(map[string]any)["state"]; st != cases.MeasureDone {
		t.Errorf("measure state %v", st)
	}
	n.must(409, "POST", f.path("/measures/"+mid), "us-liaison", etag("us-liaison"), map[string]any{"state": "rejected"})
	out, _ = n.must(200, "POST", f.path("/close"), "un-liaison", etag("un-liaison"), map[string]any{"finding": "Struck by shelling; units reminded."})
	if out["status"] != cases.StatusClosed || out["outcome"].(map[string]any)["party"] != "un" {
		t.Errorf("closed case: %v %v", out["status"], out["outcome"])
	}
	n.must(409, "POST", f.path("/close"), "un-liaison", etag("un-liaison"), map[string]any{"finding": "again"})
	if _, body, _ := n.call("GET", "/api/v1/cases?status=closed&party=us", "us-liaison", "", nil); len(body["items"].([]any)) != 1 {
		t.Errorf("us's closed cases: %v", body["items"])
	}
}

func requestOf(c map[string]any, party string) map[string]any {
	for _, r := range c["requests"].([]any) {
		if m := r.(map[string]any); m["party"] == party {
			return m
		}
	}
	return nil
}

package app

import (
	"context"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/cases"
)

// laterCases is the node's cases service on a clock d ahead.
func laterCases(n *testNode, d time.Duration) *cases.Service {
	return cases.NewService(cases.Deps{Store: n.app.DB.Cases(), Log: n.app.Sequencer, Parties: n.app.DB.Access().Parties,
		Alerts: n.app.Alerts, Now: func() time.Time { return time.Now().Add(d) }})
}

// TestCaseRequestOverdue: past its deadline an unanswered request is
// overdue and raises one alert to that party; a party that walked out of
// the centre reads withdrawn and gets none.
func TestCaseRequestOverdue(t *testing.T) {
	n := domainNode(t)
	f := openedCase(t, n)
	ctx := context.Background()
	if raised, err := laterCases(n, 71*time.Hour).Tick(ctx); err != nil || raised != 0 {
		t.Fatalf("before the deadline: %d raised, %v", raised, err)
	}
	if p, _ := n.must(201, "POST", "/api/v1/membership/proposals", "ru-liaison", "", map[string]any{"kind": "retire_party", "party": "ru", "note": "we walk out"}); p["status"] != "in_force" {
		t.Fatalf("ru's walk-out: %v", p["status"])
	}
	later := laterCases(n, 73*time.Hour)
	for i, want := range []int{1, 0} {
		if raised, err := later.Tick(ctx); err != nil || raised != want {
			t.Fatalf("tick %d after the deadline: %d raised, %v; want %d", i, raised, err, want)
		}
	}
	a, err := n.app.DB.Alerts().AlertByKey(ctx, nil, "case_request_overdue:"+f.c.ID+":us")
	if err != nil || a.Kind != alerts.KindCaseRequestOverdue {
		t.Fatalf("us's overdue alert: %v, %v", a, err)
	}
	if _, err := n.app.DB.Alerts().AlertByKey(ctx, nil, "case_request_overdue:"+f.c.ID+":ru"); err == nil {
		t.Error("an overdue alert for ru, which walked out")
	}
	c, err := later.Get(ctx, pagePrincipal("un"), f.c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Requests {
		if want := map[string]string{"ru": cases.RequestWithdrawn, "us": cases.RequestOverdue}[r.Party]; r.Status != want {
			t.Errorf("%s's request reads %s, want %s", r.Party, r.Status, want)
		}
	}
}

// TestCasePublicCounts: the public counts per party name no site, and
// count only what happened before the current UTC day.
func TestCasePublicCounts(t *testing.T) {
	n := domainNode(t)
	f := openedCase(t, n)
	n.must(201, "POST", f.path("/answers"), "ru-liaison", "", map[string]any{"text": "not ours"})
	_, tag := n.must(200, "GET", f.path(""), "un-liaison", "", nil)
	n.must(200, "POST", f.path("/close"), "un-liaison", tag, map[string]any{"finding": "shelled; reminded"})
	// Today's case is not counted yet.
	out, _ := n.must(200, "GET", "/api/v1/cases/counts", "", "", nil)
	if ps := out["parties"].([]any); len(ps) != 0 {
		t.Errorf("today's counts: %v", ps)
	}
	c, err := laterCases(n, 48*time.Hour).PublicCounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]cases.PartyCounts{
		"ru": {Party: "ru", Requests: 1, AnsweredOnTime: 1, CasesClosed: 1},
		"us": {Party: "us", SitesAffected: 1, Requests: 1, CasesClosed: 1},
	}
	if len(c.Parties) != len(want) {
		t.Fatalf("counts: %+v", c.Parties)
	}
	for _, p := range c.Parties {
		if p != want[p.Party] {
			t.Errorf("%s: %+v, want %+v", p.Party, p, want[p.Party])
		}
	}
}

package app

import (
	"context"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/cases"
	"truce/internal/config"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/timeliness"
	"truce/internal/ledger"
)

// TestCaseAnswerTimeliness: a party's answer to a case request dated
// before the deadline but first cosigned by a witness after the deadline
// plus the tolerance reads answered_late, with the cosignature named in
// on_time, and is not counted answered on time; the entry's own time
// cannot make it so.
func TestCaseAnswerTimeliness(t *testing.T) {
	clock := &witnessClock{t: time.Now()}
	w := fedtest.NewClockCosigner(t, "witness.truce.invalid/un", clock.now)
	n := newTestNodeConfig(t, &config.Server{Data: t.TempDir(), Quorum: 1}, Options{Witnesses: []ledger.Witness{w}})
	ctx := context.Background()
	for _, name := range []string{"ru-reporter", "us-reporter"} {
		party := name[:2]
		u, err := n.app.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: party, Role: access.RoleReporter, Password: "password-" + name}, true)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := n.app.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
		if err != nil {
			t.Fatal(err)
		}
		n.tokens[name] = tok.Secret
	}
	sign := func() {
		t.Helper()
		if _, err := n.app.Checkpointer.SignNow(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sign()
	f := openedCase(t, n)
	n.must(201, "POST", f.path("/answers"), "ru-liaison", "", map[string]any{"text": "not ours"})
	var deadline time.Time
	for _, r := range f.c.Requests {
		if r.Party == "ru" {
			deadline, _ = time.Parse(time.RFC3339Nano, r.Deadline)
		}
	}
	clock.set(deadline.Add(6 * time.Minute)) // the answer's own time is days before its deadline
	sign()

	c, _ := n.must(200, "GET", f.path(""), "un-liaison", "", nil)
	var ru map[string]any
	for _, r := range c["requests"].([]any) {
		if r := r.(map[string]any); r["party"] == "ru" {
			ru = r
		}
	}
	if ru == nil || ru["status"] != cases.RequestLate {
		t.Fatalf("ru's request %v, want answered_late", ru)
	}
	v, _ := ru["answer"].(map[string]any)["on_time"].(map[string]any)
	if v == nil || v["status"] != timeliness.Late || v["witness"] != w.Name() || v["cosigned_at"] != deadline.Add(6*time.Minute).UTC().Format(time.RFC3339) {
		t.Fatalf("verdict on ru's answer %v, want late, cosigned by %s after the deadline", v, w.Name())
	}

	later := cases.NewService(cases.Deps{Store: n.app.DB.Cases(), Log: n.app.Sequencer, Parties: n.app.DB.Access().Parties,
		Alerts: n.app.Alerts, Now: func() time.Time { return time.Now().Add(96 * time.Hour) }, Judge: n.app.newEntryJudge(nil)})
	counts, err := later.PublicCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range counts.Parties {
		if p.Party == "ru" && (p.Requests != 1 || p.AnsweredOnTime != 0) {
			t.Errorf("ru's counts %+v, want 1 request, none answered on time", p)
		}
	}
}

package notify_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/testnode"
)

// standing is what a receipt, a passing-on or a query must never change.
func standing(n *notify.Notice) string {
	s := fmt.Sprint(n.Status, "/", n.Version)
	for _, a := range n.Acks {
		s += " " + a.Party + ":" + a.Status
	}
	return s
}

// TestQueriesAndPassingOnChangeNoStanding checks that a notified party's
// queries and its record of passing a notification on leave the notice's
// status and every receipt as they were, that only the notifier answers a
// query and only once, and that the projections replay identically.
func TestQueriesAndPassingOnChangeNoStanding(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	n, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	want := standing(n)
	at := testnode.Start.Add(-time.Hour).Format(time.RFC3339)
	q, err := s.RaiseQuery(ctx, ruLiaison, notify.TypeSite, n.ID, 1, "these coordinates are in the sea")
	if err != nil {
		t.Fatal(err)
	}
	if standing(q) != want || len(q.Queries) != 1 || q.Queries[0].Party != "ru" || q.Queries[0].AnswerSeq != 0 {
		t.Fatalf("after a query: %s (want %s), queries %+v", standing(q), want, q.Queries)
	}
	seq := q.Queries[0].Seq
	p, err := s.PassOn(ctx, usLiaison, notify.TypeSite, n.ID, 1, "brigade HQ", at)
	if err != nil {
		t.Fatal(err)
	}
	if standing(p) != want || p.Ack("us").PassedOn == nil || p.Ack("us").PassedOn.Level != "brigade HQ" || p.Ack("us").PassedOn.At != at {
		t.Fatalf("after passing on: %s (want %s), %+v", standing(p), want, p.Ack("us"))
	}
	bad := []struct {
		name string
		do   func() (*notify.Notice, error)
		want error // nil: *fault.InvalidError
	}{
		{"pass on with no level", func() (*notify.Notice, error) { return s.PassOn(ctx, usLiaison, notify.TypeSite, n.ID, 1, " ", at) }, nil},
		{"pass on in the future", func() (*notify.Notice, error) {
			return s.PassOn(ctx, usLiaison, notify.TypeSite, n.ID, 1, "corps", testnode.Start.Add(time.Hour).Format(time.RFC3339))
		}, nil},
		{"pass on a stale version", func() (*notify.Notice, error) { return s.PassOn(ctx, usLiaison, notify.TypeSite, n.ID, 2, "corps", at) }, fault.ErrConflict},
		{"outsider queries", func() (*notify.Notice, error) { return s.RaiseQuery(ctx, xxLiaison, notify.TypeSite, n.ID, 1, "why") }, fault.ErrNotFound},
		{"a party answers", func() (*notify.Notice, error) { return s.AnswerQuery(ctx, usLiaison, notify.TypeSite, n.ID, seq, "no") }, fault.ErrForbidden},
		{"answer nothing", func() (*notify.Notice, error) {
			return s.AnswerQuery(ctx, ngoReporter, notify.TypeSite, n.ID, seq+100, "x")
		}, fault.ErrNotFound},
		{"empty answer", func() (*notify.Notice, error) { return s.AnswerQuery(ctx, ngoReporter, notify.TypeSite, n.ID, seq, "") }, nil},
	}
	for _, tc := range bad {
		before := env.Hashes.Size()
		_, err := tc.do()
		var inv *fault.InvalidError
		if tc.want == nil && !errors.As(err, &inv) || tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
		if env.Hashes.Size() != before {
			t.Errorf("%s: a failed call appended to the log", tc.name)
		}
	}
	a, err := s.AnswerQuery(ctx, ngoReporter, notify.TypeSite, n.ID, seq, "corrected: 36.2 N, 37.13 E is on land, the hospital's gate")
	if err != nil || standing(a) != want || a.Query(seq).AnswerSeq == 0 || a.Query(seq).Answer == "" {
		t.Fatalf("answer: %v, %s, %+v", err, standing(a), a.Queries)
	}
	if _, err := s.AnswerQuery(ctx, ngoReporter, notify.TypeSite, n.ID, seq, "again"); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("second answer: %v", err)
	}
	checkReplay(t, env)
}

// TestLegacyRefusalReadsAsQuery appends a site.refused entry as an earlier
// version of truce wrote it and checks that it replays as a query that
// also shows receipt, never as a refusal, and that the log replays.
func TestLegacyRefusalReadsAsQuery(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	n, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	old := ledger.Draft{Party: "us", Author: "us-liaison", Kind: notify.KindSiteRefused, Subject: n.Subject(), Release: n.Release,
		Payload: &notify.Response{ID: n.ID, Version: 1, Party: "us", Reason: "location disputed"}}
	if _, err := env.Seq.Append(ctx, ledger.Change{Draft: old}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, ngoReporter, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != notify.StatusActive || got.Ack("us").Status != notify.AckAcknowledged || got.Ack("ru").Status != notify.AckPending {
		t.Fatalf("standing after a legacy refusal: %s", standing(got))
	}
	if len(got.Queries) != 1 || !got.Queries[0].Legacy || got.Queries[0].Text != "location disputed" || got.Queries[0].Party != "us" {
		t.Fatalf("legacy refusal as query: %+v", got.Queries)
	}
	if _, err := s.AnswerQuery(ctx, testnode.As("ngo", access.RoleLiaison), notify.TypeSite, n.ID, got.Queries[0].Seq, "it is a hospital"); err != nil {
		t.Fatalf("answering a legacy refusal: %v", err)
	}
	checkReplay(t, env)
}

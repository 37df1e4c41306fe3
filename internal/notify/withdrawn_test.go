package notify_test

import (
	"context"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/testnode"
)

// retire logs party's walk-out from the centre (party.retired).
func retire(t *testing.T, env *testnode.Env, party string) {
	t.Helper()
	_, err := env.Seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-liaison",
		Kind: accounts.KindPartyRetired, Subject: accounts.PartySubject(party), Release: access.Releasability{TLP: access.TLPClear},
		Payload: accounts.PartyRetired{PartyID: party, Proposal: "walk-out"}}})
	if err != nil {
		t.Fatalf("retire %s: %v", party, err)
	}
}

// TestWithdrawnPartyIsNotWaitedFor: once a notified party walks out of the
// centre, every receipt it had not given (of a notification or of its
// withdrawal) reads withdrawn on every read path, is never overdue nor
// late, is not returned as overdue, and its pending listing is empty; a
// receipt it gave before it left stays acknowledged, and the parties still
// in the centre stay overdue.
func TestWithdrawnPartyIsNotWaitedFor(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	pending, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	given, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, given.ID, 1); err != nil {
		t.Fatal(err)
	}
	withdrawal, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cancel(ctx, ngoReporter, notify.TypeSite, withdrawal.ID, -1, "evacuated"); err != nil {
		t.Fatal(err)
	}
	retire(t, env, "ru")
	env.Clock.Advance(25 * time.Hour)

	want := map[string]string{pending.ID: notify.AckWithdrawn, given.ID: notify.AckAcknowledged, withdrawal.ID: notify.AckWithdrawn}
	check := func(path string, ns []notify.Notice) {
		t.Helper()
		seen := 0
		for _, n := range ns {
			w, ok := want[n.ID]
			if !ok {
				continue
			}
			seen++
			if a := n.Ack("ru"); a.Status != w || a.Overdue || a.Late {
				t.Errorf("%s: ru's receipt of %s = %+v, want %s, not overdue, not late", path, n.ID, *a, w)
			}
			if us := n.Ack("us"); !us.Overdue {
				t.Errorf("%s: us (still in the centre) on %s is not overdue: %+v", path, n.ID, *us)
			}
		}
		if seen != len(want) {
			t.Errorf("%s: saw %d of the %d notices", path, seen, len(want))
		}
	}
	var got []notify.Notice
	for id := range want {
		n, err := s.Get(ctx, ngoReporter, id)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, *n)
	}
	check("get", got)
	list, err := s.List(ctx, ngoReporter, notify.Filter{Type: notify.TypeSite})
	if err != nil {
		t.Fatal(err)
	}
	check("list", list)
	page, err := s.ListPage(ctx, ngoReporter, notify.Filter{Type: notify.TypeSite}, nil)
	if err != nil {
		t.Fatal(err)
	}
	check("page", page.Items)
	byID, err := s.PageByID(ctx, ngoReporter, notify.Filter{Type: notify.TypeSite}, nil)
	if err != nil {
		t.Fatal(err)
	}
	check("page by id", byID.Items)

	overdue, err := s.Overdue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range overdue {
		if o.Party == "ru" {
			t.Errorf("overdue lists ru's receipt of %s", o.NoticeID)
		}
	}
	if len(overdue) != 3 {
		t.Errorf("overdue = %+v, want us on each of the 3 notices", overdue)
	}
	ru := testnode.As("ru", access.RoleLiaison)
	if l, err := s.List(ctx, ru, notify.Filter{PendingFor: "ru"}); err != nil || len(l) != 0 {
		t.Errorf("ru's pending list after it left = %d notices, %v; want none", len(l), err)
	}
	if p, err := s.ListPage(ctx, ru, notify.Filter{PendingFor: "ru"}, nil); err != nil || len(p.Items) != 0 {
		t.Errorf("ru's pending page after it left = %+v, %v; want none", p, err)
	}
}

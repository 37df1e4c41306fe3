package alerts_test

import (
	"context"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/testnode"
)

// retire appends party's withdrawal from the centre (party.retired).
func (f *fixture) retire(t *testing.T, party string) {
	t.Helper()
	if _, err := f.env.Seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-liaison",
		Kind: accounts.KindPartyRetired, Subject: accounts.PartySubject(party), Release: access.Releasability{TLP: access.TLPClear},
		Payload: accounts.PartyRetired{PartyID: party, Proposal: "walk-out"}}}); err != nil {
		t.Fatal(err)
	}
}

// TestWithdrawnPartyIsNotWaitedFor: once a co-chair has walked out, its
// overdue acknowledgement raises no alert, an alert only it has yet to
// acknowledge does not escalate, and its acknowledgement reads withdrawn.
func TestWithdrawnPartyIsNotWaitedFor(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	us := testnode.As("us", access.RoleLiaison)
	n, err := f.notify.NotifySite(ctx, testnode.As("ngo", access.RoleReporter), site("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.notify.Acknowledge(ctx, us, notify.TypeSite, n.ID, 1); err != nil {
		t.Fatal(err)
	}
	a, _, err := f.alerts.Raise(ctx, alerts.Spec{Key: "walk-out:1", Kind: alerts.KindOther, Severity: alerts.SeverityModerate,
		Title: "Both concerned", Concerned: []string{"us", "ru"}, Causes: []access.Releasability{{TLP: access.TLPGreen}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.alerts.Acknowledge(ctx, us, a.ID, "seen"); err != nil {
		t.Fatal(err)
	}
	f.retire(t, "ru")
	f.env.Clock.Advance(48 * time.Hour)
	if r, err := f.mon.Tick(ctx); r != 0 || err != nil {
		t.Fatalf("a withdrawn party's overdue acknowledgement raised %d alerts (%v)", r, err)
	}
	if e, err := f.alerts.Escalate(ctx); e != 0 || err != nil {
		t.Fatalf("an alert waiting only for a withdrawn party escalated: %d (%v)", e, err)
	}
	got, err := f.alerts.Get(ctx, us, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range got.Acks {
		if k.Party == "ru" && k.Status != alerts.AckWithdrawn {
			t.Errorf("ru's acknowledgement reads %q, want %q", k.Status, alerts.AckWithdrawn)
		}
	}
	as, _ := allAlerts(ctx, f.alerts, us, alerts.Filter{})
	for _, x := range as {
		for _, k := range x.Acks {
			if k.Party == "ru" && k.Status == "pending" {
				t.Errorf("the listing shows ru's acknowledgement of %s pending", x.ID)
			}
		}
	}
}

package notify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// TestWithdrawalIsAcknowledged checks that withdrawing a notice is a new
// version each notified party acknowledges receiving (and may record
// passing on), overdue like a notification if it does not, but not queried.
func TestWithdrawalIsAcknowledged(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	n, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, n.ID, 1); err != nil {
		t.Fatal(err)
	}
	w, err := s.Cancel(ctx, ngoReporter, notify.TypeSite, n.ID, -1, "hospital evacuated")
	if err != nil {
		t.Fatal(err)
	}
	if w.Status != notify.StatusCancelled || w.Version != 2 {
		t.Fatalf("withdrawn: status %s version %d", w.Status, w.Version)
	}
	for _, a := range w.Acks {
		if a.Status != notify.AckPending || a.Version != 2 || !a.Withdrawal {
			t.Fatalf("receipt of the withdrawal: %+v", a)
		}
	}
	if pending, _ := s.List(ctx, usLiaison, notify.Filter{PendingFor: "us"}); len(pending) != 1 {
		t.Fatalf("us has %d withdrawals to acknowledge, want 1", len(pending))
	}
	if _, err := s.RaiseQuery(ctx, usLiaison, notify.TypeSite, n.ID, 2, "why"); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("a query on a withdrawal: %v", err)
	}
	if _, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, n.ID, 1); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("acknowledging the withdrawn version: %v", err)
	}
	got, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, n.ID, 2)
	if err != nil || got.Ack("ru").Status != notify.AckAcknowledged {
		t.Fatalf("ru acknowledges the withdrawal: %v", err)
	}
	if _, err := s.PassOn(ctx, ruLiaison, notify.TypeSite, n.ID, 2, "all units", env.Clock.Now().Format(time.RFC3339)); err != nil {
		t.Fatalf("passing on the withdrawal: %v", err)
	}
	env.Clock.Advance(25 * time.Hour)
	o, err := s.Overdue(ctx)
	if err != nil || len(o) != 1 || o[0].Party != "us" || o[0].Version != 2 {
		t.Fatalf("overdue after the withdrawal = %+v, %v; want us on version 2", o, err)
	}
	if got, _ := s.Get(ctx, usLiaison, n.ID); !got.Ack("us").Overdue {
		t.Fatal("the unacknowledged withdrawal does not read as overdue")
	}
	checkReplay(t, env)
}

// TestLegacyCancellationAsksNoReceipt replays a site.cancelled entry as an
// earlier version wrote it (no version, no deadline): the notice is
// withdrawn, no receipt is asked, and nothing falls overdue.
func TestLegacyCancellationAsksNoReceipt(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	n, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	old := ledger.Draft{Party: "ngo", Author: "ngo-reporter", Kind: notify.KindSiteCancelled, Subject: n.Subject(), Release: n.Release,
		Payload: map[string]string{"id": n.ID, "reason": "evacuated"}}
	if _, err := env.Seq.Append(ctx, ledger.Change{Draft: old}); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(48 * time.Hour)
	got, err := s.Get(ctx, ruLiaison, n.ID)
	if err != nil || got.Status != notify.StatusCancelled || got.Version != 1 || got.Ack("ru").Overdue {
		t.Fatalf("legacy cancellation: %+v %v", got, err)
	}
	if o, _ := s.Overdue(ctx); len(o) != 0 {
		t.Fatalf("overdue after a legacy cancellation: %+v", o)
	}
	if _, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, n.ID, 1); !errors.Is(err, fault.ErrConflict) {
		t.Fatalf("acknowledging after a legacy cancellation: %v", err)
	}
	checkReplay(t, env)
}

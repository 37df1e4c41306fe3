package notify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"truce/internal/fault"
	"truce/internal/notify"
	"truce/internal/testnode"
)

// TestSiteLapsesUnlessReconfirmed checks the validity period: a site is
// asked for reconfirmation 14 days before it ends, lapses visibly when it
// ends, and a reconfirmation by its notifier (only) restores it with every
// receipt standing; a movement is valid until its window ends.
func TestSiteLapsesUnlessReconfirmed(t *testing.T) {
	ctx := context.Background()
	s, env := newService(t)
	n, err := s.NotifySite(ctx, ngoReporter, hospital("ru", "us"))
	if err != nil {
		t.Fatal(err)
	}
	if want := testnode.Start.Add(90 * 24 * time.Hour).Format(time.RFC3339); n.ValidUntil != want || n.Lapsed || n.ReconfirmDue {
		t.Fatalf("new site: valid until %s lapsed %v due %v, want %s", n.ValidUntil, n.Lapsed, n.ReconfirmDue, want)
	}
	if _, err := s.Acknowledge(ctx, ruLiaison, notify.TypeSite, n.ID, 1); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		advance     time.Duration
		lapsed, due bool
	}{{75 * 24 * time.Hour, false, false}, {24 * time.Hour, false, true}, {14 * 24 * time.Hour, true, false}}
	for _, st := range steps {
		env.Clock.Advance(st.advance)
		got, err := s.Get(ctx, ruLiaison, n.ID)
		if err != nil || got.Lapsed != st.lapsed || got.ReconfirmDue != st.due || got.Status != notify.StatusActive {
			t.Fatalf("at %s: lapsed %v due %v (%v), want %v %v", env.Clock.Now(), got.Lapsed, got.ReconfirmDue, err, st.lapsed, st.due)
		}
	}
	before := env.Hashes.Size()
	if _, err := s.Reconfirm(ctx, ruLiaison, n.ID, -1, ""); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("a notified party reconfirmed: %v", err)
	}
	var inv *fault.InvalidError
	if _, err := s.Reconfirm(ctx, ngoReporter, n.ID, -1, testnode.Start.Format(time.RFC3339)); !errors.As(err, &inv) {
		t.Fatalf("reconfirmed into the past: %v", err)
	}
	if env.Hashes.Size() != before {
		t.Fatal("refused reconfirmations appended to the log")
	}
	r, err := s.Reconfirm(ctx, ngoReporter, n.ID, -1, "")
	if err != nil || r.Lapsed || r.ReconfirmDue || r.Ack("ru").Status != notify.AckAcknowledged || r.Version != 1 {
		t.Fatalf("reconfirmed: %+v %v", r, err)
	}
	m, err := s.NotifyMovement(ctx, ngoReporter, convoy(env.Clock.Now().Add(48*time.Hour), "ru"))
	if err != nil || m.ValidUntil != m.Movement.Window.End {
		t.Fatalf("movement validity %q, window end %q (%v)", m.ValidUntil, m.Movement.Window.End, err)
	}
	if _, err := s.Reconfirm(ctx, ngoReporter, m.ID, -1, ""); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("reconfirming a movement: %v", err)
	}
	checkReplay(t, env)
}

package app

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/flights"
)

// failingAlerter refuses to raise any alert while failing is set, as an
// alerts service whose writes fail (or a request whose context ended after
// the conflict's commit) would; otherwise it raises through Alerter.
type failingAlerter struct {
	flights.Alerter
	failing *atomic.Bool
}

func (a failingAlerter) Raise(ctx context.Context, spec alerts.Spec) (*alerts.Alert, bool, error) {
	if !a.failing.Load() {
		return a.Alerter.Raise(ctx, spec)
	}
	return nil, false, errors.New("alerts unavailable")
}

// TestOpenConflictWithoutAlertGetsItFromTheReconcile commits a conflict
// whose alert fails to be raised: the periodic reconcile raises it, once,
// and neither a later reconcile nor a restart raises it again.
func TestOpenConflictWithoutAlertGetsItFromTheReconcile(t *testing.T) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = time.Hour // the node's own service stays still; the test ticks its own
	n.restart()
	ctx := context.Background()
	var mu sync.Mutex
	clock := time.Now()
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	var failing atomic.Bool
	failing.Store(true)
	d := flights.Deps{Config: n.app.flightsConfig(), Store: n.app.DB.Flights(), Log: n.app.Sequencer, Parties: n.app.DB.Access(), Logger: n.app.Log, Now: now,
		Alerts: failingAlerter{Alerter: n.app.Alerts, failing: &failing}}
	f, err := flights.NewService(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Load(ctx); err != nil {
		t.Fatal(err)
	}
	t0 := flightTimes()
	if _, err := f.File(ctx, n.principal("us-liaison"), planInput(t, line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil))); err != nil {
		t.Fatal(err)
	}
	if _, err := f.File(ctx, n.principal("ru-liaison"), planInput(t, line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil))); err != nil {
		t.Fatal(err)
	}
	if cs := n.conflicts("us-liaison", "?status=open"); len(cs) != 1 {
		t.Fatalf("open conflicts: %+v", cs)
	}
	alertsOf := func(user string) int {
		t.Helper()
		_, body, _ := n.do("GET", "/api/v1/alerts?kind=air_conflict", user, nil)
		return len(decodeAs[struct{ Items []struct{ ID string } }](t, body).Items)
	}
	if a := alertsOf("us-liaison"); a != 0 {
		t.Fatalf("%d alerts with a failing alerter", a)
	}

	failing.Store(false) // the alerts service is back
	if err := f.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if a := alertsOf("us-liaison"); a != 0 {
		t.Fatalf("%d alerts before the periodic reconcile is due", a)
	}
	for range 2 { // due, then due again: raised once
		mu.Lock()
		clock = clock.Add(flights.DefaultPlanRecheck)
		mu.Unlock()
		if err := f.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"us-liaison", "ru-liaison"} {
			if a := alertsOf(u); a != 1 {
				t.Fatalf("%s: %d alerts after the reconcile, want 1", u, a)
			}
		}
	}
	n.restart()
	if r := n.entriesOfKind(alerts.EntryRaised); r != 1 {
		t.Fatalf("%d alert.raised entries after a restart, want 1", r)
	}
}

package app

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/ledger"
)

// heldLog holds back the outcome of the next write submitted once armed:
// the write is sequenced and committed as usual, but its caller learns so
// only when release is closed, as if its commit were slow to land.
type heldLog struct {
	flights.Appender
	armed   *atomic.Bool
	release chan struct{}
}

func (l heldLog) Submit(ctx context.Context, changes ...ledger.Change) func() ([]*ledger.Entry, error) {
	wait := l.Appender.Submit(ctx, changes...)
	if !l.armed.CompareAndSwap(true, false) {
		return wait
	}
	return func() ([]*ledger.Entry, error) {
		<-l.release
		return wait()
	}
}

// TestNoWriteWaitsForAnotherWritesCommit holds back the commit of one
// filing and checks that neither another filing nor a Sync that has
// noted the held filing's entry waits for it: no commit is waited for
// under the service's lock. Once the commit lands, the next Sync takes
// the filing in, and the log is as a fresh Load computes it.
func TestNoWriteWaitsForAnotherWritesCommit(t *testing.T) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = time.Hour
	n.restart()
	ctx := context.Background()
	var armed atomic.Bool
	release := make(chan struct{})
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	d := flights.Deps{Config: n.app.flightsConfig(), Store: n.app.DB.Flights(), Parties: n.app.DB.Access(), Logger: n.app.Log,
		Alerts: n.app.Alerts, Log: heldLog{Appender: n.app.Sequencer, armed: &armed, release: release}}
	f, err := flights.NewService(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Load(ctx); err != nil {
		t.Fatal(err)
	}
	t0 := flightTimes()
	armed.Store(true)
	filed := make(chan error, 1)
	go func() {
		_, err := f.File(ctx, n.principal("us-liaison"), planInput(t, line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)))
		filed <- err
	}()
	eventually(t, "the held filing is committed", func() bool { return n.entriesOfKind(flights.EntryPlanFiled) == 1 })
	var held []*ledger.Entry
	if err := n.app.DB.EntriesOfKind(ctx, flights.EntryPlanFiled, 0, func(e *ledger.Entry) error { held = append(held, e); return nil }); err != nil {
		t.Fatal(err)
	}
	f.Observe(held) // as the log's subscription would

	within(t, "a Sync with the held filing noted", func() error { return f.Sync(ctx) })
	within(t, "a crossing filing", func() error {
		_, err := f.File(ctx, n.principal("ru-liaison"), planInput(t, line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil)))
		return err
	})
	select {
	case err := <-filed:
		t.Fatalf("the held filing returned (%v) before its commit was released", err)
	default:
	}

	released = true
	close(release)
	if err := <-filed; err != nil {
		t.Fatal(err)
	}
	if err := f.Sync(ctx); err != nil { // the held filing, left for this Sync
		t.Fatal(err)
	}
	if p := f.Engine().Plans(); p != 2 {
		t.Errorf("the engine holds %d plans, want 2", p)
	}
	for kind, want := range map[string]int{flights.EntryConflictRaised: 1, alerts.EntryRaised: 1} {
		if got := n.entriesOfKind(kind); got != want {
			t.Errorf("%d %s entries, want %d", got, kind, want)
		}
	}
	size := n.logSize()
	if err := secondFlights(t, n.app).Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if grown := n.logSize() - size; grown != 0 {
		t.Errorf("loading the log afresh wrote %d entries, want 0", grown)
	}
}

// within fails t unless op returns, without error, within 10 seconds.
func within(t *testing.T, what string, op func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- op() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s waited for another write's commit", what)
	}
}

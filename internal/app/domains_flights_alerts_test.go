package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/ledger"
)

// refusingLog refuses, while refusing is set, every write that raises a
// conflict record, as a log whose commit fails (a full disk, a crash
// before the fsync) would: the whole write is refused.
type refusingLog struct {
	flights.Appender
	refusing *atomic.Bool
}

func (l refusingLog) Submit(ctx context.Context, changes ...ledger.Change) func() ([]*ledger.Entry, error) {
	for _, c := range changes {
		if l.refusing.Load() && c.Kind == flights.EntryConflictRaised {
			return func() ([]*ledger.Entry, error) { return nil, errors.New("commit failed") }
		}
	}
	return l.Appender.Submit(ctx, changes...)
}

// alertsOf counts the air-conflict alerts user sees.
func (n *testNode) alertsOf(user string) int {
	n.t.Helper()
	_, body, _ := n.do("GET", "/api/v1/alerts?kind=air_conflict", user, nil)
	return len(decodeAs[struct{ Items []struct{ ID string } }](n.t, body).Items)
}

// TestFilingConflictAndAlertsAreOneCommit checks that a filing, the
// conflict it creates and the conflict's alerts are one write: when the
// write fails, none of them is logged and the service's state follows the
// log again; when it succeeds they are consecutive entries of one Append,
// the alert naming the record's entry, so that no crash can leave an open
// conflict without its alert (there is no step between them); and a
// restart raises nothing again.
func TestFilingConflictAndAlertsAreOneCommit(t *testing.T) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = time.Hour // the node's own service stays still; the test uses its own
	n.restart()
	ctx := context.Background()
	var refusing atomic.Bool
	d := flights.Deps{Config: n.app.flightsConfig(), Store: n.app.DB.Flights(), Parties: n.app.DB.Access(), Logger: n.app.Log,
		Alerts: n.app.Alerts, Log: refusingLog{Appender: n.app.Sequencer, refusing: &refusing}}
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
	crossing := planInput(t, line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil))

	refusing.Store(true)
	if _, err := f.File(ctx, n.principal("ru-liaison"), crossing); err == nil {
		t.Fatal("a filing whose write failed was reported filed")
	}
	for kind, want := range map[string]int{flights.EntryPlanFiled: 1, flights.EntryConflictRaised: 0, alerts.EntryRaised: 0} {
		if got := n.entriesOfKind(kind); got != want {
			t.Errorf("%d %s entries after a failed write, want %d", got, kind, want)
		}
	}

	refusing.Store(false)
	before := n.logSize()
	if _, err := f.File(ctx, n.principal("ru-liaison"), crossing); err != nil {
		t.Fatal(err)
	}
	if p := f.Engine().Plans(); p != 2 {
		t.Errorf("the engine holds %d plans, want 2 (the refused filing is gone from it)", p)
	}
	if cs := n.conflicts("us-liaison", "?status=open"); len(cs) != 1 {
		t.Fatalf("open conflicts: %+v", cs)
	}
	for _, u := range []string{"us-liaison", "ru-liaison"} {
		if a := n.alertsOf(u); a != 1 {
			t.Errorf("%s sees %d alerts, want 1", u, a)
		}
	}
	var kinds []string
	var raised int64
	for seq := before; seq < n.logSize(); seq++ {
		se, err := n.app.DB.Entry(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		e := se.Entry
		kinds = append(kinds, e.Kind)
		switch e.Kind {
		case flights.EntryConflictRaised:
			raised = e.Seq
		case alerts.EntryRaised:
			var p alerts.Raised
			if err := json.Unmarshal(e.Payload, &p); err != nil {
				t.Fatal(err)
			}
			if p.Links[0].Seq != raised || p.Key != flights.AlertKey(p.Links[0].ID, raised) {
				t.Errorf("alert %s links entry %d under key %s; the record is entry %d", p.ID, p.Links[0].Seq, p.Key, raised)
			}
		}
	}
	if want := []string{flights.EntryPlanFiled, flights.EntryConflictRaised, alerts.EntryRaised}; !slices.Equal(kinds, want) {
		t.Errorf("the filing wrote %v, want %v in one write", kinds, want)
	}

	n.restart()
	if r := n.entriesOfKind(alerts.EntryRaised); r != 1 {
		t.Fatalf("%d alert.raised entries after a restart, want 1", r)
	}
}

// TestOpenConflictWithoutAlertGetsItAtStart starts a node on a log that
// holds an open conflict without its alert (as a log written before a
// record and its alerts were one commit may): loading raises the alert,
// once, and a later restart raises nothing again.
func TestOpenConflictWithoutAlertGetsItAtStart(t *testing.T) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = time.Hour
	n.restart()
	ctx := context.Background()
	d := flights.Deps{Config: n.app.flightsConfig(), Store: n.app.DB.Flights(), Log: n.app.Sequencer, Parties: n.app.DB.Access(), Logger: n.app.Log}
	f, err := flights.NewService(d) // no alerter: records are logged alone
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Load(ctx); err != nil {
		t.Fatal(err)
	}
	t0 := flightTimes()
	for _, p := range []struct {
		user string
		body map[string]any
	}{{"us-liaison", line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)}, {"ru-liaison", line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil)}} {
		if _, err := f.File(ctx, n.principal(p.user), planInput(t, p.body)); err != nil {
			t.Fatal(err)
		}
	}
	if cs := n.conflicts("us-liaison", "?status=open"); len(cs) != 1 || n.alertsOf("us-liaison") != 0 {
		t.Fatalf("%d open conflicts and %d alerts, want 1 and 0", len(cs), n.alertsOf("us-liaison"))
	}
	for range 2 {
		n.restart()
		for _, u := range []string{"us-liaison", "ru-liaison"} {
			if a := n.alertsOf(u); a != 1 {
				t.Fatalf("%s: %d alerts after a restart, want 1", u, a)
			}
		}
		if r := n.entriesOfKind(alerts.EntryRaised); r != 1 {
			t.Fatalf("%d alert.raised entries after a restart, want 1", r)
		}
	}
}

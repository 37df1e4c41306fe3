package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/backup"
	"truce/internal/flights"
	"truce/internal/ledger"
	"truce/internal/pgtest"
	"truce/internal/store"
	"truce/internal/testwait"
)

// planInput converts a plan body (see line) to a flights.PlanInput.
func planInput(t *testing.T, body map[string]any) flights.PlanInput {
	t.Helper()
	b, _ := json.Marshal(body)
	var in flights.PlanInput
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatal(err)
	}
	return in
}

// eventually calls cond until it holds, failing after 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	testwait.For(t, 10*time.Second, what, cond)
}

// checkFollow files, cancels and reserves through one flights service and
// checks that the other, on the same log, follows: its engine holds what
// the first wrote once it synced, it raises what it finds against it, and
// nothing is raised or cleared twice. count counts the log's entries of a
// kind.
func checkFollow(t *testing.T, a, b *flights.Service, us, ru access.Principal, count func(kind string) int) {
	t.Helper()
	ctx := context.Background()
	sync := func(s *flights.Service) {
		if err := s.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	t0 := flightTimes()
	pa, err := a.File(ctx, us, planInput(t, line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)))
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "b's engine holds us's plan filed through a", func() bool { sync(b); return b.Engine().Plans() == 1 })
	// ru's crossing plan, filed through b, conflicts with us's at once.
	if _, err := b.File(ctx, ru, planInput(t, line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil))); err != nil {
		t.Fatal(err)
	}
	if got := count(flights.EntryConflictRaised); got != 1 {
		t.Fatalf("%d conflicts raised through b, want 1", got)
	}
	eventually(t, "a's engine holds ru's plan filed through b", func() bool { sync(a); return a.Engine().Plans() == 2 })
	sync(a)
	if got := count(flights.EntryConflictRaised); got != 1 {
		t.Fatalf("%d conflicts raised after a synced, want 1 (raised twice)", got)
	}
	if cs, _ := a.ListConflicts(ctx, us, flights.ConflictFilter{Status: flights.ConflictOpen}); len(cs) != 1 {
		t.Fatalf("us sees %d open conflicts through a, want 1", len(cs))
	}
	// Cancelling through a clears the conflict once; b drops the plan.
	if _, err := a.Cancel(ctx, us, pa.ID, -1, "test"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "b's engine drops the plan cancelled through a", func() bool { sync(b); return b.Engine().Plans() == 1 })
	sync(b)
	if got := count(flights.EntryConflictCleared); got != 1 {
		t.Fatalf("%d conflicts cleared, want 1", got)
	}
	// A reservation made through b over a plan filed through a: b raises
	// the intrusion, a's engine finds it too once synced, nothing twice.
	if _, err := a.File(ctx, us, planInput(t, line(36.0, 36.8, 36.0, 37.2, 10000, t0, 20*time.Minute, nil))); err != nil {
		t.Fatal(err)
	}
	eventually(t, "b's engine holds the plan filed through a", func() bool { sync(b); return b.Engine().Plans() == 2 })
	rsv := map[string]any{"name": "airdrop", "floor_ft": 0, "ceiling_ft": 25000, "start": t0.Format(time.RFC3339), "end": t0.Add(time.Hour).Format(time.RFC3339),
		"geometry": map[string]any{"type": "Polygon", "coordinates": [][][2]float64{{{36.9, 35.9}, {37.1, 35.9}, {37.1, 36.1}, {36.9, 36.1}, {36.9, 35.9}}}}}
	raw, _ := json.Marshal(rsv)
	var rin flights.ReservationInput
	if err := json.Unmarshal(raw, &rin); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Reserve(ctx, ru, rin); err != nil {
		t.Fatal(err)
	}
	if got := count(flights.EntryConflictRaised); got != 2 {
		t.Fatalf("%d records raised after the reservation, want 2", got)
	}
	eventually(t, "a's engine holds the reservation made through b", func() bool { sync(a); return len(a.Engine().Intrusions()) == 1 })
	sync(a)
	if got := count(flights.EntryConflictRaised); got != 2 {
		t.Fatalf("%d records raised after a synced, want 2 (raised twice)", got)
	}
}

// secondFlights starts another flights service on a's log and store, as
// another process would run one, fed with a's committed entries.
func secondFlights(t *testing.T, a *App) *flights.Service {
	t.Helper()
	d := flights.Deps{Config: a.flightsConfig(), Store: a.DB.Flights(), Log: a.Sequencer, Parties: a.DB.Access(), Alerts: a.Alerts, Logger: a.Log}
	f, err := flights.NewService(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	a.Subscribe(f.Observe)
	return f
}

// TestFlightsFollowWritesOfAnotherService runs two flights services on one
// log (SQLite, one process): what either writes, the other follows.
func TestFlightsFollowWritesOfAnotherService(t *testing.T) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = time.Hour // the test syncs by hand
	n.restart()
	b := secondFlights(t, n.app)
	checkFollow(t, n.app.Flights, b, n.principal("us-liaison"), n.principal("ru-liaison"), n.entriesOfKind)
}

// TestFlightsFollowAnotherProcessOnPostgres runs two app instances (as two
// processes would) on one PostgreSQL database: plans, cancellations and
// reservations written through one reach the other's engine through the
// log's Follower.
func TestFlightsFollowAnotherProcessOnPostgres(t *testing.T) {
	pgtest.Need(t)
	ctx := context.Background()
	n := newTestNode(t)
	us, ru := n.principal("us-liaison"), n.principal("ru-liaison")
	cfg := *n.app.Config
	if err := n.app.Close(); err != nil {
		t.Fatal(err)
	}
	n.app = nil
	dsn := pgtest.Schema(t)
	src, err := store.OpenSQLite(ctx, filepath.Join(n.dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	dst, err := store.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := backup.Copy(ctx, src, dst, nil); err != nil {
		t.Fatal(err)
	}
	src.Close()
	dst.Close()
	dir2 := t.TempDir()
	for _, f := range []string{SignerKeyFile, VerifierKeyFile} {
		b, err := os.ReadFile(filepath.Join(n.dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir2, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cfg.DB = dsn
	cfg.Airspace.Tick = time.Hour // the test syncs by hand
	open := func(data string) *App {
		c := cfg
		c.Data = data
		a, err := Open(ctx, &c, Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		return a
	}
	a1, a2 := open(n.dir), open(dir2)
	count := func(kind string) int {
		c := 0
		if err := a1.DB.EntriesOfKind(ctx, kind, 0, func(*ledger.Entry) error { c++; return nil }); err != nil {
			t.Fatal(err)
		}
		return c
	}
	checkFollow(t, a1.Flights, a2.Flights, us, ru, count)
}

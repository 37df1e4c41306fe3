package demo

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/flights"
)

func TestScenarioFlightsOneConflictOneAdvisoryAndReplay(t *testing.T) {
	if testing.Short() {
		t.Skip("creates the whole demo (password hashing)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	if err := Init(ctx, dir); err != nil {
		t.Fatal(err)
	}
	// The node's clock and the replay's move together: the node refuses
	// position reports timed ahead of its own clock.
	var ahead atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(ahead.Load())) }
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := Seed(ctx, a, dir); err != nil {
		t.Fatal(err)
	}
	us, _ := principal(ctx, a, "us-liaison")
	cs, err := a.Flights.ListConflicts(ctx, us, flights.ConflictFilter{Status: flights.ConflictOpen})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range cs {
		kinds[c.Kind]++
	}
	if kinds[flights.KindConflict] != 1 || kinds[flights.KindAdvisory] != 1 || len(cs) != 2 {
		t.Fatalf("open conflicts %v, want one conflict and one advisory: %+v", kinds, cs)
	}
	// ru is concerned by both (its medevac flies low over the hospital);
	// the advisory goes to ru and the agency that notified the hospital.
	ru, _ := principal(ctx, a, "ru-liaison")
	for kind, want := range map[alerts.Kind]int{alerts.KindAirConflict: 1, alerts.KindAirAdvisory: 1} {
		if as, err := a.Alerts.ListPage(ctx, ru, alerts.Filter{Kind: kind}, nil); err != nil || len(as.Items) != want || as.Next != "" {
			t.Fatalf("%+v %s alerts (%v), want %d", as, kind, err, want)
		}
	}
	before := a.Hashes.Size()
	if err := SeedFlights(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.Hashes.Size() != before {
		t.Fatal("seeding flights twice added entries")
	}
	// Replay thirteen minutes on: the two transits fly, the medevac has landed.
	rctx, cancel := context.WithTimeout(ctx, 1500*time.Millisecond)
	defer cancel()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ahead.Store(int64(13 * time.Minute))
	if err := replay(rctx, a, log, clock); err != nil {
		t.Fatal(err)
	}
	if got := a.Flights.Tracks(us); len(got) != 2 {
		t.Fatalf("%d tracks after replay, want 2: %+v", len(got), got)
	}
}

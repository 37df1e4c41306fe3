package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/flights"
)

// TestTouchingSeparationIsOneConflict files two plans whose vertical
// separation is exactly 1,000 ft at one waypoint inside a longer loss of
// separation (a 1 km apart side by side, 500 ft apart at either end): one
// encounter, so one record and one alert, not two a moment apart.
func TestTouchingSeparationIsOneConflict(t *testing.T) {
	n := newTestNode(t)
	t0 := flightTimes()
	wp := func(lat, lon, alt float64, d time.Duration) map[string]any {
		return map[string]any{"lat": lat, "lon": lon, "alt_ft": alt, "time": t0.Add(d).Format(time.RFC3339)}
	}
	a := map[string]any{"callsign": "US-1", "category": "transport", "waypoints": []any{
		wp(35.0, 37.0, 20000, 0), wp(35.0, 37.5, 20000, 15*time.Minute), wp(35.0, 38.0, 20000, 30*time.Minute)}}
	b := map[string]any{"callsign": "RU-1", "category": "transport", "waypoints": []any{
		wp(35.009, 37.0, 19500, 0), wp(35.009, 37.5, 19000, 15*time.Minute), wp(35.009, 38.0, 19500, 30*time.Minute)}}
	for user, body := range map[string]map[string]any{"us-liaison": a, "ru-liaison": b} {
		if code, resp, _ := n.do("POST", "/api/v1/flightplans", user, body); code != 201 {
			t.Fatalf("file: %d %s", code, resp)
		}
	}
	cs := n.conflicts("us-liaison", "?status=open")
	if len(cs) != 1 {
		t.Fatalf("%d open conflicts, want 1: %+v", len(cs), cs)
	}
	if cs[0].Start != t0.Format(time.RFC3339Nano) && cs[0].Start != t0.UTC().Format(time.RFC3339) {
		t.Errorf("the conflict starts at %s, want %s", cs[0].Start, t0.Format(time.RFC3339))
	}
	for _, u := range []string{"us-liaison", "ru-liaison"} {
		if got := n.alertsOf(u); got != 1 {
			t.Errorf("%s sees %d alerts, want 1", u, got)
		}
	}
}

// TestConcurrentWritesKeepRecordsAndAlertsInStep files, amends and
// cancels crossing plans from 32 goroutines at once through one service,
// then checks that every record has its alerts in the state the record is
// in (open alerts for an open record, cleared ones for a cleared record),
// and that a service loading the log afresh finds nothing to raise or
// clear: the writes computed and committed concurrently left the log as
// the engine computes it. It runs with the service's tick still, and
// ticking every 5 ms, so that Syncs of what the writes committed run
// while other writes are in flight.
func TestConcurrentWritesKeepRecordsAndAlertsInStep(t *testing.T) {
	for _, tick := range []time.Duration{time.Hour, 5 * time.Millisecond} {
		t.Run("tick "+tick.String(), func(t *testing.T) { concurrentWrites(t, tick) })
	}
}

// concurrentWrites is TestConcurrentWritesKeepRecordsAndAlertsInStep with
// the node's flights service ticking every tick.
func concurrentWrites(t *testing.T, tick time.Duration) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = tick
	n.restart()
	ctx := context.Background()
	f := n.app.Flights
	t0 := flightTimes()
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for i := range 32 {
		wg.Go(func() {
			user, body := "us-liaison", line(35.0+0.02*float64(i/2), 37.0, 35.0+0.02*float64(i/2), 38.0, 20000, t0, 30*time.Minute, nil)
			if i%2 == 1 {
				user, body = "ru-liaison", line(34.6, 37.5+0.02*float64(i/2), 35.4, 37.5+0.02*float64(i/2), 20000, t0, 30*time.Minute, nil)
			}
			by := n.principal(user)
			p, err := f.File(ctx, by, planInput(t, body))
			if err == nil && i%3 == 0 {
				body["waypoints"].([]map[string]any)[1]["alt_ft"] = 24000.0
				_, err = f.Amend(ctx, by, p.ID, -1, planInput(t, body))
			}
			if err == nil && i%4 == 0 {
				_, err = f.Cancel(ctx, by, p.ID, -1, "test")
			}
			if err != nil {
				errs <- fmt.Errorf("writer %d: %w", i, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	cs, err := n.app.DB.Flights().Conflicts(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, c := range cs {
		found := 0
		for _, key := range append([]string{c.AlertKey}, partyKeys(c)...) {
			a, err := n.app.Alerts.ByKey(ctx, key)
			if errors.Is(err, fault.ErrNotFound) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			found++
			if cleared := a.Status == alerts.StatusCleared; cleared != (c.Status == flights.ConflictCleared) {
				t.Errorf("record %s is %s but its alert %s is %s", c.ID, c.Status, a.Key, a.Status)
			}
		}
		if found == 0 {
			t.Errorf("record %s (%s) has no alert", c.ID, c.Status)
		}
		if c.Status == flights.ConflictOpen {
			open++
		}
	}
	if open == 0 || len(cs) == open {
		t.Fatalf("%d records, %d open: the traffic should both raise and clear", len(cs), open)
	}
	size := n.logSize()
	d := flights.Deps{Config: n.app.flightsConfig(), Store: n.app.DB.Flights(), Log: n.app.Sequencer, Parties: n.app.DB.Access(), Alerts: n.app.Alerts, Logger: n.app.Log}
	fresh, err := flights.NewService(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.Load(ctx); err != nil {
		t.Fatal(err)
	}
	if grown := n.logSize() - size; grown != 0 {
		t.Errorf("loading the log afresh wrote %d entries, want 0 (the concurrent writes left it out of step)", grown)
	}
}

// partyKeys returns the keys of the alerts of c raised to one party alone.
func partyKeys(c flights.Conflict) []string {
	var out []string
	for _, p := range c.Parties {
		out = append(out, flights.PartyAlertKey(c.AlertKey, p))
	}
	return out
}

// TestWriteAfterAnotherProcessClearedARecord amends a plan through a
// service that has not yet followed another's clearing of one of the
// plan's records: its write, which would clear the record again, is
// refused as a whole, and computed again on the state refreshed from the
// log, so that the amendment is logged once and the record cleared once.
func TestWriteAfterAnotherProcessClearedARecord(t *testing.T) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = time.Hour
	n.restart()
	ctx := context.Background()
	a, b := n.app.Flights, secondFlights(t, n.app)
	us, ru := n.principal("us-liaison"), n.principal("ru-liaison")
	t0 := flightTimes()
	pa, err := a.File(ctx, us, planInput(t, line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)))
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "b holds us's plan", func() bool { _ = b.Sync(ctx); return b.Engine().Plans() == 1 })
	crossing := line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil)
	pb, err := b.File(ctx, ru, planInput(t, crossing))
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "a holds ru's plan", func() bool { _ = a.Sync(ctx); return a.Engine().Plans() == 2 })
	if _, err := a.Cancel(ctx, us, pa.ID, -1, "test"); err != nil { // clears the conflict; b does not sync
		t.Fatal(err)
	}
	crossing["waypoints"].([]map[string]any)[1]["alt_ft"] = 30000.0
	if _, err := b.Amend(ctx, ru, pb.ID, -1, planInput(t, crossing)); err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int{flights.EntryConflictRaised: 1, flights.EntryConflictCleared: 1, flights.EntryPlanAmended: 1, alerts.EntryCleared: 1} {
		if got := n.entriesOfKind(kind); got != want {
			t.Errorf("%d %s entries, want %d", got, kind, want)
		}
	}
	if p := b.Engine().Plans(); p != 1 {
		t.Errorf("b's engine holds %d plans after its refresh, want 1", p)
	}
}

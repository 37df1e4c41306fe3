package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/flights"
	"truce/internal/ledger"
)

// recordingLog records the kinds of the entries of each write submitted.
type recordingLog struct {
	flights.Appender
	mu     *sync.Mutex
	writes *[][]string
}

func (l recordingLog) Submit(ctx context.Context, changes ...ledger.Change) func() ([]*ledger.Entry, error) {
	kinds := make([]string, len(changes))
	for i := range changes {
		kinds[i] = changes[i].Kind
	}
	l.mu.Lock()
	*l.writes = append(*l.writes, kinds)
	l.mu.Unlock()
	return l.Appender.Submit(ctx, changes...)
}

// TestEachActionIsOneAppend checks that every action of the flights
// service (a plan filed, amended, cancelled; a reservation made and
// cancelled; a tick that raises or clears track records) is one Append holding its own entry, each record it
// raises followed by its alert, and each record it clears followed by the
// clearing of its alert: there is no step between a record and its alert
// at which a crash could stop.
func TestEachActionIsOneAppend(t *testing.T) {
	n := newTestNode(t)
	n.app.Config.Airspace.Tick = time.Hour
	n.restart()
	ctx := context.Background()
	var mu sync.Mutex
	var writes [][]string
	d := flights.Deps{Config: n.app.flightsConfig(), Store: n.app.DB.Flights(), Parties: n.app.DB.Access(), Logger: n.app.Log,
		Alerts: n.app.Alerts, Log: recordingLog{Appender: n.app.Sequencer, mu: &mu, writes: &writes}}
	f, err := flights.NewService(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Load(ctx); err != nil {
		t.Fatal(err)
	}
	us, ru := n.principal("us-liaison"), n.principal("ru-liaison")
	t0 := flightTimes()
	var a, b *flights.Plan
	var r *flights.Reservation
	crossing := line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil)
	at := func(alt float64) flights.PlanInput {
		crossing["waypoints"].([]map[string]any)[1]["alt_ft"] = alt
		crossing["waypoints"].([]map[string]any)[0]["alt_ft"] = alt
		return planInput(t, crossing)
	}
	now := time.Now().UTC()
	track := func(id, party string, lon, deg float64, at time.Time) flights.TrackInput {
		gs := 250.0
		return flights.TrackInput{ID: id, Party: party, Lat: 36.5, Lon: lon, AltFt: 20000, Time: at.Format(time.RFC3339Nano), GroundSpeedMPS: &gs, TrackDeg: &deg}
	}
	ingest := func(turned bool) error {
		at, usDeg, ruDeg := now, 90.0, 270.0
		if turned {
			at, usDeg, ruDeg = now.Add(time.Second), 270, 90
		}
		if _, err := f.Ingest(us, []flights.TrackInput{track("us-1", "us", 37.0, usDeg, at)}); err != nil {
			return err
		}
		_, err := f.Ingest(ru, []flights.TrackInput{track("ru-1", "ru", 37.3, ruDeg, at)})
		return err
	}
	raised := []string{flights.EntryConflictRaised, alerts.EntryRaised}
	cleared := []string{flights.EntryConflictCleared, alerts.EntryCleared}
	for _, tc := range []struct {
		name string
		act  func() error
		want [][]string
	}{
		{"file alone", func() (err error) {
			a, err = f.File(ctx, us, planInput(t, line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil)))
			return err
		}, [][]string{{flights.EntryPlanFiled}}},
		{"file a crossing plan", func() (err error) { b, err = f.File(ctx, ru, at(20000)); return err },
			[][]string{append([]string{flights.EntryPlanFiled}, raised...)}},
		{"amend it clear", func() error { _, err := f.Amend(ctx, ru, b.ID, -1, at(30000)); return err },
			[][]string{append([]string{flights.EntryPlanAmended}, cleared...)}},
		{"amend it back", func() error { _, err := f.Amend(ctx, ru, b.ID, -1, at(20000)); return err },
			[][]string{append([]string{flights.EntryPlanAmended}, raised...)}},
		{"cancel the first", func() error { _, err := f.Cancel(ctx, us, a.ID, -1, "test"); return err },
			[][]string{append([]string{flights.EntryPlanCancelled}, cleared...)}},
		{"reserve across the crossing plan", func() (err error) {
			b, _ := json.Marshal(reservation(t0, 0, 25000))
			var in flights.ReservationInput
			if err := json.Unmarshal(b, &in); err != nil {
				return err
			}
			r, err = f.Reserve(ctx, us, in)
			return err
		}, [][]string{{flights.EntryReservationCreated, flights.EntryConflictRaised, alerts.EntryRaised, alerts.EntryRaised}}}, // one alert per party: ru may not know us's reservation
		{"cancel the reservation", func() error { _, err := f.CancelReservation(ctx, us, r.ID, -1, "test"); return err },
			[][]string{{flights.EntryReservationCancelled, flights.EntryConflictCleared, alerts.EntryCleared, alerts.EntryCleared}}},
		{"tick with tracks head-on", func() error {
			if err := ingest(false); err != nil {
				return err
			}
			return f.Tick(ctx)
		}, [][]string{raised}},
		{"ticks after they turned away", func() error {
			if err := ingest(true); err != nil {
				return err
			}
			for range flights.TrackClearTicks {
				if err := f.Tick(ctx); err != nil {
					return err
				}
			}
			return nil
		}, [][]string{cleared}},
	} {
		mu.Lock()
		writes = nil
		mu.Unlock()
		if err := tc.act(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		mu.Lock()
		got := fmt.Sprint(writes)
		mu.Unlock()
		if want := fmt.Sprint(tc.want); got != want {
			t.Errorf("%s wrote %s, want %s", tc.name, got, want)
		}
	}
}

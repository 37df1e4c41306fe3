package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/flights"
)

// TestEngineFlights files, amends and cancels plans and reservations
// through the flights service on every engine, checks what the store
// returns, and that a replay rebuilds the same flight tables.
func TestEngineFlights(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		acc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		for _, id := range []string{"us", "ru"} {
			if _, err := acc.CreateParty(ctx, access.Public, accounts.NewParty{ID: id, Name: id, Kind: "military", CoChair: true}, true); err != nil {
				t.Fatal(err)
			}
		}
		svc, err := flights.NewService(flights.Deps{Store: db.Flights(), Log: seq, Parties: db.Access()})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Load(ctx); err != nil {
			t.Fatal(err)
		}
		us := access.Principal{UserID: "u1", Username: "us-liaison", Party: "us", Role: access.RoleLiaison, CoChair: true}
		ru := access.Principal{UserID: "u2", Username: "ru-liaison", Party: "ru", Role: access.RoleLiaison, CoChair: true}
		t0 := time.Now().UTC().Truncate(time.Second).Add(time.Hour)
		wp := func(lat, lon, alt float64, d time.Duration) flights.Waypoint {
			return flights.Waypoint{Lat: lat, Lon: lon, AltFt: alt, Time: t0.Add(d).Format(time.RFC3339)}
		}
		a, err := svc.File(ctx, us, flights.PlanInput{Callsign: "A", Waypoints: []flights.Waypoint{wp(35, 37, 20000, 0), wp(35, 38, 20000, 30*time.Minute)}})
		if err != nil {
			t.Fatal(err)
		}
		b, err := svc.File(ctx, ru, flights.PlanInput{Callsign: "B", Waypoints: []flights.Waypoint{wp(34.6, 37.5, 20000, 0), wp(35.4, 37.5, 20000, 30*time.Minute)}})
		if err != nil {
			t.Fatal(err)
		}
		geom, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][]float64{{{37.3, 34.9}, {37.7, 34.9}, {37.7, 35.1}, {37.3, 34.9}}}})
		r, err := svc.Reserve(ctx, ru, flights.ReservationInput{Name: "block", Geometry: geom, FloorFt: 0, CeilingFt: 30000,
			Start: t0.Format(time.RFC3339), End: t0.Add(time.Hour).Format(time.RFC3339)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Amend(ctx, ru, b.ID, 1, flights.PlanInput{Waypoints: []flights.Waypoint{wp(34.6, 37.5, 30000, 0), wp(35.4, 37.5, 30000, 30*time.Minute)}}); !errors.Is(err, fault.ErrPrecondition) {
			t.Fatalf("stale ETag: %v", err)
		}
		b2, err := svc.Amend(ctx, ru, b.ID, b.Seq, flights.PlanInput{Waypoints: []flights.Waypoint{wp(34.6, 37.5, 30000, 0), wp(35.4, 37.5, 30000, 30*time.Minute)}})
		if err != nil {
			t.Fatal(err)
		}
		if b2.Version != 2 || b2.Callsign != "" || b2.Waypoints[0].AltFt != 30000 {
			t.Fatalf("amended: %+v", b2)
		}
		if _, err := svc.Cancel(ctx, us, a.ID, -1, "done"); err != nil {
			t.Fatal(err)
		}
		st := db.Flights()
		pa, err := st.Plan(ctx, nil, a.ID)
		if err != nil || pa.Status != flights.StatusCancelled || pa.Reason != "done" || pa.Callsign != "A" {
			t.Fatalf("plan a: %+v %v", pa, err)
		}
		if ps, err := st.Plans(ctx); err != nil || len(ps) != 2 || ps[0].ID != b.ID {
			t.Fatalf("plans: %+v %v", ps, err)
		}
		if x, err := st.Reservation(ctx, nil, r.ID); err != nil || x.Name != "block" || !strings.Contains(string(x.Geometry), "Polygon") {
			t.Fatalf("reservation: %+v %v", x, err)
		}
		if _, err := st.Plan(ctx, nil, "fpl_none"); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("missing plan: %v", err)
		}
		cs, err := st.Conflicts(ctx, time.Now().Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, c := range cs {
			kinds[c.Kind+"/"+c.Status]++
		}
		// The conflict cleared on amending; the intrusion of plan a cleared on cancelling.
		if kinds["conflict/cleared"] != 1 || kinds["intrusion/cleared"] != 1 || len(cs) != 2 {
			t.Fatalf("conflicts: %v", kinds)
		}
		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"flight_plans", "flight_reservations", "flight_conflicts"} {
			x, err := db.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			y, err := replay.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(x, "\n") != strings.Join(y, "\n") || len(x) == 0 {
				t.Fatalf("%s differs after replay:\n%q\n%q", table, x, y)
			}
		}
	})
}

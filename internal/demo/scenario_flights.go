package demo

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"time"

	"truce/internal/access"
	"truce/internal/app"
	"truce/internal/flights"
	"truce/internal/notify"
)

// DemoHospital is the notified site the demo's low flight passes over:
// the eastern Aleppo field hospital of the notification scenario.
var DemoHospital = [2]float64{36.2050, 37.1730} // lat, lon

// SeedFlights adds the airspace scenario over northern Syria, after
// SeedNotifications (whose field hospital it uses): a us transit flight
// westbound at 22,000 ft and a ru flight northbound at the same level that
// cross east of Aleppo, one conflict; and a ru medevac helicopter that
// descends to the notified field hospital before the convoy's window opens,
// one advisory. Both are logged and alerted as the plans are filed. The
// flights start a minute from now, so that `truce demo --replay` shows
// them moving. It is idempotent: a second run adds nothing.
func SeedFlights(ctx context.Context, a *app.App) error {
	return seedFlightScenario(ctx, Hosted(a))
}

// seedFlightScenario is SeedFlights on a centre: each plan on the node of
// its party. On a federated centre each node deconflicts only the plans
// it holds, so the us and ru flights' conflict and the medevac's advisory
// over the agency's hospital (on the agency's node) are not raised.
func seedFlightScenario(ctx context.Context, c *Centre) error {
	users, err := actors(ctx, c, "us-liaison", "ru-liaison")
	if err != nil {
		return err
	}
	usA, ruA := users["us-liaison"], users["ru-liaison"]
	us, ru := usA.p, ruA.p
	existing, err := usA.a.Flights.ListPlans(ctx, us, flights.PlanFilter{})
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return nil
	}
	now := time.Now().UTC().Truncate(time.Second)
	t0 := now.Add(time.Minute)
	wp := func(lat, lon, alt float64, t time.Time) flights.Waypoint {
		return flights.Waypoint{Lat: lat, Lon: lon, AltFt: alt, Time: t.Format(time.RFC3339)}
	}
	green := &access.Releasability{TLP: access.TLPGreen}
	plans := []struct {
		by actor
		in flights.PlanInput
	}{
		{usA, flights.PlanInput{Callsign: "DEMO-US1", Category: "transport", Releasability: green, Waypoints: []flights.Waypoint{
			wp(36.30, 38.80, 22000, t0), wp(36.30, 38.20, 22000, t0.Add(12*time.Minute+30*time.Second)), wp(36.30, 37.60, 22000, t0.Add(25*time.Minute))}}},
		{ruA, flights.PlanInput{Callsign: "DEMO-RU1", Category: "transport", Releasability: green, Waypoints: []flights.Waypoint{
			wp(35.70, 38.20, 22000, t0), wp(36.30, 38.20, 22000, t0.Add(12*time.Minute+30*time.Second)), wp(36.90, 38.20, 22000, t0.Add(25*time.Minute))}}},
	}
	// The medevac lands before the convoy's window opens, so that its only
	// advisory is the hospital's.
	end := t0.Add(7 * time.Minute)
	if movs, err := ruA.a.Notify.List(ctx, ru, notify.Filter{Type: notify.TypeMovement, Status: notify.StatusActive}); err == nil {
		for _, m := range movs {
			if s, err := time.Parse(time.RFC3339, m.Movement.Window.Start); err == nil && s.Add(-30*time.Second).Before(end) {
				end = s.Add(-30 * time.Second)
			}
		}
	}
	if min := t0.Add(2 * time.Minute); end.Before(min) {
		end = min // a slow start: the convoy's window may then overlap
	}
	plans = append(plans, struct {
		by actor
		in flights.PlanInput
	}{ruA, flights.PlanInput{Callsign: "DEMO-RU2", Category: "medevac", Releasability: green, Waypoints: []flights.Waypoint{
		wp(36.190, 37.400, 1500, t0), wp(DemoHospital[0], DemoHospital[1], 0, end)}}})
	for _, p := range plans {
		if _, err := p.by.a.Flights.File(ctx, p.by.p, p.in); err != nil {
			return fmt.Errorf("demo: file %s: %w", p.in.Callsign, err)
		}
	}
	return nil
}

// Replay moves the demo's aircraft live: once a second until ctx ends, it
// posts in process, as each plan's party, a position report for every
// plan active now, interpolated along the plan, so that the map shows them
// moving and the track tick predicts their conflicts. It returns when ctx
// ends or no plan is left to fly.
func Replay(ctx context.Context, a *app.App, log *slog.Logger) error {
	return replay(ctx, a, log, time.Now)
}

// replay is Replay on the clock now.
func replay(ctx context.Context, a *app.App, log *slog.Logger, clock func() time.Time) error {
	who := map[string]access.Principal{}
	for _, party := range []string{"us", "ru"} {
		p, err := principal(ctx, a, party+"-liaison")
		if err != nil {
			return err
		}
		who[party] = p
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		plans, err := a.Flights.ListPlans(ctx, who["us"], flights.PlanFilter{})
		if err != nil {
			return err
		}
		now := clock().UTC()
		left := 0
		batches := map[string][]flights.TrackInput{}
		for _, p := range plans {
			if p.Status == flights.StatusCancelled || p.Status == flights.StatusCompleted {
				continue
			}
			left++
			if r, ok := positionAt(&p, now); ok {
				batches[p.Party] = append(batches[p.Party], r)
			}
		}
		for party, rs := range batches {
			if by, ok := who[party]; ok {
				if _, err := a.Flights.Ingest(by, rs); err != nil {
					log.WarnContext(ctx, "demo replay: reports refused", "party", party, "err", err)
				}
			}
		}
		if left == 0 {
			log.InfoContext(ctx, "demo replay: every plan has flown")
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// positionAt interpolates plan p at t (linearly in latitude, longitude and
// altitude, which is close enough for a map) and returns it as a report
// of track "<plan id>", with its ground speed and track.
func positionAt(p *flights.Plan, t time.Time) (flights.TrackInput, bool) {
	for i := 1; i < len(p.Waypoints); i++ {
		a, b := p.Waypoints[i-1], p.Waypoints[i]
		ta, _ := time.Parse(time.RFC3339Nano, a.Time)
		tb, _ := time.Parse(time.RFC3339Nano, b.Time)
		if t.Before(ta) || !t.Before(tb) || !tb.After(ta) {
			continue
		}
		f := t.Sub(ta).Seconds() / tb.Sub(ta).Seconds()
		dn := (b.Lat - a.Lat) * 111_320
		de := (b.Lon - a.Lon) * 111_320 * math.Cos(a.Lat*math.Pi/180)
		dt := tb.Sub(ta).Seconds()
		gs := math.Hypot(dn, de) / dt
		trk := math.Mod(math.Atan2(de, dn)*180/math.Pi+360, 360)
		vr := (b.AltFt - a.AltFt) / dt * 60
		return flights.TrackInput{ID: p.ID, Party: p.Party, Lat: a.Lat + f*(b.Lat-a.Lat), Lon: a.Lon + f*(b.Lon-a.Lon),
			AltFt: a.AltFt + f*(b.AltFt-a.AltFt), Time: t.Format(time.RFC3339Nano), GroundSpeedMPS: &gs, TrackDeg: &trk, VerticalFPM: &vr}, true
	}
	return flights.TrackInput{}, false
}

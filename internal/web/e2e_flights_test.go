package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"truce/internal/access"
	"truce/internal/flights"
)

// fileCrossingFlights files two flight plans of parties us and ru that
// cross over Homs at the same time and altitude (a conflict between
// aircraft of different parties), both flying now.
func (n *e2eNode) fileCrossingFlights(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	for _, f := range []struct {
		user, callsign string
		wps            []flights.Waypoint
	}{
		{"us-liaison", "USA101", []flights.Waypoint{{Lat: 34.2, Lon: 36.2, AltFt: 20000, Time: at(-30 * time.Minute)}, {Lat: 35.2, Lon: 37.2, AltFt: 20000, Time: at(30 * time.Minute)}}},
		{"ru-liaison", "RFF202", []flights.Waypoint{{Lat: 35.2, Lon: 36.2, AltFt: 20000, Time: at(-30 * time.Minute)}, {Lat: 34.2, Lon: 37.2, AltFt: 20000, Time: at(30 * time.Minute)}}},
	} {
		if _, err := n.app.Flights.File(ctx, n.principalOf(t, f.user), flights.PlanInput{Callsign: f.callsign, Category: "fixed_wing",
			Waypoints: f.wps, Releasability: &access.Releasability{TLP: access.TLPGreen}}); err != nil {
			t.Fatalf("file %s: %v", f.callsign, err)
		}
	}
}

// checkFlightsLayer checks the flights layer of the map in ctx (signed in
// as us-liaison) against the real deconfliction API after
// fileCrossingFlights: trajectories, the aircraft at the slider's time and
// the conflict between the two parties' aircraft, highlighted.
func (n *e2eNode) checkFlightsLayer(t *testing.T, us context.Context, dir string) {
	base := n.srv.URL
	run(t, us, "map", chromedp.Navigate(base+"/#/map"), chromedp.WaitVisible(`#layer-flights`),
		chromedp.WaitVisible(`#map path.flight-route`), chromedp.WaitVisible(`#map path.aircraft`))
	routes := get(t, us, "routes", chromedp.Evaluate[int](`document.querySelectorAll('#map path.flight-route').length`))
	if routes != 2 {
		t.Errorf("%d trajectories drawn, want 2", routes)
	}
	cs, err := n.app.Flights.ListConflicts(context.Background(), n.principalOf(t, "us-liaison"), flights.ConflictFilter{Status: "open"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) > 0 {
		run(t, us, "conflict", chromedp.WaitVisible(`#map path.conflict`), chromedp.WaitVisible(`#map path.flight-route.in-conflict`))
	} else {
		t.Logf("the deconfliction service reported no open conflict for the crossing plans; conflict highlighting not checked")
	}
	shot(t, us, dir, "40-map-flights")
	n.checkLiveTracks(t, us)
	// Turning the layer off removes it.
	run(t, us, "toggle off", chromedp.Click(`#layer-flights`), chromedp.WaitNotPresent(`#map path.flight-route`))
	run(t, us, "toggle on", chromedp.Click(`#layer-flights`), chromedp.WaitVisible(`#map path.flight-route`))
}

// checkLiveTracks posts position reports of a us track and checks that
// the map (signed in as us-liaison) shows it, moves it with the next
// report through GET /api/v1/tracks/stream, and removes it once the track
// has expired. The reports are timed almost a track-expiry ago, so that
// the node's tick expires the track within seconds.
func (n *e2eNode) checkLiveTracks(t *testing.T, us context.Context) {
	ingest := func(lat, lon float64, age time.Duration) {
		t.Helper()
		in := []flights.TrackInput{{ID: "USA-LIVE", Lat: lat, Lon: lon, AltFt: 15000, Time: time.Now().UTC().Add(-age).Format(time.RFC3339Nano)}}
		if _, err := n.app.Flights.Ingest(n.principalOf(t, "us-liaison"), in); err != nil {
			t.Fatal(err)
		}
	}
	// 40 s old of a 60 s expiry: 20 s to see the track appear and move,
	// then at most about 22 s (expiry, tick, stream) to see it go, within
	// run's 30 s.
	ingest(34.5, 36.5, 40*time.Second)
	run(t, us, "track appears", chromedp.WaitVisible(`#map path.track`))
	before := get(t, us, "track shape", chromedp.Evaluate[string](`document.querySelector('#map path.track').getAttribute('d')`))
	ingest(34.9, 37.0, 39*time.Second)
	get(t, us, "track moves", chromedp.Poll[bool](fmt.Sprintf(`(() => { const p = document.querySelector('#map path.track'); return !!p && p.getAttribute('d') !== %q; })()`, before)))
	run(t, us, "expired track leaves the map", chromedp.WaitNotPresent(`#map path.track`))
}

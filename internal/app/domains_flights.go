package app

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"truce/internal/deconflict"
	"truce/internal/flights"
)

// flightsConfig converts the node's airspace settings to the service's.
func (a *App) flightsConfig() flights.Config {
	as := a.Config.Airspace
	return flights.Config{
		Engine: deconflict.Config{CentreLat: as.CentreLat, CentreLon: as.CentreLon, MaxRadius: as.RadiusKm * 1e3,
			LateralMinimum: as.LateralNM * 1852, VerticalMinimum: as.VerticalFt, TrackTTL: as.TrackExpiry},
		Lookahead: as.Lookahead, Tick: as.Tick,
		Advisory: deconflict.AdvisoryOptions{SiteCeilingFt: as.AdvisoryCeilingFt, MovementDistanceM: as.AdvisoryDistanceM},
		RefKey:   a.refKey(),
	}
}

// refKeyLabel is what the node signs to derive the key of its opaque
// references; no checkpoint or cosignature can have this text.
const refKeyLabel = "truce opaque subject references v1"

// refKey returns the key of the opaque references under which a party is
// shown the subjects of conflicts it may not know: SHA-256 of refKeyLabel
// and the node's Ed25519 signature of it. Ed25519 signatures are
// deterministic, so the key is the same in every process of the node and
// after every restart, and only the holder of the node's signing key can
// compute it. Nil (a random key per process) if there is no signer.
func (a *App) refKey() []byte {
	if a.Keys == nil || a.Keys.Signer == nil {
		return nil
	}
	sig, err := a.Keys.Signer.Sign([]byte(refKeyLabel))
	if err != nil {
		a.Log.Error("app: derive the reference key", "err", err)
		return nil
	}
	sum := sha256.Sum256(append([]byte(refKeyLabel+"\x00"), sig...))
	return sum[:]
}

// startFlights wires airspace deconfliction into the node (after
// startNotify, whose alerts and notifications it uses): it rebuilds the
// engine from the projections and reconciles the logged conflicts with it
// (nothing already logged is raised again), subscribes to committed
// entries so that advisories follow notified sites and movements, serves
// the API and runs the conflict tick until bg ends.
func (a *App) startFlights(ctx, bg context.Context, now func() time.Time) error {
	d := flights.Deps{Store: a.DB.Flights(), Log: a.Sequencer, Parties: a.DB.Access(), Now: now, Logger: a.Log}
	if a.API.Alerts != nil {
		d.Alerts = a.API.Alerts
	}
	if a.API.Notify != nil {
		d.Notices = a.API.Notify
	}
	f, err := flights.New(a.flightsConfig(), d)
	if err != nil {
		return fmt.Errorf("app: flights: %w", err)
	}
	if err := f.Load(ctx); err != nil {
		return fmt.Errorf("app: flights: %w", err)
	}
	a.Subscribe(f.Observe)
	a.Flights, a.API.Flights = f, f
	a.wg.Go(func() { f.Run(bg) })
	return nil
}

package app

import (
	"crypto/sha256"

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

package config

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Airspace configures airspace deconfliction (internal/flights). Zero
// values select the engine's defaults.
type Airspace struct {
	// CentreLat, CentreLon is the centre of the monitored region and of the
	// local projection (default 35.0, 38.5: Syria).
	CentreLat, CentreLon float64
	// RadiusKm: positions farther from the centre are rejected (default 1,500).
	RadiusKm float64
	// LateralNM and VerticalFt are the separation minima (defaults 5 NM and
	// 1,000 ft).
	LateralNM, VerticalFt float64
	// Lookahead is how far ahead tracks are predicted (default 5 min).
	Lookahead time.Duration
	// TrackExpiry: tracks without a report for this long are dropped
	// (default 60 s).
	TrackExpiry time.Duration
	// Tick is how often track conflicts are predicted (default 1 s).
	Tick time.Duration
	// AdvisoryCeilingFt: flights below this altitude within a notified
	// site's buffer get an advisory (default 10,000 ft).
	AdvisoryCeilingFt float64
	// AdvisoryDistanceM: flights within this distance of a humanitarian
	// movement's route during its window get an advisory (default 5,000 m).
	AdvisoryDistanceM float64
}

// airspaceFlags registers the deconfliction flags on fs.
func airspaceFlags(fs *flag.FlagSet, a *Airspace) {
	a.CentreLat, a.CentreLon = 35.0, 38.5
	fs.Func("airspace-centre", "centre `LAT,LON` of the monitored airspace and its projection (default 35.0,38.5)", func(s string) error {
		la, lo, ok := strings.Cut(s, ",")
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(la), 64)
		lon, err2 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		if !ok || err1 != nil || err2 != nil || lat < -89 || lat > 89 || lon < -180 || lon > 180 {
			return errors.New("want LAT,LON in degrees, e.g. 35.0,38.5")
		}
		a.CentreLat, a.CentreLon = lat, lon
		return nil
	})
	fs.Float64Var(&a.RadiusKm, "airspace-radius-km", 1500, "positions farther than this from the airspace centre are rejected (km)")
	fs.Float64Var(&a.LateralNM, "separation-lateral-nm", 5, "lateral separation minimum between aircraft of different parties (nautical miles)")
	fs.Float64Var(&a.VerticalFt, "separation-vertical-ft", 1000, "vertical separation minimum (feet)")
	fs.DurationVar(&a.Lookahead, "conflict-lookahead", 5*time.Minute, "how far ahead live tracks are predicted for conflicts")
	fs.DurationVar(&a.TrackExpiry, "track-expiry", time.Minute, "live tracks without a report for this long are dropped")
	fs.DurationVar(&a.Tick, "conflict-tick", time.Second, "how often track conflicts are predicted")
	fs.Float64Var(&a.AdvisoryCeilingFt, "advisory-ceiling-ft", 10000, "flights below this altitude within a notified site's buffer get an advisory (feet)")
	fs.Float64Var(&a.AdvisoryDistanceM, "advisory-distance-m", 5000, "flights within this distance of a humanitarian movement's route during its window get an advisory (metres)")
}

// Validate checks the deconfliction settings.
func (a *Airspace) Validate() error {
	for name, v := range map[string]float64{"--airspace-radius-km": a.RadiusKm, "--separation-lateral-nm": a.LateralNM,
		"--separation-vertical-ft": a.VerticalFt, "--advisory-ceiling-ft": a.AdvisoryCeilingFt, "--advisory-distance-m": a.AdvisoryDistanceM} {
		if v < 0 {
			return fmt.Errorf("%s %v must not be negative", name, v)
		}
	}
	if a.RadiusKm > 5000 {
		return fmt.Errorf("--airspace-radius-km %v: at most 5000 (the projection is accurate to 0.1 %% within 300 km of the centre)", a.RadiusKm)
	}
	for name, d := range map[string]time.Duration{"--conflict-lookahead": a.Lookahead, "--track-expiry": a.TrackExpiry, "--conflict-tick": a.Tick} {
		if d < 0 {
			return fmt.Errorf("%s %s must not be negative", name, d)
		}
	}
	if a.Tick > 0 && a.Tick < 10*time.Millisecond {
		return errors.New("--conflict-tick must be at least 10ms")
	}
	return nil
}

package flights

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
)

// BenchmarkTrackPlanCheck measures the track-against-plan check of one
// tick (trackPlanConflicts: 10,000 live tracks against the plans flying
// within the 5-minute look-ahead, in a scratch engine) beside the
// engine's own track-against-track tick on the same tracks (the
// baseline), in a 600 × 600 km region:
//
//	go test ./internal/flights -run '^$' -bench TrackPlanCheck -benchtime 10x
func BenchmarkTrackPlanCheck(b *testing.B) {
	const tracks = 10_000
	rng := rand.New(rand.NewPCG(seed, 3))
	now := time.Now().UTC().Truncate(time.Second)
	for _, plans := range []int{100, 1000} {
		s, err := NewService(Deps{})
		if err != nil {
			b.Fatal(err)
		}
		box := func() (float64, float64) {
			return DefaultCentreLat + (rng.Float64()-0.5)*5.4, DefaultCentreLon + (rng.Float64()-0.5)*6.6
		}
		for _, party := range []string{"us", "ru"} {
			by := access.Principal{UserID: "u-" + party, Party: party, Role: access.RoleLiaison}
			in := make([]TrackInput, tracks/2)
			for i := range in {
				lat, lon := box()
				gs, trk := 100+rng.Float64()*150, rng.Float64()*360
				in[i] = TrackInput{ID: fmt.Sprintf("%s-%d", party, i), Lat: lat, Lon: lon, AltFt: 1000 + rng.Float64()*39000,
					Time: now.Format(time.RFC3339Nano), GroundSpeedMPS: &gs, TrackDeg: &trk}
			}
			if _, err := s.Ingest(by, in); err != nil {
				b.Fatal(err)
			}
		}
		for i := range plans {
			fp := deconflict.FlightPlan{ID: fmt.Sprintf("fpl_%d", i), Party: []string{"us", "ru", "un"}[i%3]}
			tm := now.Add(-time.Duration(rng.IntN(3600)) * time.Second)
			lat, lon := box()
			alt := 1000 + rng.Float64()*39000
			for range 20 {
				fp.Waypoints = append(fp.Waypoints, deconflict.Waypoint{Lat: lat, Lon: lon, AltFt: alt, Time: tm})
				tm = tm.Add(6 * time.Minute)
				lat, lon = lat+(rng.Float64()-0.5)*0.6, lon+(rng.Float64()-0.5)*0.6
			}
			s.hold(fp, 1, "", access.Releasability{})
		}
		b.Run(fmt.Sprintf("plans=%d/engine-tick-baseline", plans), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.eng.Tick(now, 5*time.Minute); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("plans=%d/track-plan-check", plans), func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(s.trackPlanConflicts(now, 5*time.Minute))
			}
			b.ReportMetric(float64(n), "conflicts")
		})
	}
}

package agreements

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
	"truce/internal/flights"
)

// BenchmarkTrackIngest measures position reports/s through the flights
// service's ingest path (flights.Service.Ingest: validation, the engine,
// the live tracks) for 10,000 tracks in batches of 2,000: "unjudged" with
// no judge (the path as it was before reports were judged), "judged-1000"
// with a TrackJudge holding 1,000 no-low-flights obligations over the
// same 2° × 2° area (most reports break several of them; each track
// episode's first hit of each is queued). Run with
//
//	go test ./internal/agreements -run '^$' -bench TrackIngest -count 3
func BenchmarkTrackIngest(b *testing.B) {
	const n, batch = 10_000, 2_000
	rng := rand.New(rand.NewPCG(1, 18))
	ins := make([]flights.TrackInput, n)
	for i := range ins {
		ins[i] = flights.TrackInput{ID: "trk" + strconv.Itoa(i), Lat: 35 + rng.Float64()*2, Lon: 36 + rng.Float64()*2,
			AltFt: float64(rng.IntN(20000))}
	}
	t0 := time.Now().Add(-10 * time.Minute)
	rs, names := airRules(rng, 1000, t0.Add(-time.Hour))
	for _, c := range []struct {
		name  string
		judge *TrackJudge
	}{{"unjudged", nil}, {"judged-1000", NewTrackJudge()}} {
		b.Run(c.name, func(b *testing.B) {
			d := flights.Deps{Config: flights.Config{Engine: deconflict.Config{CentreLat: 36, CentreLon: 37, MaxRadius: 400e3}}}
			if c.judge != nil {
				c.judge.setRules(slices.Clone(rs), names)
				d.Judge = c.judge
			}
			svc, err := flights.NewService(d)
			if err != nil {
				b.Fatal(err)
			}
			by := access.Principal{UserID: "bench", Party: "us", Role: access.RoleReporter}
			k := 0
			in := make([]flights.TrackInput, batch)
			for b.Loop() {
				for j := range in {
					in[j] = ins[k%n]
					in[j].Time = t0.Add(time.Duration(k) * time.Microsecond).Format(time.RFC3339Nano)
					k++
				}
				if _, err := svc.Ingest(by, in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(k)/b.Elapsed().Seconds(), "reports/s")
			if c.judge != nil {
				b.ReportMetric(float64(len(c.judge.take(time.Time{}))), "hits-queued")
			}
		})
	}
}

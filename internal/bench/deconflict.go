package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
	"truce/internal/flights"
)

// The deconfliction figures (`truce bench deconflict`): the engine through
// the service's own configuration, and the service's ingestion path. The
// traffic is that of the engine's benchmarks (internal/deconflict): plans of
// 20 waypoints over 2 h in 600 × 600 km around 35.0N 38.5E, three parties,
// 100–250 m/s at semicircular flight levels, and tracks at a density of
// 10,000 per 600 × 600 km.

// Region centre of the generated traffic (the service's default).
const trafficLat, trafficLon = flights.DefaultCentreLat, flights.DefaultCentreLon

var trafficEpoch = time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)

// NewEngine returns an engine for the generated traffic; maxRadius 0 keeps
// the default.
func NewEngine(maxRadius float64) (*deconflict.Engine, error) {
	return deconflict.New(deconflict.Config{CentreLat: trafficLat, CentreLon: trafficLon, MaxRadius: maxRadius})
}

func flightLevel(r *rand.Rand, heading float64) float64 {
	fl := 6 + r.IntN(20)*2
	if math.Sin(heading) > 0 {
		fl++
	}
	return float64(fl) * 1000
}

// Traffic returns n random plans (seeded) whose start times are spread over
// spread (0: all airborne at once, the dense case).
func Traffic(seed uint64, n int, spread time.Duration, prefix string) []deconflict.FlightPlan {
	r := rand.New(rand.NewPCG(seed, 1))
	p := deconflict.NewProjection(trafficLat, trafficLon)
	parties := []string{"us", "ru", "un"}
	const half, waypoints, duration = 300e3, 20, 7200.0
	plans := make([]deconflict.FlightPlan, n)
	for i := range plans {
		fp := deconflict.FlightPlan{ID: fmt.Sprintf("%s%05d", prefix, i), Party: parties[r.IntN(3)]}
		x, y := (r.Float64()*2-1)*half, (r.Float64()*2-1)*half
		t := r.Float64() * spread.Seconds()
		heading := r.Float64() * 2 * math.Pi
		alt := flightLevel(r, heading)
		leg := duration / (waypoints - 1)
		for len(fp.Waypoints) < waypoints {
			lat, lon := p.Inverse(x, y)
			fp.Waypoints = append(fp.Waypoints, deconflict.Waypoint{Lat: lat, Lon: lon, AltFt: alt, Time: trafficEpoch.Add(time.Duration(t * 1e9))})
			speed, dt := 100+r.Float64()*150, leg*(0.5+r.Float64())
			heading += (r.Float64() - 0.5) * 2
			nx, ny := x+speed*dt*math.Sin(heading), y+speed*dt*math.Cos(heading)
			if math.Abs(nx) > half || math.Abs(ny) > half {
				heading = math.Atan2(-x, -y) + (r.Float64()-0.5)*0.5
				nx, ny = x+speed*dt*math.Sin(heading), y+speed*dt*math.Cos(heading)
			}
			if r.IntN(6) == 0 {
				alt = flightLevel(r, heading)
			}
			x, y, t = nx, ny, t+dt
		}
		plans[i] = fp
	}
	return plans
}

// TrackTraffic returns n seeded track reports (with velocities) at the
// density of 10,000 per 600 × 600 km, at time at, and the region radius
// that holds them.
func TrackTraffic(seed uint64, n int, at time.Time) ([]deconflict.TrackReport, float64) {
	half := 300e3 * math.Sqrt(float64(n)/10000)
	p := deconflict.NewProjection(trafficLat, trafficLon)
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	parties := []string{"us", "ru", "un"}
	reps := make([]deconflict.TrackReport, n)
	for i := range reps {
		lat, lon := p.Inverse((r.Float64()*2-1)*half, (r.Float64()*2-1)*half)
		h := r.Float64() * 360
		reps[i] = deconflict.TrackReport{ID: fmt.Sprintf("t%06d", i), Party: parties[i%3], Lat: lat, Lon: lon,
			AltFt: flightLevel(r, h*math.Pi/180), Time: at, HasVelocity: true, GroundSpeedMS: 100 + r.Float64()*150, TrackDeg: h}
	}
	return reps, 3 * half
}

// best runs fn k times and returns the fastest run.
func best(k int, fn func() error) (time.Duration, error) {
	b := time.Duration(math.MaxInt64)
	for range k {
		t0 := time.Now()
		if err := fn(); err != nil {
			return 0, err
		}
		b = min(b, time.Since(t0))
	}
	return b, nil
}

// AllConflicts loads plans into an engine and returns the fastest of runs
// of AllConflicts, the number of conflicts, and (the baseline) the time to
// add the same plans one by one with AddPlan.
func AllConflicts(plans []deconflict.FlightPlan, runs int, say Progress) (d time.Duration, n int, incremental time.Duration, err error) {
	e, err := NewEngine(0)
	if err != nil {
		return 0, 0, 0, err
	}
	if _, err := e.Load(plans); err != nil {
		return 0, 0, 0, err
	}
	d, err = best(runs, func() error { n = len(e.AllConflicts()); return nil })
	if err != nil {
		return 0, 0, 0, err
	}
	say("  all conflicts among %d plans: %d in %s (best of %d)", len(plans), n, d, runs)
	inc, err := NewEngine(0)
	if err != nil {
		return 0, 0, 0, err
	}
	t0 := time.Now()
	for _, p := range plans {
		if _, err := inc.AddPlan(p); err != nil {
			return 0, 0, 0, err
		}
	}
	incremental = time.Since(t0)
	say("  baseline, adding them one by one: %s", incremental)
	return d, n, incremental, nil
}

// OnePlan returns the mean time to add and remove one new plan against the
// loaded plans, over k distinct new plans.
func OnePlan(plans, extra []deconflict.FlightPlan, say Progress) (time.Duration, error) {
	e, err := NewEngine(0)
	if err != nil {
		return 0, err
	}
	if _, err := e.Load(plans); err != nil {
		return 0, err
	}
	t0 := time.Now()
	for _, p := range extra {
		if _, err := e.AddPlan(p); err != nil {
			return 0, err
		}
		if _, err := e.RemovePlan(p.ID); err != nil {
			return 0, err
		}
	}
	d := time.Since(t0) / time.Duration(len(extra))
	say("  one new plan against %d: %s (mean of %d, add + remove)", len(plans), d, len(extra))
	return d, nil
}

// Tick returns the fastest of runs 300 s look-ahead ticks over n tracks and
// the number of predictions.
func Tick(n, runs int, say Progress) (time.Duration, int, error) {
	reps, radius := TrackTraffic(7, n, trafficEpoch)
	e, err := NewEngine(radius)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range reps {
		if err := e.UpdateTrack(r); err != nil {
			return 0, 0, err
		}
	}
	var k int
	d, err := best(runs, func() error {
		ps, err := e.Tick(trafficEpoch, 300*time.Second)
		k = len(ps)
		return err
	})
	say("  tick, %d tracks, 300 s: %s, %d predictions (best of %d)", n, d, k, runs)
	return d, k, err
}

// NaiveTick is the baseline of Tick: every pair of 1,000 of the n tracks,
// straight-line closest approach in a flat plane (no grid), scaled to all
// pairs of n (×(n/1000)²).
func NaiveTick(n int) time.Duration {
	reps, _ := TrackTraffic(7, n, trafficEpoch)
	m := min(n, 1000)
	p := deconflict.NewProjection(trafficLat, trafficLon)
	type st struct{ x, y, z, vx, vy float64 }
	s := make([]st, m)
	for i := range s {
		x, y := p.Forward(reps[i].Lat, reps[i].Lon)
		sn, cs := math.Sincos(reps[i].TrackDeg * math.Pi / 180)
		s[i] = st{x, y, reps[i].AltFt, reps[i].GroundSpeedMS * sn, reps[i].GroundSpeedMS * cs}
	}
	hits := 0
	t0 := time.Now()
	for i := range s {
		for j := i + 1; j < m; j++ {
			a, b := &s[i], &s[j]
			if math.Abs(a.z-b.z) >= 1000 {
				continue
			}
			dx, dy, dvx, dvy := b.x-a.x, b.y-a.y, b.vx-a.vx, b.vy-a.vy
			tc := 0.0
			if v2 := dvx*dvx + dvy*dvy; v2 > 0 {
				tc = min(300, max(0, -(dx*dvx+dy*dvy)/v2))
			}
			if math.Hypot(dx+dvx*tc, dy+dvy*tc) < 9260 {
				hits++
			}
		}
	}
	el := time.Since(t0)
	_ = hits
	f := float64(n) / float64(m)
	return time.Duration(float64(el) * f * f)
}

// Updates measures position reports/s into the engine in process (one
// goroutine, velocity given) over d, and the same through the service's
// batch ingestion (validation, party check, latest-state table) in batches
// of batch; baseline is a plain map store of the reports.
func Updates(n, batch int, d time.Duration, say Progress) (engine, service, baseline float64, err error) {
	reps, radius := TrackTraffic(11, n, time.Now())
	e, err := NewEngine(radius)
	if err != nil {
		return 0, 0, 0, err
	}
	rate := func(fn func(i int) error) (float64, error) {
		k := 0
		t0 := time.Now()
		for time.Since(t0) < d {
			for range 1000 {
				if err := fn(k); err != nil {
					return 0, err
				}
				k++
			}
		}
		return float64(k) / time.Since(t0).Seconds(), nil
	}
	if engine, err = rate(func(i int) error {
		r := &reps[i%n]
		r.Time = r.Time.Add(time.Millisecond)
		return e.UpdateTrack(*r)
	}); err != nil {
		return 0, 0, 0, err
	}
	m := map[string]deconflict.TrackReport{}
	baseline, _ = rate(func(i int) error { r := &reps[i%n]; m[r.ID] = *r; return nil })
	svc, err := flights.NewService(flights.Deps{Config: flights.Config{Engine: deconflict.Config{CentreLat: trafficLat, CentreLon: trafficLon, MaxRadius: radius}}})
	if err != nil {
		return 0, 0, 0, err
	}
	by := access.Principal{UserID: "bench", Username: "bench", Party: "us", Role: access.RoleReporter}
	var ins []flights.TrackInput
	now := time.Now()
	for _, r := range reps {
		if r.Party == "us" {
			gs, trk := r.GroundSpeedMS, r.TrackDeg
			ins = append(ins, flights.TrackInput{ID: r.ID, Lat: r.Lat, Lon: r.Lon, AltFt: r.AltFt, GroundSpeedMPS: &gs, TrackDeg: &trk})
		}
	}
	k := 0
	t0 := time.Now()
	for nb := 0; time.Since(t0) < d; nb++ {
		b := make([]flights.TrackInput, 0, batch)
		// Each batch a microsecond after the last (a report no later than
		// its track's last is stale), never ahead of the node's clock.
		ts := now.Add(time.Duration(nb) * time.Microsecond).Format(time.RFC3339Nano)
		for len(b) < batch {
			in := ins[k%len(ins)]
			in.Time = ts
			b = append(b, in)
			k++
		}
		if _, err := svc.Ingest(by, b); err != nil {
			return 0, 0, 0, err
		}
	}
	service = float64(k) / time.Since(t0).Seconds()
	say("  in process: engine %.0f updates/s, service batches %.0f/s, map store %.0f/s", engine, service, baseline)
	return engine, service, baseline, nil
}

// HeapMiB returns the live heap after a collection, in MiB.
func HeapMiB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}

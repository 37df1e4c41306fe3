package deconflict

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
	"time"
)

// Benchmarks on the DESIGN figures: 10,000 plans of 20 waypoints, 2 h each,
// in a 600 × 600 km region centred on Syria (35.0N 38.5E), three parties,
// 100–250 m/s at flight levels. Each engine benchmark has its all-pairs
// oracle baseline beside it.

var (
	benchOnce  sync.Once
	benchPlans []FlightPlan
	benchExtra []FlightPlan

	dayOnce  sync.Once
	dayPlans []FlightPlan
)

// dayTraffic is the same generator with the 10,000 plans' start times
// spread over 22 h, so that they fill a day (about 830 airborne at once
// instead of all 10,000): conflicts exist but are not everywhere (about
// 3 per plan instead of about 35 in the dense case).
func dayTraffic() []FlightPlan {
	dayOnce.Do(func() {
		p := NewProjection(syriaLat, syriaLon)
		r := rand.New(rand.NewPCG(42, 43))
		tf := traffic{n: 10000, waypoints: 20, duration: 7200, spread: 22 * 3600, half: 300e3, parties: []string{"us", "ru", "un"}}
		dayPlans = genPlans(r, p, tf)
	})
	return dayPlans
}

func benchTraffic() ([]FlightPlan, []FlightPlan) {
	benchOnce.Do(func() {
		p := NewProjection(syriaLat, syriaLon)
		r := rand.New(rand.NewPCG(42, 42))
		tf := traffic{n: 10100, waypoints: 20, duration: 7200, spread: 0, half: 300e3, parties: []string{"us", "ru", "un"}}
		all := genPlans(r, p, tf)
		benchPlans, benchExtra = all[:10000], all[10000:]
	})
	return benchPlans, benchExtra
}

// reportCPU reports the process's CPU time per operation since c0 (all
// goroutines: with 2 workers fully busy it is twice ns/op) as cpu-ms/op.
func reportCPU(b *testing.B, c0 time.Duration) {
	b.ReportMetric(float64(processCPU()-c0)/1e6/float64(b.N), "cpu-ms/op")
}

func loadedEngine(b *testing.B) *Engine {
	plans, _ := benchTraffic()
	e := newTestEngine(b, nil)
	if _, err := e.Load(plans); err != nil {
		b.Fatal(err)
	}
	return e
}

// BenchmarkAllConflicts10k: all conflicts among 10,000 plans from scratch.
func BenchmarkAllConflicts10k(b *testing.B) {
	e := loadedEngine(b)
	var n int
	b.ReportAllocs()
	c0 := processCPU()
	for b.Loop() {
		n = len(e.AllConflicts())
	}
	reportCPU(b, c0)
	b.ReportMetric(float64(n), "conflicts")
}

// BenchmarkAllConflicts10kReuse is BenchmarkAllConflicts10k with the
// result's storage reused from call to call (AppendAllConflicts), as a
// caller that recomputes periodically would: no fresh 35 MB to fault in.
func BenchmarkAllConflicts10kReuse(b *testing.B) {
	e := loadedEngine(b)
	var out []Conflict
	b.ReportAllocs()
	c0 := processCPU()
	for b.Loop() {
		out = e.AppendAllConflicts(out[:0])
	}
	reportCPU(b, c0)
	b.ReportMetric(float64(len(out)), "conflicts")
}

// BenchmarkAllConflicts10kDay: all conflicts among the day's 10,000 plans
// (see dayTraffic).
func BenchmarkAllConflicts10kDay(b *testing.B) {
	e := newTestEngine(b, nil)
	if _, err := e.Load(dayTraffic()); err != nil {
		b.Fatal(err)
	}
	var n int
	b.ReportAllocs()
	c0 := processCPU()
	for b.Loop() {
		n = len(e.AllConflicts())
	}
	reportCPU(b, c0)
	b.ReportMetric(float64(n), "conflicts")
}

// BenchmarkOracleAllConflicts10kDay: the all-pairs oracle on 1,000 of the
// day's 10,000 plans (1/100 of the pairs; ×100 estimates the full run).
func BenchmarkOracleAllConflicts10kDay(b *testing.B) {
	e := newTestEngine(b, nil)
	if _, err := e.Load(dayTraffic()); err != nil {
		b.Fatal(err)
	}
	sample := e.plans[:1000]
	var n int
	for b.Loop() {
		n = len(oracleOf(&e.core, sample))
	}
	b.ReportMetric(float64(n), "conflicts_in_sample")
}

// BenchmarkOracleAllConflicts10k: the all-pairs oracle on a sample of 1,000
// of the 10,000 plans (1/100 of the pairs); ns/op ×100 estimates the full run.
func BenchmarkOracleAllConflicts10k(b *testing.B) {
	e := loadedEngine(b)
	var sample []*trajectory
	for _, tr := range e.plans[:1000] {
		sample = append(sample, tr)
	}
	var n int
	for b.Loop() {
		n = len(oracleOf(&e.core, sample))
	}
	b.ReportMetric(float64(n), "conflicts_in_sample")
}

// BenchmarkLoad10k: validating, indexing and batch-computing 10,000 plans;
// reports the engine's heap.
func BenchmarkLoad10k(b *testing.B) {
	plans, _ := benchTraffic()
	var ms0, ms1 runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&ms0)
		e := newTestEngine(b, nil)
		if _, err := e.Load(plans); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms1)
		runtime.KeepAlive(e)
	}
	b.ReportMetric(float64(ms1.HeapAlloc-ms0.HeapAlloc)/1e6, "MB_heap")
}

// BenchmarkAddRemovePlan10k: one new plan against 10,000, then its removal.
func BenchmarkAddRemovePlan10k(b *testing.B) {
	e := loadedEngine(b)
	_, extra := benchTraffic()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		p := extra[i%len(extra)]
		i++
		if _, err := e.AddPlan(p); err != nil {
			b.Fatal(err)
		}
		if _, err := e.RemovePlan(p.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAmendPlan10k: one amended plan (a new trajectory for an existing
// id) against 10,000. Even operations give plan j the trajectory of one of
// the 100 extra plans, odd ones restore plan j's own, so the traffic never
// fills up with copies of the extra plans (which made the cost grow with
// b.N).
func BenchmarkAmendPlan10k(b *testing.B) {
	e := loadedEngine(b)
	plans, extra := benchTraffic()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		j := (i / 2) % len(plans)
		p := plans[j]
		if i%2 == 0 {
			p = extra[(i/2)%len(extra)]
			p.ID, p.Party = plans[j].ID, plans[j].Party
		}
		i++
		if _, _, err := e.UpdatePlan(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOracleOnePlan10k: the oracle's cost for one new plan: the pair
// maths against each of the 10,000.
func BenchmarkOracleOnePlan10k(b *testing.B) {
	e := loadedEngine(b)
	_, extra := benchTraffic()
	tr, err := e.compile(extra[0])
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var out []Conflict
		for _, o := range e.plans {
			out = oracleAppend(&e.core, out, tr, o)
		}
	}
}

// trackEngine returns an engine with n tracks at the density of 10,000
// aircraft per 600 × 600 km (the region grows with n), with velocities.
func trackEngine(b *testing.B, n int) (*Engine, []TrackReport) {
	half := 300e3 * math.Sqrt(float64(n)/10000)
	e := newTestEngine(b, func(c *Config) { c.MaxRadius = 3 * half })
	r := rand.New(rand.NewPCG(7, uint64(n)))
	reps := make([]TrackReport, n)
	parties := []string{"us", "ru", "un"}
	for i := range reps {
		lat, lon := e.proj.Inverse((r.Float64()*2-1)*half, (r.Float64()*2-1)*half)
		h := r.Float64() * 360
		reps[i] = TrackReport{ID: fmt.Sprintf("t%06d", i), Party: parties[i%3], Lat: lat, Lon: lon,
			AltFt: flightLevel(r, h*math.Pi/180), Time: epoch, HasVelocity: true,
			GroundSpeedMS: 100 + r.Float64()*150, TrackDeg: h}
		if err := e.UpdateTrack(reps[i]); err != nil {
			b.Fatal(err)
		}
	}
	return e, reps
}

func benchTick(b *testing.B, n int) {
	e, _ := trackEngine(b, n)
	var k int
	b.ReportAllocs()
	c0 := processCPU()
	for b.Loop() {
		ps, err := e.Tick(epoch, 300*time.Second)
		if err != nil {
			b.Fatal(err)
		}
		k = len(ps)
	}
	reportCPU(b, c0)
	b.ReportMetric(float64(k), "predictions")
}

// BenchmarkTick10k / 100k: a 300 s look-ahead tick.
func BenchmarkTick10k(b *testing.B)  { benchTick(b, 10000) }
func BenchmarkTick100k(b *testing.B) { benchTick(b, 100000) }

// BenchmarkOracleTick10k: all pairs among a 1,000-track sample of the
// 10,000 (1/100 of the pairs; ×100 estimates the full run).
func BenchmarkOracleTick10k(b *testing.B) {
	e, _ := trackEngine(b, 10000)
	t0 := seconds(epoch)
	trs := e.tracks.predict(t0, t0+300)[:1000]
	for b.Loop() {
		oracleOf(&e.core, trs)
	}
}

// BenchmarkUpdateTrack: position reports for 10,000 known tracks, velocity
// derived from the previous report (the default path) and given.
func BenchmarkUpdateTrack(b *testing.B) {
	for _, given := range []bool{false, true} {
		b.Run(fmt.Sprintf("velocity_given=%v", given), func(b *testing.B) {
			e, reps := trackEngine(b, 10000)
			for i := range reps {
				reps[i].HasVelocity = given
			}
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				r := &reps[i%len(reps)]
				r.Time = r.Time.Add(time.Second)
				r.Lat += 1e-5
				if err := e.UpdateTrack(*r); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

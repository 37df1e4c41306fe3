package deconflict

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// Test fixtures: the region (Syria), random traffic and the all-pairs oracle.

const syriaLat, syriaLon = 35.0, 38.5

var epoch = time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)

func newTestEngine(t testing.TB, mut func(*Config)) *Engine {
	t.Helper()
	cfg := Config{CentreLat: syriaLat, CentreLon: syriaLon}
	if mut != nil {
		mut(&cfg)
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// at returns epoch + s seconds.
func at(s float64) time.Time { return epoch.Add(time.Duration(s * 1e9)) }

// xyPlan builds a plan from projected points {x m, y m, alt ft, t s}.
func xyPlan(p *Projection, id, party string, pts ...[4]float64) FlightPlan {
	fp := FlightPlan{ID: id, Party: party}
	for _, q := range pts {
		lat, lon := p.Inverse(q[0], q[1])
		fp.Waypoints = append(fp.Waypoints, Waypoint{Lat: lat, Lon: lon, AltFt: q[2], Time: at(q[3])})
	}
	return fp
}

// traffic describes random traffic.
type traffic struct {
	n         int     // plans
	waypoints int     // per plan
	duration  float64 // seconds per plan
	spread    float64 // start times spread over [0, spread] s
	half      float64 // region half-size, metres
	parties   []string
	edge      bool // mix in edge cases: identical copies, hovers, zero-length segments, long legs, climbs
}

// flightLevel returns a cruise altitude obeying the semicircular rule for a
// heading: eastbound odd thousands, westbound even, FL050–FL450.
func flightLevel(r *rand.Rand, heading float64) float64 {
	fl := 6 + r.IntN(20)*2 // even thousands 6..44
	if math.Sin(heading) > 0 {
		fl++
	}
	return float64(fl) * 1000
}

// genPlans returns random plans: each plan flies legs of random heading at
// 100–250 m/s, reflected at the region's edge, at flight levels (with
// climbs and descents between them).
func genPlans(r *rand.Rand, p *Projection, tf traffic) []FlightPlan {
	plans := make([]FlightPlan, 0, tf.n)
	for i := range tf.n {
		party := tf.parties[r.IntN(len(tf.parties))]
		id := fmt.Sprintf("%s-%05d", party, i)
		if tf.edge && i > 0 && r.IntN(10) == 0 { // identical copy of an earlier plan, another party
			src := plans[r.IntN(len(plans))]
			cp := FlightPlan{ID: id, Party: tf.parties[(indexOf(tf.parties, src.Party)+1)%len(tf.parties)], Waypoints: append([]Waypoint(nil), src.Waypoints...)}
			plans = append(plans, cp)
			continue
		}
		x, y := (r.Float64()*2-1)*tf.half, (r.Float64()*2-1)*tf.half
		t := r.Float64() * tf.spread
		leg := tf.duration / float64(tf.waypoints-1)
		heading := r.Float64() * 2 * math.Pi
		alt := flightLevel(r, heading)
		var pts [][4]float64
		pts = append(pts, [4]float64{x, y, alt, t})
		for len(pts) < tf.waypoints {
			speed := 100 + r.Float64()*150
			dt := leg * (0.5 + r.Float64())
			heading += (r.Float64() - 0.5) * 2
			switch {
			case tf.edge && r.IntN(15) == 0: // hover
				speed = 0
			case tf.edge && r.IntN(15) == 0: // zero-length segment
				pts = append(pts, pts[len(pts)-1])
				continue
			case tf.edge && r.IntN(20) == 0: // long leg, hundreds of km
				dt = 1200 + r.Float64()*1200
			}
			nx, ny := x+speed*dt*math.Sin(heading), y+speed*dt*math.Cos(heading)
			if math.Abs(nx) > tf.half || math.Abs(ny) > tf.half { // turn back towards the centre
				heading = math.Atan2(-x, -y) + (r.Float64()-0.5)*0.5
				nx, ny = x+speed*dt*math.Sin(heading), y+speed*dt*math.Cos(heading)
			}
			if r.IntN(6) == 0 || tf.edge && r.IntN(5) == 0 {
				alt = flightLevel(r, heading)
			}
			x, y, t = nx, ny, t+dt
			pts = append(pts, [4]float64{x, y, alt, t})
		}
		plans = append(plans, xyPlan(p, id, party, pts...))
	}
	return plans
}

func indexOf(ss []string, s string) int {
	for i, v := range ss {
		if v == s {
			return i
		}
	}
	return -1
}

// oracle computes all conflicts by brute force: every pair of plans of
// different parties, the shared pair maths over their whole common window,
// no broad phase, no slabs.
func oracle(e *Engine) []Conflict {
	e.mu.Lock()
	defer e.mu.Unlock()
	var live []*trajectory
	for _, tr := range e.plans {
		if tr != nil {
			live = append(live, tr)
		}
	}
	return oracleOf(&e.core, live)
}

func oracleOf(c *core, trs []*trajectory) []Conflict {
	var out []Conflict
	for i, a := range trs {
		for _, b := range trs[i+1:] {
			out = oracleAppend(c, out, a, b)
		}
	}
	SortConflicts(out)
	return out
}

func oracleAppend(c *core, out []Conflict, a, b *trajectory) []Conflict {
	if a.party == b.party {
		return out
	}
	if b.id < a.id {
		a, b = b, a
	}
	ps := c.min.pairPieces(a, b, math.Inf(-1), math.Inf(1), nil)
	for _, p := range mergePieces(ps) {
		out = append(out, c.conflict(a, b, &p))
	}
	return out
}

// sameConflicts reports the first difference between two sorted conflict
// lists beyond 1 s in time, 1 m horizontally and 1 ft vertically.
func sameConflicts(got, want []Conflict) error {
	for i := range max(len(got), len(want)) {
		if i >= len(got) {
			return fmt.Errorf("missing conflict %d: %+v (got %d, want %d)", i, want[i], len(got), len(want))
		}
		if i >= len(want) {
			return fmt.Errorf("extra conflict %d: %+v (got %d, want %d)", i, got[i], len(got), len(want))
		}
		g, w := got[i], want[i]
		sec := func(a, b time.Time) float64 { return math.Abs(a.Sub(b).Seconds()) }
		if g.A != w.A || g.B != w.B || sec(g.Start, w.Start) > 1 || sec(g.End, w.End) > 1 ||
			math.Abs(g.MinHorizontalM-w.MinHorizontalM) > 1 || math.Abs(g.MinVerticalFt-w.MinVerticalFt) > 1 {
			return fmt.Errorf("conflict %d differs:\n got  %+v\n want %+v", i, g, w)
		}
	}
	return nil
}

func sortStrings(s []string) { slices.Sort(s) }

var zeroTime time.Time

package deconflict

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// The all-pairs oracle of gen_test.go shares the engine's pair maths (the
// per-slice quadratic solve), so it checks the broad phase and the
// incremental bookkeeping but not the distances themselves. The sampled
// oracle below shares nothing with the engine but the projection (which
// defines the motion model: linear between projected waypoints) and
// finds every loss of separation by stepping through time, refining the
// boundaries by bisection and the closest approach by ternary search on
// each common linear piece. The engine must agree with it within 1 s on
// every interval and within 1 m on every distance and position, which is
// the exactness the deconfliction issue asks of it.

// sampledPlan is a plan projected independently of the engine's segments.
type sampledPlan struct {
	id, party string
	t         []float64    // waypoint times, seconds
	p         [][3]float64 // projected x, y (m) and altitude (ft)
}

func sampledPlanOf(pr *Projection, fp FlightPlan) sampledPlan {
	s := sampledPlan{id: fp.ID, party: fp.Party}
	for _, w := range fp.Waypoints {
		x, y := pr.Forward(w.Lat, w.Lon)
		s.t = append(s.t, float64(w.Time.UnixNano())/1e9)
		s.p = append(s.p, [3]float64{x, y, w.AltFt})
	}
	return s
}

// at returns the plan's position at t (within its span), interpolating
// linearly between the waypoints around t.
func (s *sampledPlan) at(t float64) [3]float64 {
	for i := 1; i < len(s.t); i++ {
		if t <= s.t[i] {
			d := s.t[i] - s.t[i-1]
			if d == 0 {
				return s.p[i]
			}
			f := (t - s.t[i-1]) / d
			var out [3]float64
			for k := range out {
				out[k] = s.p[i-1][k] + f*(s.p[i][k]-s.p[i-1][k])
			}
			return out
		}
	}
	return s.p[len(s.p)-1]
}

// separation returns the horizontal (m) and vertical (ft) distances of a
// and b at t.
func separation(a, b *sampledPlan, t float64) (h, v float64) {
	pa, pb := a.at(t), b.at(t)
	return math.Hypot(pa[0]-pb[0], pa[1]-pb[1]), math.Abs(pa[2] - pb[2])
}

// sampledLoss is one interval of loss of separation found by sampling.
type sampledLoss struct {
	start, end float64
	minH, minV float64
	cpa        float64
}

// sampledConflicts returns a and b's intervals of loss of separation,
// sampled every step seconds and at every waypoint time of either plan.
func sampledConflicts(a, b *sampledPlan, lat, vert, step float64) []sampledLoss {
	lost := func(t float64) bool {
		h, v := separation(a, b, t)
		return h < lat-lateralTolerance && v < vert-verticalTolerance
	}
	t0, t1 := max(a.t[0], b.t[0]), min(a.t[len(a.t)-1], b.t[len(b.t)-1])
	if t0 > t1 {
		return nil
	}
	// Breakpoints: where either plan turns, so that the pair is linear
	// between consecutive ones.
	var breaks []float64
	for _, ts := range [][]float64{a.t, b.t} {
		for _, t := range ts {
			if t > t0 && t < t1 {
				breaks = append(breaks, t)
			}
		}
	}
	breaks = append(breaks, t0, t1)
	sortFloats(breaks)
	var ts []float64
	for i := 0; i+1 < len(breaks); i++ {
		for t := breaks[i]; t < breaks[i+1]; t += step {
			ts = append(ts, t)
		}
	}
	ts = append(ts, t1)
	bisect := func(in, out float64) float64 { // lost(in), !lost(out)
		for range 60 {
			m := (in + out) / 2
			if lost(m) {
				in = m
			} else {
				out = m
			}
		}
		return in
	}
	var res []sampledLoss
	for i := 0; i < len(ts); i++ {
		if !lost(ts[i]) {
			continue
		}
		j := i
		for j+1 < len(ts) && lost(ts[j+1]) {
			j++
		}
		l := sampledLoss{start: ts[i], end: ts[j]}
		if i > 0 {
			l.start = bisect(ts[i], ts[i-1])
		}
		if j+1 < len(ts) {
			l.end = bisect(ts[j], ts[j+1])
		}
		if k := len(res) - 1; k >= 0 && touchesBetween(a, b, res[k].end, l.start, breaks, lat, vert) {
			l.start = res[k].start
			res = res[:k]
		}
		l.minH, l.cpa, l.minV = minimaOver(a, b, l.start, l.end, breaks)
		res = append(res, l)
		i = j
	}
	return res
}

// touchesBetween reports whether two losses of separation, one ending at
// s and the next starting at e, are one encounter: the gap between them
// is under a second and holds a turn of either plan at which the
// separation is at the minima within the tolerance (it touches a minimum
// for an instant there, as at exactly 1,000 ft at a waypoint).
func touchesBetween(a, b *sampledPlan, s, e float64, breaks []float64, lat, vert float64) bool {
	if e-s >= 1 {
		return false
	}
	for _, t := range breaks {
		if t > s && t < e {
			if h, v := separation(a, b, t); h < lat+lateralTolerance && v < vert+verticalTolerance {
				return true
			}
		}
	}
	return false
}

// minimaOver returns the minimum horizontal distance over [s, e] with its
// instant and the minimum vertical distance, by ternary search on each
// piece between breakpoints (where the squared horizontal distance is a
// convex quadratic and the vertical one linear).
func minimaOver(a, b *sampledPlan, s, e float64, breaks []float64) (minH, cpa, minV float64) {
	edges := []float64{s}
	for _, t := range breaks {
		if t > s && t < e {
			edges = append(edges, t)
		}
	}
	edges = append(edges, e)
	minH, minV = math.Inf(1), math.Inf(1)
	for i := 0; i+1 < len(edges); i++ {
		lo, hi := edges[i], edges[i+1]
		for range 200 {
			m1, m2 := lo+(hi-lo)/3, hi-(hi-lo)/3
			h1, _ := separation(a, b, m1)
			h2, _ := separation(a, b, m2)
			if h1 < h2 {
				hi = m2
			} else {
				lo = m1
			}
		}
		if h, _ := separation(a, b, lo); h < minH {
			minH, cpa = h, lo
		}
		_, v0 := separation(a, b, edges[i])
		_, v1 := separation(a, b, edges[i+1])
		pa0, pb0 := a.at(edges[i]), b.at(edges[i])
		pa1, pb1 := a.at(edges[i+1]), b.at(edges[i+1])
		if (pa0[2]-pb0[2])*(pa1[2]-pb1[2]) < 0 {
			minV = 0
		}
		minV = min(minV, v0, v1)
	}
	return minH, cpa, minV
}

func sortFloats(s []float64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// metresBetween is the distance between two positions on the engine's
// projection plane, in metres.
func metresBetween(pr *Projection, a, b Position) float64 {
	ax, ay := pr.Forward(a.Lat, a.Lon)
	bx, by := pr.Forward(b.Lat, b.Lon)
	return math.Hypot(ax-bx, ay-by)
}

// TestEngineMatchesSampledOracle checks every conflict of random traffic,
// edge cases included, against the sampled oracle: the same intervals
// within 1 s, the same minimum distances within 1 m (1 ft vertically)
// and the same positions at closest approach within 1 m; and no interval
// the oracle finds is missing from the engine.
func TestEngineMatchesSampledOracle(t *testing.T) {
	seed := *seedFlag
	t.Logf("seed %d (rerun with -seed=N)", seed)
	const step, tolT, tolM, tolFt = 0.5, 1.0, 1.0, 1.0
	for round := range 2 {
		r := rand.New(rand.NewPCG(seed, 1000+uint64(round)))
		e := newTestEngine(t, nil)
		tf := traffic{n: 60, waypoints: 8, duration: 1200, spread: 600, half: 25e3,
			parties: []string{"us", "ru"}, edge: true}
		plans := genPlans(r, e.proj, tf)
		if _, err := e.Load(plans); err != nil {
			t.Fatal(err)
		}
		byPair := map[[2]string][]Conflict{}
		for _, c := range e.Conflicts() {
			byPair[[2]string{c.A, c.B}] = append(byPair[[2]string{c.A, c.B}], c)
		}
		sp := make([]sampledPlan, len(plans))
		for i, p := range plans {
			sp[i] = sampledPlanOf(e.proj, p)
		}
		lat, vert := e.cfg.LateralMinimum, e.cfg.VerticalMinimum
		found, checked := 0, 0
		for i := range sp {
			for j := i + 1; j < len(sp); j++ {
				a, b := &sp[i], &sp[j]
				if a.party == b.party {
					continue
				}
				if b.id < a.id {
					a, b = b, a
				}
				want := sampledConflicts(a, b, lat, vert, step)
				got := byPair[[2]string{a.id, b.id}]
				found += len(want)
				matched := make([]bool, len(got))
				for _, w := range want {
					k := -1
					for gi, g := range got {
						gs, ge := float64(g.Start.UnixNano())/1e9, float64(g.End.UnixNano())/1e9
						if math.Abs(gs-w.start) <= tolT && math.Abs(ge-w.end) <= tolT {
							k = gi
							break
						}
					}
					if k < 0 {
						// A loss the sampler sees only for an instant, at the
						// very edge of a minimum, may be below the tolerance.
						if w.end-w.start < tolT && (lat-w.minH < tolM || vert-w.minV < tolFt) {
							continue
						}
						t.Fatalf("round %d: %s–%s lose separation over [%s, %s] (min %.3f m, %.3f ft); engine has %v",
							round, a.id, b.id, at(w.start-epochSeconds()), at(w.end-epochSeconds()), w.minH, w.minV, got)
					}
					matched[k] = true
					g := got[k]
					checked++
					if math.Abs(g.MinHorizontalM-w.minH) > tolM {
						t.Errorf("round %d: %s–%s: min horizontal %.3f m, oracle %.3f m", round, a.id, b.id, g.MinHorizontalM, w.minH)
					}
					if math.Abs(g.MinVerticalFt-w.minV) > tolFt {
						t.Errorf("round %d: %s–%s: min vertical %.3f ft, oracle %.3f ft", round, a.id, b.id, g.MinVerticalFt, w.minV)
					}
					// The closest approach may be a plateau (parallel
					// flights): check the distance there, and the positions
					// against the oracle's at the engine's instant.
					tc := float64(g.CPA.UnixNano()) / 1e9
					if h, _ := separation(a, b, tc); math.Abs(h-w.minH) > tolM {
						t.Errorf("round %d: %s–%s: distance at the engine's CPA %.3f m, oracle min %.3f m", round, a.id, b.id, h, w.minH)
					}
					pa, pb := a.at(tc), b.at(tc)
					la, lo := e.proj.Inverse(pa[0], pa[1])
					lb, lob := e.proj.Inverse(pb[0], pb[1])
					if d := metresBetween(e.proj, g.PosA, Position{Lat: la, Lon: lo}); d > tolM || math.Abs(g.PosA.AltFt-pa[2]) > tolFt {
						t.Errorf("round %d: %s–%s: position of A at CPA off by %.3f m", round, a.id, b.id, d)
					}
					if d := metresBetween(e.proj, g.PosB, Position{Lat: lb, Lon: lob}); d > tolM || math.Abs(g.PosB.AltFt-pb[2]) > tolFt {
						t.Errorf("round %d: %s–%s: position of B at CPA off by %.3f m", round, a.id, b.id, d)
					}
				}
				for gi, g := range got {
					if matched[gi] {
						continue
					}
					// An engine conflict the sampler did not see must be
					// shorter than a sampling step or at a minimum's edge.
					d := g.End.Sub(g.Start).Seconds()
					if d >= step && lat-g.MinHorizontalM > tolM && vert-g.MinVerticalFt > tolFt {
						t.Fatalf("round %d: engine conflict %s–%s [%s, %s] (%.3f m, %.3f ft) not found by the sampled oracle",
							round, g.A, g.B, g.Start.Format(time.RFC3339Nano), g.End.Format(time.RFC3339Nano), g.MinHorizontalM, g.MinVerticalFt)
					}
				}
			}
		}
		if checked == 0 {
			t.Fatal("random traffic produced no conflicts; the test is vacuous")
		}
		t.Logf("round %d: %d plans, %d intervals sampled, %d checked in detail", round, len(plans), found, checked)
	}
}

// epochSeconds is the test epoch in seconds, so that at(s) names an
// absolute time in messages.
func epochSeconds() float64 { return float64(epoch.UnixNano()) / 1e9 }

package deconflict

import (
	"math"
	"testing"
)

// FuzzSlice checks the analytic solver of one common time slice against
// sampling: every sampled instant inside the reported interval has lost
// separation and every sampled instant clearly outside it has not.
func FuzzSlice(f *testing.F) {
	f.Add(-50e3, 0.0, 0.0, 400.0, 0.0, 0.0, 500.0)
	f.Add(0.0, 9260.0, 0.0, 0.0, 0.0, 0.0, 100.0)
	f.Add(0.0, 0.0, -2000.0, 10.0, 0.0, 20.0, 300.0)
	f.Add(-5e3, -5e3, 999.0, 50.0, 50.0, -1.0, 0.0)
	f.Fuzz(func(t *testing.T, dx, dy, dz, vx, vy, vz, T float64) {
		for _, v := range []float64{dx, dy, dz, vx, vy, vz, T} {
			if !finite(v) || math.Abs(v) > 1e6 {
				return
			}
		}
		if T < 0 || vx*vx+vy*vy > 1e6 || math.Abs(vz) > 1e3 {
			return
		}
		m := newMinima(DefaultLateralMinimum, DefaultVerticalMinimum)
		a := segment{t0: 0, t1: T, x0: dx, y0: dy, z0: dz, vx: vx, vy: vy, vz: vz}
		b := segment{t0: 0, t1: T}
		ps := m.slice(&a, &b, 0, T, nil)
		if len(ps) > 1 {
			t.Fatalf("%d pieces from one slice", len(ps))
		}
		lost := func(s float64) (bool, float64) {
			x, y, z := a.at(s)
			h2 := x*x + y*y
			// margin: how far from either threshold, in comparable units
			return h2 < m.l2 && math.Abs(z) < m.v, min(math.Abs(h2-m.l2)/(2*math.Sqrt(m.l2)), math.Abs(math.Abs(z)-m.v))
		}
		for k := 0; k <= 64; k++ {
			s := T * float64(k) / 64
			in := len(ps) == 1 && s >= ps[0].t0 && s <= ps[0].t1
			got, margin := lost(s)
			if margin < 1e-3 || (len(ps) == 1 && (math.Abs(s-ps[0].t0) < 1e-6 || math.Abs(s-ps[0].t1) < 1e-6)) {
				continue // too close to a boundary to judge by sampling
			}
			if got != in {
				t.Fatalf("at s=%v: lost=%v but inside reported interval=%v (pieces %+v)", s, got, in, ps)
			}
		}
		if len(ps) == 1 {
			p := ps[0]
			if p.t0 > p.t1 || p.t0 < 0 || p.t1 > T || p.tc < p.t0 || p.tc > p.t1 {
				t.Fatalf("malformed piece %+v for T=%v", p, T)
			}
			x, y, _ := a.at(p.tc)
			if math.Abs(math.Hypot(x, y)-p.dh) > 1e-6*(1+p.dh) {
				t.Fatalf("dh %v but distance at tc is %v", p.dh, math.Hypot(x, y))
			}
		}
	})
}

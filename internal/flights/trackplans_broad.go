package flights

import (
	"math"
	"time"

	"truce/internal/deconflict"
)

// The broad phase of the track-against-plan check: a uniform grid in the
// engine's plane with cells twice the lateral minimum. Each plan flying
// within the look-ahead is entered, per segment, with the box its clipped
// segment sweeps, padded by the minima; each track's prediction is looked
// up with the box its straight line sweeps. Only tracks whose box meets a
// padded box of another party's plan, and those plans, go on to the exact
// check: boxes are conservative, so nothing that can conflict is dropped.

// planBox is one plan segment's padded box in the grid.
type planBox struct {
	plan                   int32
	x0, y0, x1, y1, z0, z1 float64
}

// candidates returns the plans flying within [now, now+la] and the
// predictions (as plans) of the tracks that can come within the minima
// of one of them, and only the plans that such a track can meet.
func (s *Service) candidates(now time.Time, la time.Duration) ([]deconflict.FlightPlan, []deconflict.FlightPlan) {
	c := s.cfg.Engine
	lat, vert := c.LateralMinimum, c.VerticalMinimum
	cell := 2 * lat
	t0, t1 := seconds(now), seconds(now)+la.Seconds()
	proj := s.eng.Projection()
	var active []deconflict.FlightPlan
	grid := map[[2]int32][]planBox{}
	key := func(x, y float64) [2]int32 { return [2]int32{int32(math.Floor(x / cell)), int32(math.Floor(y / cell))} }
	for _, fp := range s.heldFP {
		w := fp.Waypoints
		if seconds(w[len(w)-1].Time) < t0 || seconds(w[0].Time) > t1 {
			continue
		}
		pi := int32(len(active))
		active = append(active, fp)
		px, py := proj.Forward(w[0].Lat, w[0].Lon)
		for i := 1; i < len(w); i++ {
			x, y := proj.Forward(w[i].Lat, w[i].Lon)
			a, b := seconds(w[i-1].Time), seconds(w[i].Time)
			lo, hi := max(a, t0), min(b, t1)
			if lo <= hi && b > a {
				at := func(t float64) (float64, float64, float64) {
					f := (t - a) / (b - a)
					return px + (x-px)*f, py + (y-py)*f, w[i-1].AltFt + (w[i].AltFt-w[i-1].AltFt)*f
				}
				xa, ya, za := at(lo)
				xb, yb, zb := at(hi)
				pad := lat + 1 // a metre of slack for rounding
				bx := planBox{plan: pi, x0: min(xa, xb) - pad, y0: min(ya, yb) - pad, x1: max(xa, xb) + pad, y1: max(ya, yb) + pad,
					z0: min(za, zb) - vert - 1, z1: max(za, zb) + vert + 1}
				k0, k1 := key(bx.x0, bx.y0), key(bx.x1, bx.y1)
				for gx := k0[0]; gx <= k1[0]; gx++ {
					for gy := k0[1]; gy <= k1[1]; gy++ {
						grid[[2]int32{gx, gy}] = append(grid[[2]int32{gx, gy}], bx)
					}
				}
			}
			px, py = x, y
		}
	}
	if len(active) == 0 {
		return nil, nil
	}
	used := make([]bool, len(active))
	var preds []deconflict.FlightPlan
	s.tmu.Lock()
	defer s.tmu.Unlock()
	for _, lt := range s.live {
		vx, vy, vz := lt.velocity(s)
		d := t0 - seconds(lt.rep.Time)
		xa, ya, za := lt.x+vx*d, lt.y+vy*d, lt.rep.AltFt+vz*d
		T := t1 - t0
		xb, yb, zb := xa+vx*T, ya+vy*T, za+vz*T
		x0, y0, x1, y1 := min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)
		z0, z1 := min(za, zb), max(za, zb)
		k0, k1 := key(x0, y0), key(x1, y1)
		hit := false
		for gx := k0[0]; gx <= k1[0]; gx++ {
			for gy := k0[1]; gy <= k1[1]; gy++ {
				for _, b := range grid[[2]int32{gx, gy}] {
					if active[b.plan].Party != lt.rep.Party && b.x0 <= x1 && x0 <= b.x1 && b.y0 <= y1 && y0 <= b.y1 && b.z0 <= z1 && z0 <= b.z1 {
						used[b.plan], hit = true, true
					}
				}
			}
		}
		if !hit {
			continue
		}
		if p, ok := s.prediction(lt, now, la); ok {
			preds = append(preds, p)
		}
	}
	var plans []deconflict.FlightPlan
	for i, u := range used {
		if !u {
			continue
		}
		if fp, ok := clip(proj, active[i], now, now.Add(la)); ok {
			plans = append(plans, fp)
		}
	}
	return plans, preds
}

// clip returns the part of fp flown within [from, to], with waypoints
// interpolated (in the plane, as the engine flies it) at the ends, so
// that the scratch engine does no work outside the look-ahead; false if
// that part spans no time.
func clip(proj *deconflict.Projection, fp deconflict.FlightPlan, from, to time.Time) (deconflict.FlightPlan, bool) {
	w := fp.Waypoints
	out := deconflict.FlightPlan{ID: fp.ID, Party: fp.Party}
	at := func(i int, t time.Time) deconflict.Waypoint { // on segment i-1..i
		a, b := w[i-1], w[i]
		f := seconds(t) - seconds(a.Time)
		if d := seconds(b.Time) - seconds(a.Time); d > 0 {
			f /= d
		}
		xa, ya := proj.Forward(a.Lat, a.Lon)
		xb, yb := proj.Forward(b.Lat, b.Lon)
		lat, lon := proj.Inverse(xa+(xb-xa)*f, ya+(yb-ya)*f)
		return deconflict.Waypoint{Lat: lat, Lon: lon, AltFt: a.AltFt + (b.AltFt-a.AltFt)*f, Time: t}
	}
	for i := range w {
		t := w[i].Time
		switch {
		case t.Before(from):
			if i+1 < len(w) && w[i+1].Time.After(from) {
				out.Waypoints = append(out.Waypoints, at(i+1, from))
			}
		case t.After(to):
			if i > 0 && w[i-1].Time.Before(to) {
				out.Waypoints = append(out.Waypoints, at(i, to))
			}
		default:
			out.Waypoints = append(out.Waypoints, w[i])
		}
	}
	n := len(out.Waypoints)
	return out, n >= 2 && out.Waypoints[n-1].Time.After(out.Waypoints[0].Time)
}

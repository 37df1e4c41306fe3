package flights

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/deconflict"
)

// Tracks against plans. The engine predicts tracks against tracks
// (Engine.Tick) and plans against plans, not tracks against plans. The
// service closes that gap with the engine's exported, exact machinery: each
// tick, every live track's straight-line prediction over the look-ahead,
// the very line Engine.Tick predicts along, becomes a two-waypoint plan in a
// scratch engine beside the plans flying within the look-ahead, and the
// conflicts between a track and a plan of another party are the
// predictions. They are raised and cleared as track records (one per
// track and plan, hysteresis as for pairs of tracks).
//
// To draw the same line as the engine, the service keeps each track's
// position in the engine's projection and its velocity as the engine
// derives it (reported, or from the previous report; see
// deconflict.TrackReport). A prediction that would leave the monitored
// region or the altitude range is cut where it leaves it.

// trackPrefix marks a track's prediction among the plans of the scratch
// engine; plan ids never contain a NUL.
const trackPrefix = "\x00track:"

// liveTrack is the latest state of a live track: its report, its position
// in the engine's projection and its velocity there (m/s, m/s, ft/s).
// reported marks a velocity still to be computed from rep (gridVel).
type liveTrack struct {
	rep        deconflict.TrackReport
	since      time.Time // the first report's time: the track's episode (JudgedReport)
	x, y       float64
	vx, vy, vz float64
	reported   bool
}

// updateLive records r, projected at xy, as the engine records it. The
// caller holds s.tmu for writing and r was accepted by the engine.
func (s *Service) updateLive(r *deconflict.TrackReport, xy [2]float64) {
	cur := s.live[r.ID]
	if cur == nil {
		cur = &liveTrack{since: r.Time}
		s.live[r.ID] = cur
	} else if !r.HasVelocity {
		if dt := seconds(r.Time) - seconds(cur.rep.Time); dt > 0 {
			cur.vx, cur.vy, cur.vz = (xy[0]-cur.x)/dt, (xy[1]-cur.y)/dt, (r.AltFt-cur.rep.AltFt)/dt
			if math.Hypot(cur.vx, cur.vy) > s.cfg.Engine.MaxSpeed {
				cur.vx, cur.vy, cur.vz = 0, 0, 0
			}
			cur.reported = false
		} else {
			cur.velocity(s) // the engine keeps the previous velocity
		}
		cur.rep, cur.x, cur.y = *r, xy[0], xy[1]
		return
	}
	cur.rep, cur.x, cur.y = *r, xy[0], xy[1]
	cur.vx, cur.vy, cur.vz, cur.reported = 0, 0, 0, r.HasVelocity
}

// velocity returns the track's velocity in the projection, computing a
// reported one on first use.
func (lt *liveTrack) velocity(s *Service) (vx, vy, vz float64) {
	if lt.reported {
		r := &lt.rep
		lt.vx, lt.vy = gridVelocity(s.eng.Projection(), r.Lat, r.Lon, lt.x, lt.y, r.GroundSpeedMS, r.TrackDeg)
		lt.vz = r.VerticalRateFPM / 60
		lt.reported = false
	}
	return lt.vx, lt.vy, lt.vz
}

// gridVelocity converts a ground speed (m/s) and true track (degrees) at
// (lat, lon), projected at (x, y), to a velocity in p's plane, exactly as
// the engine does: through the projection's local Jacobian, by finite
// differences of 100 m along the WGS 84 meridian and parallel.
func gridVelocity(p *deconflict.Projection, lat, lon, x, y, gs, trk float64) (vx, vy float64) {
	const (
		d      = 100.0 // metres
		wgs84A = 6378137.0
		wgs84F = 1 / 298.257223563
	)
	e2 := wgs84F * (2 - wgs84F)
	sin, cos := math.Sincos(lat * math.Pi / 180)
	w := 1 - e2*sin*sin
	m := wgs84A * (1 - e2) / (w * math.Sqrt(w))
	n := wgs84A / math.Sqrt(w)
	xn, yn := p.Forward(lat+d/m*180/math.Pi, lon)
	xe, ye := p.Forward(lat, lon+d/(n*max(cos, 1e-9))*180/math.Pi)
	st, ct := math.Sincos(trk * math.Pi / 180)
	vn, ve := gs*ct, gs*st
	return (vn*(xn-x) + ve*(xe-x)) / d, (vn*(yn-y) + ve*(ye-y)) / d
}

func seconds(t time.Time) float64 { return float64(t.Unix()) + float64(t.Nanosecond())*1e-9 }

// hold records that the engine holds fp at version, with its callsign,
// released as rel; unhold that it no longer holds plan id. The caller
// holds s.mu.
func (s *Service) hold(fp deconflict.FlightPlan, version int, callsign string, rel access.Releasability) {
	s.heldPlans[fp.ID], s.heldFP[fp.ID] = heldPlan{version: version, callsign: callsign, release: rel}, fp
}

func (s *Service) unhold(id string) {
	delete(s.heldPlans, id)
	delete(s.heldFP, id)
}

// prediction returns lt's straight-line prediction over [now, now+la] as a
// two-waypoint plan, cut where it would leave the region or the altitude
// range; false if it starts outside them.
func (s *Service) prediction(lt *liveTrack, now time.Time, la time.Duration) (deconflict.FlightPlan, bool) {
	c := s.cfg.Engine
	vx, vy, vz := lt.velocity(s)
	d := seconds(now) - seconds(lt.rep.Time)
	x0, y0, z0 := lt.x+vx*d, lt.y+vy*d, lt.rep.AltFt+vz*d
	in := func(x, y, z float64) bool {
		return math.Hypot(x, y) <= c.MaxRadius*(1-1e-9) && z >= c.MinAltitude && z <= c.MaxAltitude
	}
	if !in(x0, y0, z0) {
		return deconflict.FlightPlan{}, false
	}
	T := la.Seconds()
	for i := 0; i < 60 && !in(x0+vx*T, y0+vy*T, z0+vz*T); i++ {
		T /= 2 // rare: a track about to leave the region or the altitude range
	}
	p := s.eng.Projection()
	lat0, lon0 := p.Inverse(x0, y0)
	lat1, lon1 := p.Inverse(x0+vx*T, y0+vy*T)
	t1 := now.Add(time.Duration(T * float64(time.Second)))
	return deconflict.FlightPlan{ID: trackPrefix + lt.rep.ID, Party: lt.rep.Party, Waypoints: []deconflict.Waypoint{
		{Lat: lat0, Lon: lon0, AltFt: z0, Time: now}, {Lat: lat1, Lon: lon1, AltFt: z0 + vz*T, Time: t1}}}, true
}

// trackPlanConflicts predicts the losses of separation between live
// tracks and the plans of other parties over [now, now+la], as track
// records. A broad phase (candidates) keeps only the tracks and plans that
// can come within the minima; the scratch engine is exact on those. The
// caller holds s.mu (for heldFP).
func (s *Service) trackPlanConflicts(now time.Time, la time.Duration) []*Conflict {
	plans, preds := s.candidates(now, la)
	if len(plans) == 0 || len(preds) == 0 {
		return nil
	}
	scratch, err := deconflict.New(s.cfg.Engine)
	if err != nil {
		return nil // the same configuration as s.eng's: cannot happen
	}
	all := append(plans, preds...)
	for range len(all) {
		_, err := scratch.Load(all)
		var ve *deconflict.ValidationError
		if err == nil || !errors.As(err, &ve) {
			break
		}
		// A prediction the engine refuses (e.g. faster than the maximum
		// speed by a rounding error) is left out, with a note in the log.
		s.deps.Logger.Debug("flights: track prediction left out of the plan check", "id", strings.TrimPrefix(ve.ID, trackPrefix), "err", err)
		all = slices.DeleteFunc(all, func(p deconflict.FlightPlan) bool { return p.ID == ve.ID })
	}
	var out []*Conflict
	for _, c := range scratch.Conflicts() {
		ta, tb := strings.HasPrefix(c.A, trackPrefix), strings.HasPrefix(c.B, trackPrefix)
		if ta == tb {
			continue // plan against plan (logged already) or track against track (Engine.Tick)
		}
		if tb { // the track first
			c.A, c.B, c.PartyA, c.PartyB, c.PosA, c.PosB = c.B, c.A, c.PartyB, c.PartyA, c.PosB, c.PosA
		}
		c.A = strings.TrimPrefix(c.A, trackPrefix)
		ttl := max(0, c.Start.Sub(now))
		r := fromConflict(&c, true, &ttl)
		r.ID = conflictID("track", KindConflict, []string{"track:" + c.A, "plan:" + c.B}, c.Start, c.End)
		r.About[1].Type = SubjectPlan
		r.setDetail(fmt.Sprintf("{0} is predicted to lose separation with {1} from %s to %s; closest %.0f m horizontally at %s, %.0f ft vertically at least",
			r.Start, r.End, c.MinHorizontalM, rfc(c.CPA), c.MinVerticalFt))
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Conflict) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

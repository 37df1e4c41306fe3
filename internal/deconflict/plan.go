package deconflict

import (
	"fmt"
	"math"
	"time"
)

// Waypoint is one point of a 4D trajectory: position and the time the
// aircraft is planned to be there. Between consecutive waypoints the aircraft
// moves linearly (in the engine's local projection and in altitude).
type Waypoint struct {
	Lat, Lon float64 // degrees, WGS 84
	AltFt    float64 // feet above mean sea level
	Time     time.Time
}

// FlightPlan is a party's planned trajectory. It is a trajectory, not a
// mission: it carries no purpose and no target.
//
// A valid plan has a non-empty ID and Party and at least two waypoints with
// strictly increasing times spanning a positive duration; two consecutive
// waypoints may share a time only if their positions are identical (a
// zero-length segment).
type FlightPlan struct {
	ID        string
	Party     string
	Waypoints []Waypoint
}

// Position is a point in airspace.
type Position struct {
	Lat, Lon float64 // degrees
	AltFt    float64
}

// segment is one linear piece of a projected trajectory: x, y in metres in
// the engine's projection, z in feet, t in seconds since the Unix epoch.
type segment struct {
	t0, t1     float64
	x0, y0, z0 float64
	vx, vy, vz float64
}

// at returns the position on s at time t.
func (s *segment) at(t float64) (x, y, z float64) {
	d := t - s.t0
	return s.x0 + s.vx*d, s.y0 + s.vy*d, s.z0 + s.vz*d
}

// trajectory is a validated plan in projected form. segs has positive
// durations, ascending and contiguous in time.
type trajectory struct {
	id    string
	party string
	pid   int32 // interned party
	segs  []segment
	t0    float64
	t1    float64
	minX  float64 // bounding box, for advisory and reservation pre-filters
	minY  float64
	maxX  float64
	maxY  float64
}

// seconds converts t to float seconds since the Unix epoch (precision ~0.3 µs).
func seconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())*1e-9
}

// toTime is the inverse of seconds, rounded to the nanosecond, in UTC.
func toTime(s float64) time.Time {
	sec := math.Floor(s)
	ns := math.Round((s - sec) * 1e9)
	return time.Unix(int64(sec), int64(ns)).UTC()
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkPoint validates one position and returns its projection.
func (c *core) checkPoint(kind, id string, i int, lat, lon, alt float64) (x, y float64, err error) {
	bad := func(field, reason string, args ...any) error {
		return &ValidationError{Kind: kind, ID: id, Index: i, Field: field, Reason: fmt.Sprintf(reason, args...)}
	}
	switch {
	case !finite(lat) || lat < -90 || lat > 90:
		return 0, 0, bad("lat", "%v outside [-90, 90]", lat)
	case !finite(lon) || lon < -180 || lon > 180:
		return 0, 0, bad("lon", "%v outside [-180, 180]", lon)
	case !finite(alt) || alt < c.cfg.MinAltitude || alt > c.cfg.MaxAltitude:
		return 0, 0, bad("alt_ft", "%v outside [%v, %v]", alt, c.cfg.MinAltitude, c.cfg.MaxAltitude)
	}
	x, y = c.proj.Forward(lat, lon)
	if d := math.Hypot(x, y); d > c.cfg.MaxRadius {
		return 0, 0, bad("position", "%.0f km from the region centre, beyond %.0f km", d/1e3, c.cfg.MaxRadius/1e3)
	}
	return x, y, nil
}

// compile validates p and returns its projected trajectory, or a
// *ValidationError naming the first offending waypoint.
func (c *core) compile(p FlightPlan) (*trajectory, error) {
	bad := func(i int, field, reason string, args ...any) error {
		return &ValidationError{Kind: "plan", ID: p.ID, Index: i, Field: field, Reason: fmt.Sprintf(reason, args...)}
	}
	switch {
	case p.ID == "":
		return nil, bad(-1, "id", "empty")
	case p.Party == "":
		return nil, bad(-1, "party", "empty")
	case len(p.Waypoints) < 2:
		return nil, bad(-1, "waypoints", "%d given, at least 2 required", len(p.Waypoints))
	}
	tr := &trajectory{id: p.ID, party: p.Party, segs: make([]segment, 0, len(p.Waypoints)-1),
		minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	var px, py, pt float64
	for i, w := range p.Waypoints {
		if w.Time.IsZero() {
			return nil, bad(i, "time", "missing")
		}
		x, y, err := c.checkPoint("plan", p.ID, i, w.Lat, w.Lon, w.AltFt)
		if err != nil {
			return nil, err
		}
		t := seconds(w.Time)
		tr.minX, tr.maxX = min(tr.minX, x), max(tr.maxX, x)
		tr.minY, tr.maxY = min(tr.minY, y), max(tr.maxY, y)
		if i > 0 {
			prev := p.Waypoints[i-1]
			switch dt := t - pt; {
			case dt < 0 || (dt == 0 && !w.Time.Equal(prev.Time)):
				return nil, bad(i, "time", "%s is not after waypoint %d's %s: times must strictly increase", w.Time.Format(time.RFC3339Nano), i-1, prev.Time.Format(time.RFC3339Nano))
			case dt == 0:
				if w.Lat != prev.Lat || w.Lon != prev.Lon || w.AltFt != prev.AltFt {
					return nil, bad(i, "time", "same time as waypoint %d but a different position", i-1)
				}
			default:
				s := segment{t0: pt, t1: t, x0: px, y0: py, z0: prev.AltFt,
					vx: (x - px) / dt, vy: (y - py) / dt, vz: (w.AltFt - prev.AltFt) / dt}
				if v := math.Hypot(s.vx, s.vy); v > c.cfg.MaxSpeed {
					return nil, bad(i, "time", "ground speed %.0f m/s from waypoint %d exceeds %.0f m/s", v, i-1, c.cfg.MaxSpeed)
				}
				tr.segs = append(tr.segs, s)
			}
		}
		px, py, pt = x, y, t
	}
	if len(tr.segs) == 0 {
		return nil, bad(-1, "waypoints", "plan spans no time")
	}
	tr.t0, tr.t1 = tr.segs[0].t0, tr.segs[len(tr.segs)-1].t1
	return tr, nil
}

// segAt returns the index of the segment of tr in force at time t (the
// first one whose end is after t, or the last).
func (tr *trajectory) segAt(t float64) int {
	lo, hi := 0, len(tr.segs)-1
	for lo < hi {
		m := (lo + hi) / 2
		if tr.segs[m].t1 <= t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

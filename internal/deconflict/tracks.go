package deconflict

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// ErrStale is returned by UpdateTrack for a report older than the last one
// held for the same track; the report is ignored.
var ErrStale = errors.New("stale report")

// TrackReport is one live position report of an aircraft.
//
// If HasVelocity is set, GroundSpeedMS (metres per second), TrackDeg
// (degrees clockwise from true north) and VerticalRateFPM (feet per
// minute) give its velocity; otherwise velocity is derived from the
// previous report of the same track (zero for a first report, and reset to
// zero if the derived ground speed exceeds the configured maximum).
type TrackReport struct {
	ID, Party       string
	Lat, Lon, AltFt float64
	Time            time.Time

	HasVelocity     bool
	GroundSpeedMS   float64
	TrackDeg        float64
	VerticalRateFPM float64
}

// trackState is the projected state of one track.
type trackState struct {
	id, party  string
	pid        int32
	t          float64
	x, y, z    float64
	vx, vy, vz float64 // m/s, m/s, ft/s
}

// tracks is the live-track table: a dense slice with an id index, so an
// update is a map lookup and a store.
type tracks struct {
	c       *core
	mu      sync.Mutex
	byID    map[string]int32
	st      []trackState
	parties map[string]int32
	// Reused by Tick.
	trajs []*trajectory
	pool  []trajectory
	segs  []segment
	pps   []pairPiece // batch's result
}

func (ts *tracks) init(c *core) {
	ts.c = c
	ts.byID = make(map[string]int32)
	ts.parties = make(map[string]int32)
}

// UpdateTrack records a position report. It returns a *ValidationError for
// an invalid report (bad id, party, position or velocity) and an error
// wrapping ErrStale for a report older than the track's last one; either
// way the track is unchanged.
func (e *Engine) UpdateTrack(r TrackReport) error {
	c := &e.core
	if r.ID == "" || r.Party == "" {
		return &ValidationError{Kind: "track", ID: r.ID, Index: -1, Field: "id", Reason: "id and party are required"}
	}
	if r.Time.IsZero() {
		return &ValidationError{Kind: "track", ID: r.ID, Index: -1, Field: "time", Reason: "missing"}
	}
	x, y, err := c.checkPoint("track", r.ID, -1, r.Lat, r.Lon, r.AltFt)
	if err != nil {
		return err
	}
	t := seconds(r.Time)
	var vx, vy, vz float64
	if r.HasVelocity {
		if !finite(r.GroundSpeedMS) || r.GroundSpeedMS < 0 || r.GroundSpeedMS > c.cfg.MaxSpeed ||
			!finite(r.TrackDeg) || !finite(r.VerticalRateFPM) {
			return &ValidationError{Kind: "track", ID: r.ID, Index: -1, Field: "velocity",
				Reason: fmt.Sprintf("ground speed %v m/s, track %v°, vertical rate %v ft/min out of range", r.GroundSpeedMS, r.TrackDeg, r.VerticalRateFPM)}
		}
		vx, vy = c.gridVelocity(r.Lat, r.Lon, x, y, r.GroundSpeedMS, r.TrackDeg)
		vz = r.VerticalRateFPM / 60
	}
	ts := &e.tracks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	i, ok := ts.byID[r.ID]
	if !ok {
		pid, ok := ts.parties[r.Party]
		if !ok {
			pid = int32(len(ts.parties))
			ts.parties[r.Party] = pid
		}
		ts.byID[r.ID] = int32(len(ts.st))
		ts.st = append(ts.st, trackState{id: r.ID, party: r.Party, pid: pid, t: t, x: x, y: y, z: r.AltFt, vx: vx, vy: vy, vz: vz})
		return nil
	}
	s := &ts.st[i]
	if t < s.t {
		return fmt.Errorf("deconflict: track %q: report at %s: %w", r.ID, r.Time.Format(time.RFC3339Nano), ErrStale)
	}
	if !r.HasVelocity {
		if dt := t - s.t; dt > 0 {
			vx, vy, vz = (x-s.x)/dt, (y-s.y)/dt, (r.AltFt-s.z)/dt
			if math.Hypot(vx, vy) > c.cfg.MaxSpeed {
				vx, vy, vz = 0, 0, 0
			}
		} else {
			vx, vy, vz = s.vx, s.vy, s.vz
		}
	}
	if s.party != r.Party {
		pid, ok := ts.parties[r.Party]
		if !ok {
			pid = int32(len(ts.parties))
			ts.parties[r.Party] = pid
		}
		s.party, s.pid = r.Party, pid
	}
	s.t, s.x, s.y, s.z, s.vx, s.vy, s.vz = t, x, y, r.AltFt, vx, vy, vz
	return nil
}

// gridVelocity converts a ground speed and true track at (lat, lon),
// projected at (x, y), to a velocity in the projection's plane, using the
// projection's local Jacobian (so grid convergence and scale are exact).
func (c *core) gridVelocity(lat, lon, x, y, gs, trk float64) (vx, vy float64) {
	const d = 100.0 // metres
	e2 := wgs84F * (2 - wgs84F)
	sin, cos := math.Sincos(lat * math.Pi / 180)
	w := 1 - e2*sin*sin
	m := wgs84A * (1 - e2) / (w * math.Sqrt(w)) // meridian radius
	n := wgs84A / math.Sqrt(w)                  // prime vertical radius
	xn, yn := c.proj.Forward(lat+d/m*180/math.Pi, lon)
	xe, ye := c.proj.Forward(lat, lon+d/(n*max(cos, 1e-9))*180/math.Pi)
	st, ct := math.Sincos(trk * math.Pi / 180)
	vn, ve := gs*ct, gs*st
	return (vn*(xn-x) + ve*(xe-x)) / d, (vn*(yn-y) + ve*(ye-y)) / d
}

// removeAt deletes track i by moving the last one into its place.
func (ts *tracks) removeAt(i int32) {
	delete(ts.byID, ts.st[i].id)
	last := int32(len(ts.st) - 1)
	if i != last {
		ts.st[i] = ts.st[last]
		ts.byID[ts.st[i].id] = i
	}
	ts.st = ts.st[:last]
}

// Tracks returns the number of tracks held.
func (e *Engine) Tracks() int {
	e.tracks.mu.Lock()
	defer e.tracks.mu.Unlock()
	return len(e.tracks.st)
}

// expire drops tracks whose last report is older than now - TTL.
func (ts *tracks) expire(now float64) {
	limit := now - ts.c.cfg.TrackTTL.Seconds()
	for i := int32(0); i < int32(len(ts.st)); {
		if ts.st[i].t < limit {
			ts.removeAt(i)
			continue
		}
		i++
	}
}

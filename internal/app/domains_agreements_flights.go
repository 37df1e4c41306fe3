package app

import (
	"math"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/flights"
	"truce/internal/geo"
)

// segmentStepM is the longest step between the positions a flight plan's
// segment is judged at: a leg that crosses a zone between two waypoints
// outside it is judged inside it.
const segmentStepM = 500

// maxSegmentSteps bounds the positions judged along one segment.
const maxSegmentSteps = 2000

// planEvents returns p's positions in b and [from, to] as flight events:
// each waypoint and the positions along each segment between two, at most
// segmentStepM apart, time and altitude interpolated linearly (as the
// deconfliction engine flies a plan).
func planEvents(p *flights.Plan, b orb.Bound, from, to time.Time) []rules.Event {
	var out []rules.Event
	add := func(pt orb.Point, t time.Time, alt float64) {
		if t.Before(from) || t.After(to) || !b.Contains(pt) {
			return
		}
		out = append(out, rules.Event{Source: rules.SourceFlight, ID: p.ID, Time: t, Point: pt, Party: p.Party,
			Category: p.Category, AltitudeFt: alt, HasAltitude: true})
	}
	var prev *flights.Waypoint
	var prevT time.Time
	for i := range p.Waypoints {
		w := &p.Waypoints[i]
		t, err := time.Parse(time.RFC3339, w.Time)
		if err != nil {
			prev = nil
			continue
		}
		if prev != nil && !t.Before(from) && !prevT.After(to) {
			a, z := orb.Point{prev.Lon, prev.Lat}, orb.Point{w.Lon, w.Lat}
			steps := int(math.Ceil(geo.Distance(a, z) / segmentStepM))
			steps = min(max(steps, 1), maxSegmentSteps)
			for k := 1; k < steps; k++ {
				f := float64(k) / float64(steps)
				pt := orb.Point{a[0] + f*(z[0]-a[0]), a[1] + f*(z[1]-a[1])}
				at := prevT.Add(time.Duration(f * float64(t.Sub(prevT))))
				add(pt, at, prev.AltFt+f*(w.AltFt-prev.AltFt))
			}
		}
		add(orb.Point{w.Lon, w.Lat}, t, w.AltFt)
		prev, prevT = w, t
	}
	return out
}

// trackEvents returns the latest position of each live track by may see
// (its own party's, and every track for a co-chair: access.TrackVisible)
// in b and [from, to], as flight events.
func trackEvents(tracks []flights.Track, by access.Principal, b orb.Bound, from, to time.Time) []rules.Event {
	var out []rules.Event
	for _, tr := range tracks {
		t, err := time.Parse(time.RFC3339, tr.Time)
		pt := orb.Point{tr.Lon, tr.Lat}
		if err != nil || !access.TrackVisible(by, tr.Party) || t.Before(from) || t.After(to) || !b.Contains(pt) {
			continue
		}
		out = append(out, rules.Event{Source: rules.SourceTrack, ID: tr.ID, Time: t, Point: pt, Party: tr.Party,
			AltitudeFt: tr.AltFt, HasAltitude: true})
	}
	return out
}

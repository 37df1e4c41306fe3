package deconflict

import (
	"errors"
	"math"
	"testing"
	"time"
)

// square returns a GeoJSON ring of the square [x0,x1]×[y0,y1] in the plane.
func square(p *Projection, x0, y0, x1, y1 float64) [][2]float64 {
	var ring [][2]float64
	for _, q := range [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}} {
		lat, lon := p.Inverse(q[0], q[1])
		ring = append(ring, [2]float64{lon, lat})
	}
	return ring
}

func TestReservationIntrusions(t *testing.T) {
	e := newTestEngine(t, nil)
	res := Reservation{ID: "r1", Party: "ru", Ring: square(e.proj, 0, -10e3, 20e3, 10e3),
		MinAltFt: 10000, MaxAltFt: 20000, From: at(0), To: at(1000)}
	if err := e.AddReservation(res); err != nil {
		t.Fatal(err)
	}
	// 100 m/s eastbound along y=0 at FL200 (the ceiling: inside), from x=-10 km.
	plans := []FlightPlan{
		xyPlan(e.proj, "in", "us", [4]float64{-10e3, 0, 20000, 0}, [4]float64{40e3, 0, 20000, 500}),
		xyPlan(e.proj, "own", "ru", [4]float64{-10e3, 0, 20000, 0}, [4]float64{40e3, 0, 20000, 500}),
		xyPlan(e.proj, "above", "us", [4]float64{-10e3, 0, 20001, 0}, [4]float64{40e3, 0, 20001, 500}),
		xyPlan(e.proj, "late", "us", [4]float64{-10e3, 0, 15000, 1000}, [4]float64{40e3, 0, 15000, 1500}),
		// Climbing through the floor inside the square: 5,000 → 15,000 ft over x 0..20 km.
		xyPlan(e.proj, "climb", "un", [4]float64{0, 0, 5000, 0}, [4]float64{20e3, 0, 15000, 200}),
	}
	for _, p := range plans {
		if _, err := e.AddPlan(p); err != nil {
			t.Fatal(err)
		}
	}
	got := e.Intrusions()
	// "late" starts outside the square as the window closes: no intrusion.
	want := map[string][2]float64{"in": {100, 300}, "climb": {100, 200}}
	if len(got) != len(want) {
		t.Fatalf("got %d intrusions, want %d: %+v", len(got), len(want), got)
	}
	for _, in := range got {
		w, ok := want[in.Subject]
		if !ok {
			t.Errorf("unexpected intrusion %+v", in)
			continue
		}
		if math.Abs(in.Start.Sub(at(w[0])).Seconds()) > 1e-3 || math.Abs(in.End.Sub(at(w[1])).Seconds()) > 1e-3 {
			t.Errorf("%s: [%v, %v], want [%v, %v] s", in.Subject, in.Start, in.End, w[0], w[1])
		}
	}
	// A track heading into the volume is predicted to intrude.
	lat, lon := e.proj.Inverse(-10e3, 0)
	if err := e.UpdateTrack(TrackReport{ID: "t", Party: "us", Lat: lat, Lon: lon, AltFt: 15000, Time: at(0), HasVelocity: true, GroundSpeedMS: 100, TrackDeg: 90}); err != nil {
		t.Fatal(err)
	}
	ti := e.TrackIntrusions(at(0), 200*time.Second)
	if len(ti) != 1 || !ti[0].Track || math.Abs(ti[0].Start.Sub(at(100)).Seconds()) > 0.5 || !ti[0].End.Equal(at(200)) {
		t.Errorf("track intrusions %+v", ti)
	}
	if err := e.RemoveReservation("r1"); err != nil || len(e.Intrusions()) != 0 {
		t.Errorf("after removal: %v", err)
	}
	if err := e.RemoveReservation("r1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second removal: %v", err)
	}
	bad := res
	bad.Ring = bad.Ring[:2]
	if err := e.AddReservation(bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("two-vertex ring: %v", err)
	}
	bad = res
	bad.MinAltFt = 30000
	if err := e.AddReservation(bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty band: %v", err)
	}
}

func TestAdvisories(t *testing.T) {
	e := newTestEngine(t, nil)
	// Eastbound at 100 m/s along y=0, descending from 12,000 to 2,000 ft.
	if _, err := e.AddPlan(xyPlan(e.proj, "p", "us", [4]float64{-50e3, 0, 12000, 0}, [4]float64{50e3, 0, 2000, 1000})); err != nil {
		t.Fatal(err)
	}
	slat, slon := e.proj.Inverse(0, 3e3)
	hlat, hlon := e.proj.Inverse(-45e3, 0)
	sites := []ProtectedSite{{ID: "hospital", Lat: slat, Lon: slon, RadiusM: 5e3}, {ID: "high", Lat: hlat, Lon: hlon, RadiusM: 2e3}}
	var route [][2]float64
	for _, q := range [][2]float64{{20e3, -2e3}, {40e3, -2e3}} {
		lat, lon := e.proj.Inverse(q[0], q[1])
		route = append(route, [2]float64{lon, lat})
	}
	moves := []Movement{{ID: "convoy", Route: route, From: at(0), To: at(900)}}
	got, err := e.Advisories(sites, moves, AdvisoryOptions{SiteCeilingFt: 10000, MovementDistanceM: 3e3})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %+v, want a site and a movement advisory", got)
	}
	m, s := got[0], got[1]
	// Site: within 5 km of (0, 3 km) for |x| < 4 km → t 460..540, all below 10,000 ft.
	if s.Ref != "hospital" || math.Abs(s.Start.Sub(at(460)).Seconds()) > 1e-3 || math.Abs(s.End.Sub(at(540)).Seconds()) > 1e-3 || math.Abs(s.MinDistanceM-3e3) > 1e-3 {
		t.Errorf("site advisory %+v", s)
	}
	// Movement: within 3 km of the segment x 20..40 km (2 km off): capsule
	// x from 20-√5 km to 40+√5 km → t from 500+(20e3-√5e3)/100, cut at 900.
	d := math.Sqrt(9e6 - 4e6)
	if m.Ref != "convoy" || math.Abs(m.Start.Sub(at(500+(20e3-d)/100)).Seconds()) > 1e-3 || !m.End.Equal(at(900)) || math.Abs(m.MinDistanceM-2e3) > 1e-3 {
		t.Errorf("movement advisory %+v", m)
	}
	if _, err := e.Advisories([]ProtectedSite{{ID: "x", RadiusM: -1}}, nil, AdvisoryOptions{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad site: %v", err)
	}
	// CheckAdvisoryInputs refuses what Advisories refuses, and accepts what it accepts.
	if err := e.CheckAdvisoryInputs([]ProtectedSite{{ID: "x", RadiusM: -1}}, nil, AdvisoryOptions{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad site checked: %v", err)
	}
	if err := e.CheckAdvisoryInputs(sites, nil, AdvisoryOptions{}); err != nil {
		t.Errorf("good sites checked: %v", err)
	}
	lat, lon := e.proj.Inverse(-5e3, 3e3)
	if err := e.UpdateTrack(TrackReport{ID: "t", Party: "ru", Lat: lat, Lon: lon, AltFt: 3000, Time: at(0), HasVelocity: true, GroundSpeedMS: 100, TrackDeg: 90}); err != nil {
		t.Fatal(err)
	}
	ta, err := e.TrackAdvisories(at(0), 60*time.Second, sites, nil, AdvisoryOptions{})
	if err != nil || len(ta) != 1 || !ta[0].Track || !ta[0].Start.Equal(at(0)) || !ta[0].End.Equal(at(60)) {
		t.Errorf("track advisories %+v, %v", ta, err)
	}
}

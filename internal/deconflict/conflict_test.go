package deconflict

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestConflictEdgeCases pins the definition of a conflict on hand-built
// pairs in the projection plane: {x m, y m, alt ft, t s}.
func TestConflictEdgeCases(t *testing.T) {
	const L = DefaultLateralMinimum
	type pt = [4]float64
	head := func(dy, dz float64) [2][]pt { // head-on, closing at 400 m/s, crossing at t=250
		return [2][]pt{{{-50e3, 0, 20000, 0}, {50e3, 0, 20000, 500}}, {{50e3, dy, 20000 + dz, 0}, {-50e3, dy, 20000 + dz, 500}}}
	}
	cases := []struct {
		name       string
		a, b       []pt
		sameParty  bool
		want       int
		start, end float64 // seconds, checked when want == 1 and end > 0
		minH       float64 // checked when want == 1 and >= 0
	}{
		{name: "head-on same level", a: head(0, 0)[0], b: head(0, 0)[1], want: 1,
			start: (100e3 - (L - lateralTolerance)) / 400, end: (100e3 + (L - lateralTolerance)) / 400, minH: 0},
		{name: "head-on 1000 ft apart exactly", a: head(0, 1000)[0], b: head(0, 1000)[1], want: 0},
		{name: "head-on 999 ft apart", a: head(0, 999)[0], b: head(0, 999)[1], want: 1, minH: 0},
		{name: "passing at exactly the lateral minimum", a: head(L, 0)[0], b: head(L, 0)[1], want: 0},
		{name: "passing 1 m inside the lateral minimum", a: head(L-1, 0)[0], b: head(L-1, 0)[1], want: 1, minH: L - 1},
		{name: "parallel at exactly the minimum",
			a: []pt{{-50e3, 0, 20000, 0}, {50e3, 0, 20000, 500}}, b: []pt{{-50e3, L, 20000, 0}, {50e3, L, 20000, 500}}, want: 0},
		{name: "parallel just inside the minimum",
			a: []pt{{-50e3, 0, 20000, 0}, {50e3, 0, 20000, 500}}, b: []pt{{-50e3, L - 0.5, 20000, 0}, {50e3, L - 0.5, 20000, 500}},
			want: 1, start: 0, end: 500, minH: L - 0.5},
		{name: "identical trajectories", a: head(0, 0)[0], b: head(0, 0)[0], want: 1, start: 0, end: 500, minH: 0},
		{name: "identical trajectories, same party", a: head(0, 0)[0], b: head(0, 0)[0], sameParty: true, want: 0},
		{name: "crossing at right angles, one instant at the minimum",
			a: []pt{{-50e3, 0, 20000, 0}, {50e3, 0, 20000, 500}}, b: []pt{{0, -50e3 - L*math.Sqrt2, 20000, 0}, {0, 50e3 - L*math.Sqrt2, 20000, 500}}, want: 0},
		{name: "crossing at right angles below the minimum",
			a: []pt{{-50e3, 0, 20000, 0}, {50e3, 0, 20000, 500}}, b: []pt{{0, -50e3, 20000, 0}, {0, 50e3, 20000, 500}}, want: 1, minH: 0},
		{name: "climb through another's level on the same track",
			a: []pt{{0, 0, 10000, 0}, {60e3, 0, 30000, 300}}, b: []pt{{0, 0, 20000, 0}, {60e3, 0, 20000, 300}},
			want: 1, start: 135, end: 165, minH: 0},
		{name: "hover while another passes",
			a: []pt{{0, 0, 5000, 0}, {0, 0, 5000, 600}}, b: []pt{{-30e3, 5e3, 5500, 0}, {30e3, 5e3, 5500, 600}}, want: 1, minH: 5e3},
		{name: "merged across many waypoints and a zero-length segment",
			a: []pt{{0, 0, 20000, 0}, {20e3, 0, 20000, 100}, {20e3, 0, 20000, 100}, {40e3, 0, 20000, 200}, {60e3, 0, 20000, 300}, {300e3, 0, 20000, 1500}},
			b: []pt{{0, 1e3, 20500, 0}, {300e3, 1e3, 20500, 1500}}, want: 1, start: 0, end: 1500, minH: 1e3},
		{name: "long segments, hundreds of km",
			a: []pt{{-290e3, -290e3, 30000, 0}, {290e3, 290e3, 30000, 3000}}, b: []pt{{-290e3, 290e3, 30000, 0}, {290e3, -290e3, 30000, 3000}}, want: 1, minH: 0},
		{name: "apart in time", a: []pt{{0, 0, 20000, 0}, {10e3, 0, 20000, 100}}, b: []pt{{0, 0, 20000, 101}, {10e3, 0, 20000, 200}}, want: 0},
		{name: "meeting at a single instant",
			a: []pt{{0, 0, 20000, 0}, {10e3, 0, 20000, 100}}, b: []pt{{10e3, 0, 20000, 100}, {20e3, 0, 20000, 200}}, want: 1, start: 100, end: 100, minH: 0},
		{name: "two separate losses", a: []pt{{0, 0, 20000, 0}, {0, 0, 20000, 1000}},
			b: []pt{{-50e3, 0, 20000, 0}, {50e3, 0, 20000, 500}, {-50e3, 0, 20000, 1000}}, want: 2},
		// Separation that touches a minimum for an instant, at a waypoint,
		// inside one loss of separation is one encounter, not two.
		{name: "vertical separation exactly 1000 ft at one waypoint of a longer loss",
			a: []pt{{0, 0, 20000, 0}, {60e3, 0, 20000, 300}}, b: []pt{{0, 1e3, 19500, 0}, {30e3, 1e3, 19000, 150}, {60e3, 1e3, 19500, 300}},
			want: 1, start: 0, end: 300, minH: 1e3},
		{name: "lateral separation exactly the minimum at one waypoint of a longer loss",
			a: []pt{{0, 0, 20000, 0}, {60e3, 0, 20000, 300}}, b: []pt{{0, L / 2, 20000, 0}, {30e3, L, 20000, 150}, {60e3, L / 2, 20000, 300}},
			want: 1, start: 0, end: 300, minH: L / 2},
		{name: "vertical separation held at exactly 1000 ft for a leg between two losses",
			a: []pt{{0, 0, 20000, 0}, {90e3, 0, 20000, 450}}, b: []pt{{0, 1e3, 19500, 0}, {30e3, 1e3, 19000, 150}, {60e3, 1e3, 19000, 300}, {90e3, 1e3, 19500, 450}},
			want: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEngine(t, nil)
			pb := "ru"
			if tc.sameParty {
				pb = "us"
			}
			if _, err := e.AddPlan(xyPlan(e.proj, "a", "us", tc.a...)); err != nil {
				t.Fatal(err)
			}
			added, err := e.AddPlan(xyPlan(e.proj, "b", pb, tc.b...))
			if err != nil {
				t.Fatal(err)
			}
			if len(added) != tc.want {
				t.Fatalf("got %d conflicts, want %d: %+v", len(added), tc.want, added)
			}
			if err := sameConflicts(added, oracle(e)); err != nil {
				t.Errorf("vs oracle: %v", err)
			}
			if err := sameConflicts(e.AllConflicts(), added); err != nil {
				t.Errorf("batch: %v", err)
			}
			if tc.want != 1 {
				return
			}
			c := added[0]
			if tc.end > 0 {
				if d := math.Abs(c.Start.Sub(at(tc.start)).Seconds()); d > 1e-3 {
					t.Errorf("start %v, want %v", c.Start, at(tc.start))
				}
				if d := math.Abs(c.End.Sub(at(tc.end)).Seconds()); d > 1e-3 {
					t.Errorf("end %v, want %v", c.End, at(tc.end))
				}
			}
			if tc.minH >= 0 && math.Abs(c.MinHorizontalM-tc.minH) > 0.01 {
				t.Errorf("min horizontal %v m, want %v", c.MinHorizontalM, tc.minH)
			}
			if d := vincenty(c.PosA.Lat, c.PosA.Lon, c.PosB.Lat, c.PosB.Lon); math.Abs(d-c.MinHorizontalM) > 0.001*c.MinHorizontalM+0.01 {
				t.Errorf("CPA positions %v m apart on the ellipsoid, reported %v", d, c.MinHorizontalM)
			}
		})
	}
}

// TestPlanValidation checks that bad plans are rejected with an error
// naming the waypoint.
func TestPlanValidation(t *testing.T) {
	e := newTestEngine(t, nil)
	ok := func() FlightPlan {
		return xyPlan(e.proj, "p", "us", [4]float64{0, 0, 20000, 0}, [4]float64{10e3, 0, 20000, 100}, [4]float64{20e3, 0, 20000, 200})
	}
	cases := []struct {
		name  string
		mut   func(*FlightPlan)
		index int
		field string
	}{
		{"out of time order", func(p *FlightPlan) { p.Waypoints[2].Time = at(50) }, 2, "time"},
		{"equal time, different position", func(p *FlightPlan) { p.Waypoints[2].Time = at(100) }, 2, "time"},
		{"missing time", func(p *FlightPlan) { p.Waypoints[1].Time = zeroTime }, 1, "time"},
		{"latitude", func(p *FlightPlan) { p.Waypoints[1].Lat = 91 }, 1, "lat"},
		{"longitude NaN", func(p *FlightPlan) { p.Waypoints[0].Lon = math.NaN() }, 0, "lon"},
		{"altitude", func(p *FlightPlan) { p.Waypoints[1].AltFt = 1e6 }, 1, "alt_ft"},
		{"outside region", func(p *FlightPlan) { p.Waypoints[1].Lat, p.Waypoints[1].Lon = 60, 38.5 }, 1, "position"},
		{"too fast", func(p *FlightPlan) { p.Waypoints[2].Time = at(100.001) }, 2, "time"},
		{"empty id", func(p *FlightPlan) { p.ID = "" }, -1, "id"},
		{"empty party", func(p *FlightPlan) { p.Party = "" }, -1, "party"},
		{"one waypoint", func(p *FlightPlan) { p.Waypoints = p.Waypoints[:1] }, -1, "waypoints"},
		{"no duration", func(p *FlightPlan) { p.Waypoints = []Waypoint{p.Waypoints[0], p.Waypoints[0]} }, -1, "waypoints"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := ok()
			tc.mut(&p)
			_, err := e.AddPlan(p)
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("got %v, want a *ValidationError", err)
			}
			if ve.Index != tc.index || ve.Field != tc.field {
				t.Errorf("index %d field %q, want %d %q (%v)", ve.Index, ve.Field, tc.index, tc.field, err)
			}
			if tc.index >= 0 && !strings.Contains(err.Error(), "waypoint") {
				t.Errorf("message %q does not name the waypoint", err)
			}
			if e.Plans() != 0 {
				t.Error("rejected plan was added")
			}
		})
	}
	p := ok()
	p.Waypoints = append(p.Waypoints, p.Waypoints[2]) // zero-length segment is fine
	if _, err := e.AddPlan(p); err != nil {
		t.Errorf("zero-length segment rejected: %v", err)
	}
}

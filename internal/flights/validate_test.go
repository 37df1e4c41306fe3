package flights

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/deconflict"
	"truce/internal/fault"
)

var t0 = time.Date(2016, 9, 12, 19, 0, 0, 0, time.UTC)

func wps(specs ...[4]float64) []Waypoint {
	out := make([]Waypoint, len(specs))
	for i, s := range specs {
		out[i] = Waypoint{Lat: s[0], Lon: s[1], AltFt: s[2], Time: t0.Add(time.Duration(s[3]) * time.Minute).Format(time.RFC3339)}
	}
	return out
}

// TestPlanValidationNamesTheWaypoint checks that every rejection is an
// *fault.InvalidError naming the request field, through the engine's rules.
func TestPlanValidationNamesTheWaypoint(t *testing.T) {
	eng, err := deconflict.New(deconflict.Config{CentreLat: DefaultCentreLat, CentreLon: DefaultCentreLon})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		in    PlanInput
		field string
	}{
		{"ok", PlanInput{Waypoints: wps([4]float64{35, 37, 1000, 0}, [4]float64{35, 37.5, 1000, 10})}, ""},
		{"out of order", PlanInput{Waypoints: wps([4]float64{35, 37, 1000, 0}, [4]float64{35, 37.1, 1000, 10}, [4]float64{35, 37.2, 1000, 5})}, "waypoints[2].time"},
		{"latitude", PlanInput{Waypoints: wps([4]float64{35, 37, 1000, 0}, [4]float64{91, 37.1, 1000, 10})}, "waypoints[1].lat"},
		{"altitude", PlanInput{Waypoints: wps([4]float64{35, 37, 1e6, 0}, [4]float64{35, 37.1, 1000, 10})}, "waypoints[0].alt_ft"},
		{"too fast", PlanInput{Waypoints: wps([4]float64{35, 37, 1000, 0}, [4]float64{35, 39, 1000, 1})}, "waypoints[1].time"},
		{"far away", PlanInput{Waypoints: wps([4]float64{0, 0, 1000, 0}, [4]float64{0, 0.1, 1000, 10})}, "waypoints[0].position"},
		{"one waypoint", PlanInput{Waypoints: wps([4]float64{35, 37, 1000, 0})}, "waypoints"},
		{"category", PlanInput{Category: "bomber", Waypoints: wps([4]float64{35, 37, 1000, 0}, [4]float64{35, 37.5, 1000, 10})}, "category"},
		{"bad time", PlanInput{Waypoints: []Waypoint{{Lat: 35, Lon: 37, Time: "noon"}, {Lat: 35, Lon: 37, Time: "noon"}}}, "waypoints[0].time"},
		{"year 9999", PlanInput{Waypoints: []Waypoint{{Lat: 35, Lon: 37, AltFt: 1000, Time: "2016-09-12T19:00:00Z"}, {Lat: 35, Lon: 37.5, AltFt: 1000, Time: "9999-01-01T00:00:00Z"}}}, "waypoints[1].time"},
		{"two months ahead", PlanInput{Waypoints: wps([4]float64{35, 37, 1000, 60 * 24 * 60}, [4]float64{35, 37.5, 1000, 60*24*60 + 10})}, "waypoints[0].time"},
		{"before 2000", PlanInput{Waypoints: []Waypoint{{Lat: 35, Lon: 37, AltFt: 1000, Time: "1999-12-31T23:50:00Z"}, {Lat: 35, Lon: 37.5, AltFt: 1000, Time: "1999-12-31T23:59:00Z"}}}, "waypoints[0].time"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fp, err := checkPlanInput("fpl_x", "us", &c.in, t0)
			if err == nil {
				if _, err = eng.AddPlan(fp); err == nil {
					_, _ = eng.RemovePlan(fp.ID)
				}
				err = invalidFrom(err, "waypoints")
			}
			var inv *fault.InvalidError
			switch {
			case c.field == "" && err != nil:
				t.Fatalf("rejected: %v", err)
			case c.field != "" && !errors.As(err, &inv):
				t.Fatalf("got %v, want an invalid %s", err, c.field)
			case c.field != "" && inv.Field != c.field:
				t.Fatalf("field %s (%v), want %s", inv.Field, inv, c.field)
			}
		})
	}
}

func TestReservationValidation(t *testing.T) {
	ring := `{"type":"Polygon","coordinates":[[[37,35],[37.5,35],[37.5,35.5],[37,35]]]}`
	for _, c := range []struct {
		name, geom     string
		floor, ceiling float64
		start, end     string
		field          string
	}{
		{"ok", ring, 0, 1000, "2016-09-12T19:00:00Z", "2016-09-12T20:00:00Z", ""},
		{"point", `{"type":"Point","coordinates":[37,35]}`, 0, 1000, "2016-09-12T19:00:00Z", "2016-09-12T20:00:00Z", "geometry"},
		{"open ring", `{"type":"Polygon","coordinates":[[[37,35],[37.5,35],[37.5,35.5],[37,35.1]]]}`, 0, 1000, "2016-09-12T19:00:00Z", "2016-09-12T20:00:00Z", "geometry/coordinates/0"},
		{"bow tie", `{"type":"Polygon","coordinates":[[[37,35],[37.5,35.5],[37.5,35],[37,35.5],[37,35]]]}`, 0, 1000, "2016-09-12T19:00:00Z", "2016-09-12T20:00:00Z", "geometry/coordinates/0"},
		{"duplicate type", `{"type":"Point","type":"Polygon","coordinates":[[[37,35],[37.5,35],[37.5,35.5],[37,35]]]}`, 0, 1000, "2016-09-12T19:00:00Z", "2016-09-12T20:00:00Z", "geometry"},
		{"hole", `{"type":"Polygon","coordinates":[[[37,35],[37.5,35],[37.5,35.5],[37,35]],[[37,35],[37.5,35],[37.5,35.5],[37,35]]]}`, 0, 1000, "2016-09-12T19:00:00Z", "2016-09-12T20:00:00Z", "geometry/coordinates"},
		{"band", ring, 1000, 0, "2016-09-12T19:00:00Z", "2016-09-12T20:00:00Z", "ceiling_ft"},
		{"window", ring, 0, 1000, "2016-09-12T21:00:00Z", "2016-09-12T20:00:00Z", "end"},
		{"start", ring, 0, 1000, "soon", "2016-09-12T20:00:00Z", "start"},
		{"year 9999", ring, 0, 1000, "2016-09-12T19:00:00Z", "9999-09-12T20:00:00Z", "end"},
		{"before 2000", ring, 0, 1000, "1970-01-01T00:00:00Z", "2016-09-12T20:00:00Z", "start"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := ReservationInput{Name: "r", Geometry: json.RawMessage(c.geom), FloorFt: c.floor, CeilingFt: c.ceiling, Start: c.start, End: c.end}
			_, err := checkReservationInput("rsv_x", "ru", &in, t0)
			var inv *fault.InvalidError
			if c.field == "" && err != nil || c.field != "" && (!errors.As(err, &inv) || !strings.HasPrefix(inv.Field, c.field)) {
				t.Fatalf("got %v, want field %q", err, c.field)
			}
		})
	}
}

func TestConflictIDsAreDeterministic(t *testing.T) {
	s0, s1 := t0, t0.Add(time.Minute)
	a := conflictID("plan", KindConflict, []string{"a", "b"}, s0, s1)
	if a != conflictID("plan", KindConflict, []string{"a", "b"}, s0, s1) {
		t.Fatal("same conflict, two ids")
	}
	if a == conflictID("plan", KindConflict, []string{"a", "b"}, s0, s1.Add(time.Second)) {
		t.Fatal("a plan conflict's id must depend on its interval")
	}
	if conflictID("track", KindConflict, []string{"a", "b"}, s0, s1) != conflictID("track", KindConflict, []string{"a", "b"}, s1, s1.Add(time.Hour)) {
		t.Fatal("a track pair must keep one id while its prediction moves")
	}
}

func TestPlanStatus(t *testing.T) {
	p := &Plan{Status: StatusFiled, Waypoints: wps([4]float64{35, 37, 0, 0}, [4]float64{35, 37.1, 0, 60})}
	for _, c := range []struct {
		at   time.Time
		want string
	}{{t0.Add(-time.Minute), StatusFiled}, {t0.Add(time.Minute), StatusActive}, {t0.Add(2 * time.Hour), StatusCompleted}} {
		if got := planStatus(p, c.at); got != c.want {
			t.Errorf("at %s: %s, want %s", c.at, got, c.want)
		}
	}
	p.Status = StatusCancelled
	if got := planStatus(p, t0); got != StatusCancelled {
		t.Errorf("cancelled plan: %s", got)
	}
}

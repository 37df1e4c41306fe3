package rules

import (
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

var t0 = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// square is a closed lon/lat square of side d with its south-west corner at (x, y).
func square(x, y, d float64) orb.MultiPolygon {
	return orb.MultiPolygon{{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}}
}

func TestEvaluateKinds(t *testing.T) {
	z := square(36, 35, 1)
	rs := []Rule{
		{ID: "weapons", Kind: KindNoWeapons, Zone: z, From: t0, Classes: []string{"artillery", "shelling_missile"}, Parties: []string{"ru"}},
		{ID: "withdraw", Kind: KindWithdrawal, Zone: z, From: t0.Add(48 * time.Hour), Parties: []string{"us"}},
		{ID: "low", Kind: KindNoLowFlights, Zone: z, From: t0, Until: t0.Add(240 * time.Hour), MinAltitudeFt: 10000},
		{ID: "fire", Kind: KindNoFireNearSites, From: t0, RadiusKm: 5},
	}
	sites := []Site{{ID: "hospital", Point: orb.Point{38, 33}}, {ID: "school", Point: orb.Point{38.01, 33}}}
	ev := NewEvaluator(rs, sites)
	in := orb.Point{36.5, 35.5}
	cases := []struct {
		name string
		e    Event
		want []string
	}{
		{"shelling by a bound party inside", Event{ID: "a", Time: t0.Add(time.Hour), Point: in, Party: "ru", Category: "shelling_missile"}, []string{"weapons/ru"}},
		{"listed weapon observed", Event{Source: SourceObservation, ID: "b", Time: t0.Add(time.Hour), Point: in, Party: "ru", Category: "other", Weapons: []string{"artillery"}}, []string{"weapons/ru"}},
		{"before the rule binds", Event{ID: "c", Time: t0.Add(-time.Hour), Point: in, Party: "ru", Category: "shelling_missile"}, nil},
		{"outside the zone", Event{ID: "d", Time: t0.Add(time.Hour), Point: orb.Point{37.5, 35.5}, Party: "ru", Category: "shelling_missile"}, nil},
		{"party not bound", Event{ID: "e", Time: t0.Add(time.Hour), Point: in, Party: "un", Category: "shelling_missile"}, nil},
		{"unknown perpetrator bears on both", Event{ID: "f", Time: t0.Add(72 * time.Hour), Point: in, Category: "shelling_missile"}, []string{"weapons/", "withdraw/"}},
		{"presence after the withdrawal deadline", Event{ID: "g", Time: t0.Add(49 * time.Hour), Point: in, Party: "us", Category: "ground_advance"}, []string{"withdraw/us"}},
		{"presence before the deadline", Event{ID: "h", Time: t0.Add(47 * time.Hour), Point: in, Party: "us", Category: "ground_advance"}, nil},
		{"low flight", Event{Source: SourceFlight, ID: "i", Time: t0.Add(time.Hour), Point: in, Party: "us", AltitudeFt: 9000, HasAltitude: true}, []string{"low/us"}},
		{"high flight", Event{Source: SourceFlight, ID: "j", Time: t0.Add(time.Hour), Point: in, Party: "us", AltitudeFt: 10000, HasAltitude: true}, nil},
		{"low flight after the rule ended", Event{Source: SourceFlight, ID: "k", Time: t0.Add(240 * time.Hour), Point: in, Party: "us", AltitudeFt: 500, HasAltitude: true}, nil},
		{"fire near two sites", Event{ID: "l", Time: t0.Add(time.Hour), Point: orb.Point{38.005, 33.01}, Party: "ru", Category: "air_strike"}, []string{"fire/ru[hospital school]"}},
		{"no fire: an obstruction", Event{ID: "m", Time: t0.Add(time.Hour), Point: orb.Point{38, 33}, Party: "ru", Category: "obstruction_of_humanitarian_access"}, nil},
		{"fire far from sites", Event{ID: "n", Time: t0.Add(time.Hour), Point: orb.Point{38.2, 33}, Party: "ru", Category: "air_strike"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, h := range ev.Evaluate(&c.e) {
				s := h.RuleID + "/" + h.Party
				if len(h.Sites) > 0 {
					s += "[" + h.Sites[0]
					for _, x := range h.Sites[1:] {
						s += " " + x
					}
					s += "]"
				}
				got = append(got, s)
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("hits %v, want %v", got, c.want)
			}
		})
	}
}

func TestHitVisibleTo(t *testing.T) {
	h := Hit{RuleID: "fire", Party: "ru", Sites: []string{"hospital", "school"}}
	notified := map[string]bool{"school": true}
	got, ok := h.VisibleTo(func(s string) bool { return notified[s] })
	if !ok || !slices.Equal(got.Sites, []string{"school"}) {
		t.Fatalf("visible %v %v, want only the school", got, ok)
	}
	if _, ok := h.VisibleTo(func(string) bool { return false }); ok {
		t.Fatal("a no-fire hit near no site the viewer was notified of is shown")
	}
	if _, ok := (Hit{RuleID: "zone"}).VisibleTo(func(string) bool { return false }); !ok {
		t.Fatal("a zone hit is hidden")
	}
}

func TestCompliance(t *testing.T) {
	r := &Rule{ID: "w", Kind: KindWithdrawal, Parties: []string{"us", "ru"}, From: t0, Until: t0.Add(time.Hour)}
	cases := []struct {
		name  string
		party string
		hits  []Hit
		now   time.Time
		want  Status
	}{
		{"before the deadline", "us", nil, t0.Add(-time.Minute), StatusNotBinding},
		{"not bound", "un", nil, t0, StatusNotBinding},
		{"no events", "us", nil, t0, StatusCompliant},
		{"another party's violation", "us", []Hit{{RuleID: "w", Party: "ru"}}, t0, StatusCompliant},
		{"own violation", "ru", []Hit{{RuleID: "w", Party: "ru"}}, t0, StatusViolation},
		{"own violation stays after the end", "ru", []Hit{{RuleID: "w", Party: "ru"}}, t0.Add(2 * time.Hour), StatusViolation},
		{"unattributed", "us", []Hit{{RuleID: "w"}}, t0, StatusUndetermined},
		{"other rule", "us", []Hit{{RuleID: "x", Party: "us"}}, t0, StatusCompliant},
		{"after the end", "us", nil, t0.Add(time.Hour), StatusNotBinding},
	}
	for _, c := range cases {
		if got := Compliance(r, c.party, c.hits, c.now); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	z := square(0, 0, 1)
	cases := []struct {
		r     Rule
		field string
	}{
		{Rule{Kind: "bomb", From: t0}, "rule.kind"},
		{Rule{Kind: KindNoWeapons, Zone: z}, "rule.from"},
		{Rule{Kind: KindNoWeapons, Zone: z, From: t0, Until: t0}, "rule.until"},
		{Rule{Kind: KindNoWeapons, From: t0, Classes: []string{"x"}}, "rule.zone_id"},
		{Rule{Kind: KindNoWeapons, Zone: z, From: t0}, "rule.classes"},
		{Rule{Kind: KindNoLowFlights, Zone: z, From: t0}, "rule.min_altitude_ft"},
		{Rule{Kind: KindNoFireNearSites, From: t0, RadiusKm: 101}, "rule.radius_km"},
		{Rule{Kind: KindNoFireNearSites, From: t0, RadiusKm: 3}, ""},
		{Rule{Kind: KindWithdrawal, Zone: z, From: t0}, ""},
	}
	for _, c := range cases {
		err := c.r.Validate()
		fe, _ := err.(*FieldError)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%+v: %v", c.r, err)
		case c.field != "" && (fe == nil || fe.Field != c.field):
			t.Errorf("%+v: error %v, want one naming %s", c.r.Kind, err, c.field)
		}
	}
}

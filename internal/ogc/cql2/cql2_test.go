package cql2

import (
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

// env is a feature for the tests: a map of properties.
type env map[string]any

func (e env) Property(name string) (any, bool) { v, ok := e[name]; return v, ok && v != nil }

var testQueryables = Queryables(func(name string) (Type, bool) {
	t, ok := map[string]Type{"name": String, "status": String, "killed": Integer, "buffer": Number, "active": Boolean,
		"start": Timestamp, "span": IntervalType, "geometry": Geometry, "note": String}[name]
	return t, ok
})

func ts(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }

var feature = env{"name": "Al-Ra'i market", "status": "confirmed", "killed": 3, "buffer": 250.5, "active": true,
	"start": "2016-07-10T08:00:00Z", "span": Interval{Start: ptr(ts("2016-07-10T08:00:00Z")), End: ptr(ts("2016-07-10T09:00:00Z"))},
	"geometry": orb.Point{37.1, 36.1}, "note": nil}

func ptr[T any](v T) *T { return &v }

func TestEval(t *testing.T) {
	cases := []struct {
		filter string
		want   bool
	}{
		{"status = 'confirmed'", true},
		{"status <> 'confirmed'", false},
		{"killed > 2 AND killed <= 3", true},
		{"killed < 3 OR buffer >= 250.5", true},
		{"NOT killed = 3", false},
		{"NOT (killed = 3 AND status = 'x')", true},
		{"name LIKE 'Al-Ra''i%'", true},
		{"name LIKE '%market'", true},
		{"name LIKE 'Al_Ra%'", true},
		{"name LIKE 'al%'", false},
		{"name NOT LIKE '%x%'", true},
		{"status IN ('reported', 'confirmed')", true},
		{"status NOT IN ('reported', 'confirmed')", false},
		{"killed IN (1, 2)", false},
		{"killed BETWEEN 1 AND 3", true},
		{"killed NOT BETWEEN 1 AND 3", false},
		{"note IS NULL", true},
		{"status IS NOT NULL", true},
		{"note = 'x'", false},
		{"NOT note = 'x'", true},
		{"active = TRUE", true},
		{"TRUE", true},
		{"\"status\" = 'confirmed'", true},
		{"start > TIMESTAMP('2016-07-10T07:59:59Z')", true},
		{"start = '2016-07-10T08:00:00Z'", true},
		{"start < DATE('2016-07-10')", false},
		{"S_INTERSECTS(geometry, POINT(37.1 36.1))", true},
		{"S_INTERSECTS(geometry, BBOX(37, 36, 37.2, 36.2))", true},
		{"S_INTERSECTS(BBOX(38, 36, 38.2, 36.2), geometry)", false},
		{"S_INTERSECTS(geometry, POLYGON((37 36, 37.2 36, 37.2 36.2, 37 36.2, 37 36)))", true},
		{"S_INTERSECTS(geometry, POLYGON((37 36, 37.2 36, 37.2 36.2, 37 36.2, 37 36), (37.05 36.05, 37.15 36.05, 37.15 36.15, 37.05 36.15, 37.05 36.05)))", false},
		{"S_INTERSECTS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((37 36, 37.2 36, 37.2 36.2, 37 36))))", true},
		{"S_INTERSECTS(geometry, LINESTRING(37 36, 37.2 36.2))", true},
		{"S_INTERSECTS(geometry, MULTIPOINT((1 1), (37.1 36.1)))", true},
		{"S_INTERSECTS(geometry, MULTIPOINT(1 1, 2 2))", false},
		{"S_INTERSECTS(geometry, MULTILINESTRING((0 0, 1 1), (37.1 36, 37.1 37)))", true},
		{"S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(0 0), POINT Z(37.1 36.1 5)))", true},
		{"T_INTERSECTS(span, INTERVAL('2016-07-10T08:30:00Z', '..'))", true},
		{"T_INTERSECTS(span, INTERVAL('..', '2016-07-10T07:00:00Z'))", false},
		{"T_INTERSECTS(span, INTERVAL('2016-07-10', '2016-07-10'))", true}, // an end date includes its day
		{"T_INTERSECTS(span, INTERVAL('2016-07-01', '2016-07-09'))", false},
		{"T_INTERSECTS(span, INTERVAL('..', '2016-07-10'))", true},
		{"T_INTERSECTS(span, INTERVAL('2016-07-11', '..'))", false},
		{"T_INTERSECTS(span, TIMESTAMP('2016-07-10T09:00:00Z'))", true},
		{"T_INTERSECTS(start, INTERVAL('..', '..'))", true},
		{"t_intersects(start, date('2016-07-10')) or killed=0", false},
	}
	for _, tc := range cases {
		e, err := Parse(tc.filter, testQueryables)
		if err != nil {
			t.Errorf("%s: %v", tc.filter, err)
			continue
		}
		if got := e.Eval(feature); got != tc.want {
			t.Errorf("%s = %v, want %v", tc.filter, got, tc.want)
		}
	}
}

func TestParseErrorsSayWhere(t *testing.T) {
	cases := []struct{ filter, want string }{
		{"", "at character 1 (the end): the filter ends where a property or a value is expected"},
		{"status =", "at character 9 (the end)"},
		{"status = 'x' AND", "at character 17 (the end)"},
		{"colour = 'red'", `at character 1 (near "colour = 'red'"): unknown property "colour"`},
		{"status = 'x' killed = 1", `at character 14 (near "killed = 1"): unexpected "killed"`},
		{"status = 'x", "at character 10 (near \"'x\"): unterminated string"},
		{"killed = 'three'", "at character 10 (near \"'three'\"): cannot compare an integer with a string"},
		{"killed LIKE 'x%'", "at character 1 (near \"killed LIKE 'x%'\"): LIKE needs a text property"},
		{"status ~ 'x'", "at character 8 (near \"~ 'x'\"): unexpected character '~'"},
		{"status", "at character 7 (the end): the filter ends where an operator"},
		{"status IN 'x'", "expected '(' after IN"},
		{"killed BETWEEN 1 OR 3", "at character 18 (near \"OR 3\"): expected AND in BETWEEN"},
		{"S_INTERSECTS(geometry, POINT(200 36))", "at character 30 (near \"200 36))\"): 200 is outside the range of a longitude"},
		{"S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))", "this needs at least 4 positions"},
		{"S_INTERSECTS(geometry, BBOX(3, 0, 1, 1))", "BBOX takes minLon, minLat, maxLon, maxLat"},
		{"S_INTERSECTS(geometry, killed)", "S_INTERSECTS takes geometries"},
		{"S_INTERSECTS(POINT(0 0), POINT(0 0))", "needs a geometry property on one side"},
		{"T_INTERSECTS(span, INTERVAL('2016-07-10T10:00:00Z', '2016-07-10T09:00:00Z'))", "the INTERVAL ends before it starts"},
		{"T_INTERSECTS(span, TIMESTAMP('yesterday'))", "is not an RFC 3339 timestamp"},
		{"geometry = 'x'", "cannot compare a geometry with a string"},
		{strings.Repeat("(", 100) + "TRUE" + strings.Repeat(")", 100), "nests deeper than 64 levels"},
		{"name = '\xff'", "not valid UTF-8"},
	}
	for _, tc := range cases {
		_, err := Parse(tc.filter, testQueryables)
		se, ok := err.(*SyntaxError)
		if !ok || !strings.Contains(err.Error(), tc.want) || se.Pos < 1 {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tc.filter, err, tc.want)
		}
	}
}

func TestLike(t *testing.T) {
	cases := []struct {
		s, p string
		want bool
	}{
		{"", "", true}, {"", "%", true}, {"a", "", false}, {"abc", "a%c", true}, {"abc", "a_c", true},
		{"abc", "a_", false}, {"a%c", `a\%c`, true}, {"abc", `a\%c`, false}, {"ééx", "é_x", true},
		{"mississippi", "%iss%ppi", true}, {"mississippi", "%iss%ppx", false}, {"a_b", `a\_b`, true},
	}
	for _, tc := range cases {
		if got := like(tc.s, tc.p); got != tc.want {
			t.Errorf("like(%q, %q) = %v, want %v", tc.s, tc.p, got, tc.want)
		}
	}
}

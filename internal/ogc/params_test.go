package ogc

import (
	"errors"
	"testing"
	"time"
)

func TestParseDatetime(t *testing.T) {
	at := func(s string) *time.Time { v, _ := time.Parse(time.RFC3339Nano, s); return &v }
	cases := []struct {
		in       string
		from, to *time.Time
		bad      bool
	}{
		{in: "2016-07-10T00:00:00Z", from: at("2016-07-10T00:00:00Z"), to: at("2016-07-10T00:00:00Z")},
		{in: "2016-07-10T02:00:00+02:00", from: at("2016-07-10T00:00:00Z"), to: at("2016-07-10T00:00:00Z")},
		{in: "../2016-07-10T00:00:00Z", to: at("2016-07-10T00:00:00Z")},
		{in: "2016-07-10T00:00:00Z/..", from: at("2016-07-10T00:00:00Z")},
		{in: "2016-07-10T00:00:00Z/", from: at("2016-07-10T00:00:00Z")},
		{in: "2016-07-01/2016-07-10", from: at("2016-07-01T00:00:00Z"), to: at("2016-07-10T23:59:59.999999999Z")},
		{in: "2016-07-10", from: at("2016-07-10T00:00:00Z"), to: at("2016-07-10T23:59:59.999999999Z")},
		{in: "../2016-07-10", to: at("2016-07-10T23:59:59.999999999Z")},
		{in: "2016-07-10/..", from: at("2016-07-10T00:00:00Z")},
		{in: "2016-07-10T12:00:00Z/2016-07-10", from: at("2016-07-10T12:00:00Z"), to: at("2016-07-10T23:59:59.999999999Z")},
		{in: "2016-07-10/2016-07-10", from: at("2016-07-10T00:00:00Z"), to: at("2016-07-10T23:59:59.999999999Z")},
		{in: "2016-07-11/2016-07-10", bad: true},
		{in: "2016-02-30", bad: true},
		{in: "../.."},
		{in: "..", bad: true},
		{in: "yesterday", bad: true},
		{in: "2016-07-10T00:00:00Z/2016-07-01T00:00:00Z", bad: true},
		{in: "2016-07-10T00:00:00Z/soon", bad: true},
	}
	for _, tc := range cases {
		from, to, err := ParseDatetime(tc.in)
		if tc.bad {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param != "datetime" {
				t.Errorf("%q: err %v, want a datetime ParamError", tc.in, err)
			}
			continue
		}
		eq := func(a, b *time.Time) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }
		if err != nil || !eq(from, tc.from) || !eq(to, tc.to) {
			t.Errorf("%q = %v, %v, %v; want %v, %v", tc.in, from, to, err, tc.from, tc.to)
		}
	}
}

func TestParseBBoxAndLimit(t *testing.T) {
	for _, ok := range []string{"36,35,38,37", "-180,-90,180,90", "36, 35, 38, 37", "36,35,0,38,37,100"} {
		if _, err := ParseBBox(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "1,2,3", "a,b,c,d", "38,35,36,37", "0,-91,1,1", "1,2,3,4,5", "NaN,0,1,1", "0,0,Inf,1"} {
		if _, err := ParseBBox(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for in, want := range map[string]int{"": DefaultLimit, "1": 1, "10000": 10000, "10001": 10000, "99999999999": 10000} {
		if n, err := ParseLimit(in); err != nil || n != want {
			t.Errorf("limit %q = %d, %v", in, n, err)
		}
	}
	for _, bad := range []string{"0", "-1", "ten", "1.5", "999999999999999999999"} {
		if _, err := ParseLimit(bad); err == nil {
			t.Errorf("limit %q accepted", bad)
		}
	}
}

// FuzzParseDatetime checks that ParseDatetime never panics, fails only
// with a datetime ParamError, and never returns an interval ending before
// it starts.
func FuzzParseDatetime(f *testing.F) {
	f.Add("2016-07-10T00:00:00Z/..")
	f.Fuzz(func(t *testing.T, s string) {
		from, to, err := ParseDatetime(s)
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param != "datetime" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if from != nil && to != nil && to.Before(*from) {
			t.Fatalf("%q: %v after %v", s, from, to)
		}
	})
}

// FuzzParseBBox checks that ParseBBox never panics and returns only boxes
// within the world with min ≤ max.
func FuzzParseBBox(f *testing.F) {
	f.Add("36,35,38,37")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBBox(s)
		if err != nil {
			return
		}
		if !(b.Min[0] <= b.Max[0] && b.Min[1] <= b.Max[1]) || b.Min[0] > b.Max[0] || b.Min[1] > b.Max[1] || b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
			t.Fatalf("%q gave %v", s, b)
		}
	})
}

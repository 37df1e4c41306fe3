package quality_test

import (
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/basemap"
	"truce/internal/gazetteer"
	"truce/internal/notify/quality"
)

var checker = sync.OnceValue(func() *quality.Checker {
	land, err := quality.NewLand(basemap.Countries(), basemap.Codes)
	if err != nil {
		panic(err)
	}
	g, err := gazetteer.Load()
	if err != nil {
		panic(err)
	}
	return &quality.Checker{Land: land, Names: quality.NewNames(g)}
})

func codes(fs []quality.Flag) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// aleppo is a point in eastern Aleppo, on land.
var aleppo = orb.Point{37.1652, 36.2021}

// TestCheckSite checks each site flag against a hand-made bad submission,
// and that a good one raises none.
func TestCheckSite(t *testing.T) {
	c := checker()
	un := access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "ru"}}
	sites := quality.NewSites([]quality.Site{{ID: "site_a", Point: aleppo, Release: un}, {ID: "site_far", Point: orb.Point{36.3, 33.5}, Release: un},
		{ID: "site_hidden", Point: orb.Point{37.13, 36.2102}, Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"ngo", "us"}}}})
	for _, tc := range []struct {
		name  string
		p     orb.Point
		names map[string]string
		self  string
		want  []string
	}{
		// site_hidden is 22 m away, but un may not see it: naming it would
		// disclose it.
		{"good", orb.Point{37.13, 36.21}, map[string]string{"en": "Al-Quds hospital", "ar": "مستشفى القدس"}, "", nil},
		{"in the Mediterranean", orb.Point{34.5, 34.8}, map[string]string{"en": "Field hospital"}, "", []string{quality.NotOnLand}},
		{"outside the area", orb.Point{2.35, 48.85}, map[string]string{"en": "Field hospital"}, "", []string{quality.NotOnLand}},
		{"duplicate 40 m away", orb.Point{37.1656, 36.2022}, map[string]string{"en": "M10 hospital"}, "", []string{quality.Duplicate}},
		{"an update is not its own duplicate", aleppo, map[string]string{"en": "M10 hospital"}, "site_a", nil},
		{"named for a far town", aleppo, map[string]string{"en": "Tadmur hospital"}, "site_a", []string{quality.NamePlace}},
		{"named in Arabic for a far town", aleppo, map[string]string{"ar": "مستشفى تدمر"}, "site_a", []string{quality.NamePlace}},
		{"named for the town it is in", aleppo, map[string]string{"en": "Aleppo University Hospital"}, "site_a", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			skip := func(d quality.Site) bool { return d.ID == tc.self || !d.Release.VisibleTo("un") }
			got := c.CheckSite(tc.p, tc.names, sites, skip)
			if !equal(codes(got), append([]string{}, tc.want...)) {
				t.Fatalf("flags %+v, want %v", got, tc.want)
			}
		})
	}
}

// TestCheckMovement checks the route flags against hand-made bad routes.
func TestCheckMovement(t *testing.T) {
	c := checker()
	start := time.Date(2016, 9, 19, 8, 0, 0, 0, time.UTC)
	// Aleppo to Damascus is about 310 km in a straight line.
	long := orb.LineString{aleppo, {36.29, 33.51}}
	for _, tc := range []struct {
		name   string
		route  orb.LineString
		window time.Duration
		want   []string
	}{
		{"good", long, 10 * time.Hour, nil},
		{"too fast", long, 2 * time.Hour, []string{quality.NotDrivable}},
		{"through the sea", orb.LineString{{35.9, 35.5}, {34.5, 34.8}, {35.5, 33.9}}, 10 * time.Hour, []string{quality.NotOnLand}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.CheckMovement(tc.route, start, start.Add(tc.window))
			if !equal(codes(got), append([]string{}, tc.want...)) {
				t.Fatalf("flags %+v, want %v", got, tc.want)
			}
		})
	}
}

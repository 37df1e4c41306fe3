package alerts

import (
	"flag"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
)

var seed = flag.Uint64("seed", 1, "seed of the random property tests")

var t0 = time.Date(2016, 9, 12, 0, 0, 0, 0, time.UTC)

func TestSiteAffectedRule(t *testing.T) {
	site := SiteFact{ID: "site_a", Location: orb.Point{37.15, 36.2}, BufferM: 500,
		NotifiedAt: map[string]time.Time{"ru": t0}}
	near := orb.Point{37.153, 36.2} // ~270 m east
	far := orb.Point{37.16, 36.2}   // ~900 m east
	square := orb.Polygon{{{37.14, 36.19}, {37.16, 36.19}, {37.16, 36.21}, {37.14, 36.21}, {37.14, 36.19}}}
	cases := []struct {
		name string
		inc  Incident
		want bool
	}{
		{"inside the buffer, notified before", Incident{Geometry: near, Start: t0.Add(time.Hour), Perpetrator: "ru"}, true},
		{"notified at the very moment", Incident{Geometry: near, Start: t0, Perpetrator: "ru"}, true},
		{"notified after the incident", Incident{Geometry: near, Start: t0.Add(-time.Second), Perpetrator: "ru"}, false},
		{"outside the buffer", Incident{Geometry: far, Start: t0.Add(time.Hour), Perpetrator: "ru"}, false},
		{"perpetrator not notified", Incident{Geometry: near, Start: t0.Add(time.Hour), Perpetrator: "us"}, false},
		{"perpetrator unknown", Incident{Geometry: near, Start: t0.Add(time.Hour)}, false},
		{"polygon covering the site", Incident{Geometry: square, Start: t0.Add(time.Hour), Perpetrator: "ru"}, true},
	}
	for _, tc := range cases {
		if got := SiteAffected(&site, &tc.inc); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestMovementAffectedRule(t *testing.T) {
	mv := MovementFact{ID: "mov_a", Route: orb.LineString{{37.0, 36.2}, {37.2, 36.2}}, CorridorM: 1000,
		Start: t0, End: t0.Add(6 * time.Hour)}
	on := orb.Point{37.1, 36.205} // ~550 m north of the route
	off := orb.Point{37.1, 36.22} // ~2.2 km north
	cases := []struct {
		name string
		inc  Incident
		want bool
	}{
		{"on the route in the window", Incident{Geometry: on, Start: t0.Add(time.Hour), End: t0.Add(time.Hour)}, true},
		{"off the route", Incident{Geometry: off, Start: t0.Add(time.Hour), End: t0.Add(time.Hour)}, false},
		{"before the window", Incident{Geometry: on, Start: t0.Add(-2 * time.Hour), End: t0.Add(-time.Hour)}, false},
		{"span overlapping the start", Incident{Geometry: on, Start: t0.Add(-time.Hour), End: t0.Add(time.Minute)}, true},
		{"after the window", Incident{Geometry: on, Start: t0.Add(7 * time.Hour), End: t0.Add(7 * time.Hour)}, false},
	}
	for _, tc := range cases {
		if got := MovementAffected(&mv, &tc.inc); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestMatcherAgreesWithBruteForce checks the indexed rules against a check
// of every site and movement on random data.
func TestMatcherAgreesWithBruteForce(t *testing.T) {
	t.Logf("seed %d (rerun with -seed=N)", *seed)
	r := rand.New(rand.NewPCG(*seed, 0x5eed))
	parties := []string{"us", "ru", "un", "ngo"}
	pt := func() orb.Point { return orb.Point{36 + r.Float64()*2, 35 + r.Float64()*2} }
	at := func() time.Time { return t0.Add(time.Duration(r.IntN(240)) * time.Hour) }
	sites := make([]SiteFact, 400)
	for i := range sites {
		s := SiteFact{ID: string(rune('a'+i%26)) + "-site", Location: pt(), BufferM: 50 + r.Float64()*20000, NotifiedAt: map[string]time.Time{}}
		for _, p := range parties {
			if r.IntN(2) == 0 {
				s.NotifiedAt[p] = at()
			}
		}
		sites[i] = s
	}
	movs := make([]MovementFact, 200)
	for i := range movs {
		route := orb.LineString{pt()}
		for range 1 + r.IntN(5) {
			last := route[len(route)-1]
			route = append(route, orb.Point{last[0] + (r.Float64()-0.5)*0.3, last[1] + (r.Float64()-0.5)*0.3})
		}
		start := at()
		movs[i] = MovementFact{ID: "m", Route: route, CorridorM: 100 + r.Float64()*5000, Start: start, End: start.Add(time.Duration(1+r.IntN(48)) * time.Hour)}
	}
	m := NewMatcher(sites, movs)
	var nSites, nMovs int
	for i := range 600 {
		inc := Incident{ID: "inc", Start: at(), Perpetrator: parties[r.IntN(len(parties))], Release: access.Releasability{TLP: access.TLPGreen}}
		inc.End = inc.Start.Add(time.Duration(r.IntN(12)) * time.Hour)
		if r.IntN(4) == 0 {
			c := pt()
			d := 0.01 + r.Float64()*0.2
			inc.Geometry = orb.Polygon{{c, {c[0] + d, c[1]}, {c[0] + d, c[1] + d}, {c[0], c[1] + d}, c}}
		} else {
			inc.Geometry = pt()
		}
		var wantS, gotS []*SiteFact
		for j := range sites {
			if SiteAffected(&sites[j], &inc) {
				wantS = append(wantS, &sites[j])
			}
		}
		gotS = m.Sites(&inc)
		nSites += len(wantS)
		if !slices.Equal(gotS, wantS) {
			t.Fatalf("incident %d: matcher found %d sites, brute force %d", i, len(gotS), len(wantS))
		}
		var wantM []*MovementFact
		for j := range movs {
			if MovementAffected(&movs[j], &inc) {
				wantM = append(wantM, &movs[j])
			}
		}
		nMovs += len(wantM)
		if gotM := m.Movements(&inc); !slices.Equal(gotM, wantM) {
			t.Fatalf("incident %d: matcher found %d movements, brute force %d", i, len(gotM), len(wantM))
		}
	}
	if nSites < 20 || nMovs < 20 {
		t.Fatalf("only %d site and %d movement matches: the random data does not exercise the rules", nSites, nMovs)
	}
	t.Logf("%d site and %d movement matches agree", nSites, nMovs)
}

func TestDeriveReleasability(t *testing.T) {
	amber := func(aud ...string) access.Releasability {
		return access.Releasability{TLP: access.TLPAmber, Audience: aud}
	}
	cases := []struct {
		name      string
		concerned []string
		causes    []access.Releasability
		want      access.Releasability
	}{
		{"green causes: AMBER to all concerned", []string{"us", "ru"}, []access.Releasability{{TLP: access.TLPGreen}}, amber("ru", "us")},
		{"a concerned party that may not see a cause is left out", []string{"ngo", "ru", "us"},
			[]access.Releasability{amber("ngo", "ru", "us"), amber("ngo", "us")}, amber("ngo", "us")},
		{"most restrictive label wins", []string{"us"}, []access.Releasability{{TLP: access.TLPRed, Audience: []string{"us"}}},
			access.Releasability{TLP: access.TLPRed, Audience: []string{"us"}}},
		{"nobody may see", []string{"ru"}, []access.Releasability{amber("us")}, amber()},
	}
	for _, tc := range cases {
		got := Derive(tc.concerned, tc.causes...)
		if got.TLP != tc.want.TLP || !slices.Equal(got.Audience, tc.want.Audience) {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

package extract

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"truce/internal/incidents"
	"truce/internal/testseed"
)

// incident is a Candidate for the tests.
type incident struct {
	id         string
	cat        incidents.Category
	lat, lon   float64
	start, end time.Time
}

func (i incident) ID() string                       { return i.id }
func (i incident) Category() incidents.Category     { return i.cat }
func (i incident) Point() (float64, float64)        { return i.lat, i.lon }
func (i incident) Interval() (time.Time, time.Time) { return i.start, i.end }

// bruteForce is the oracle: every candidate compared with the draft.
func bruteForce(d *Draft, cands []Candidate, o CorrelateOptions) []Match {
	o = o.withDefaults()
	var out []Match
	for _, c := range cands {
		if m, ok := scoreMatch(d, c, o); ok {
			out = append(out, m)
		}
	}
	return sortMatches(out, o.Limit)
}

// randomWorld returns n incidents and m drafts scattered over Syria and
// its neighbours in one month.
func randomWorld(rng *rand.Rand, n, m int) ([]Candidate, []Draft) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	randTime := func() (time.Time, time.Time) {
		s := t0.Add(time.Duration(rng.Int64N(int64(30 * day))))
		return s, s.Add(time.Duration(rng.Int64N(int64(3 * day))))
	}
	cands := make([]Candidate, n)
	for i := range cands {
		s, e := randTime()
		cands[i] = incident{id: "inc-" + strconv.Itoa(i), cat: incidents.Categories[rng.IntN(len(incidents.Categories))],
			lat: 32 + rng.Float64()*5, lon: 35 + rng.Float64()*7, start: s, end: e}
	}
	drafts := make([]Draft, m)
	for i := range drafts {
		s, e := randTime()
		d := Draft{Category: incidents.Categories[rng.IntN(len(incidents.Categories))], Time: Interval{Start: s, End: e}}
		for range rng.IntN(3) {
			d.Locations = append(d.Locations, Location{Lat: 32 + rng.Float64()*5, Lon: 35 + rng.Float64()*7,
				RadiusKM: []float64{5, 10, 15, 25, 75}[rng.IntN(5)]})
		}
		drafts[i] = d
	}
	return cands, drafts
}

// The grid index proposes exactly what comparing every candidate does, in
// the same order with the same scores, on random data.
func TestCorrelateMatchesBruteForce(t *testing.T) {
	seed := testseed.Seed(t)
	rng := rand.New(rand.NewPCG(seed, 22))
	cands, drafts := randomWorld(rng, 3000, 300)
	ix := NewIndex(cands)
	found := 0
	for _, o := range []CorrelateOptions{{}, {MaxKM: 5, MaxGap: 6 * time.Hour}, {MaxKM: 100, MaxGap: 10 * day, Limit: 5}} {
		for i := range drafts {
			got, want := ix.Correlate(&drafts[i], o), bruteForce(&drafts[i], cands, o)
			found += len(got)
			if !slices.EqualFunc(got, want, func(a, b Match) bool { return a.ID == b.ID && math.Abs(a.Score-b.Score) < 1e-12 }) {
				t.Fatalf("seed %d, draft %d, options %+v: index gave %d matches, brute force %d", seed, i, o, len(got), len(want))
			}
		}
	}
	if found == 0 {
		t.Fatalf("seed %d: no match at all; the test data is too sparse to prove anything", seed)
	}
}

func TestCorrelateRules(t *testing.T) {
	day0 := time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)
	d := Draft{Category: incidents.CategoryAirStrike, Time: Interval{Start: day0, End: day0.Add(day)},
		Locations: []Location{{Text: "east of Saraqib", Lat: 35.86, Lon: 36.97, RadiusKM: 9}}}
	tests := []struct {
		name   string
		c      incident
		want   bool
		reason string
	}{
		{"same place, day and category", incident{"a", incidents.CategoryAirStrike, 35.86, 36.97, day0.Add(3 * time.Hour), day0.Add(4 * time.Hour)}, true, "same category air_strike"},
		{"shelling nearby counts", incident{"b", incidents.CategoryShelling, 35.9, 37.0, day0, day0}, true, "compatible categories air_strike and shelling_missile"},
		{"obstruction never", incident{"c", incidents.CategoryObstructionOfAccess, 35.86, 36.97, day0, day0}, false, ""},
		{"too far", incident{"d", incidents.CategoryAirStrike, 36.5, 36.97, day0, day0}, false, ""},
		{"too late", incident{"e", incidents.CategoryAirStrike, 35.86, 36.97, day0.Add(4 * day), day0.Add(4 * day)}, false, ""},
		{"a day after", incident{"f", incidents.CategoryAirStrike, 35.86, 36.97, day0.Add(2 * day), day0.Add(2 * day)}, true, "24 h apart in time"},
	}
	ix := NewIndex([]Candidate{tests[0].c})
	if got := ix.Correlate(&Draft{Category: d.Category, Time: d.Time}, CorrelateOptions{}); len(got) != 0 {
		t.Errorf("a draft without location got matches: %v", got)
	}
	for _, tt := range tests {
		m, ok := scoreMatch(&d, tt.c, CorrelateOptions{}.withDefaults())
		if ok != tt.want {
			t.Errorf("%s: match %v, want %v", tt.name, ok, tt.want)
			continue
		}
		if ok && (!slices.Contains(m.Reasons, tt.reason) || m.Score <= 0 || m.Score > 1) {
			t.Errorf("%s: score %.3f, reasons %q, want reason %q", tt.name, m.Score, m.Reasons, tt.reason)
		}
	}
}

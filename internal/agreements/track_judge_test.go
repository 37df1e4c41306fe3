package agreements

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"truce/internal/agreements/rules"
	"truce/internal/flights"
	"truce/internal/testseed"
)

// airRules returns n no-low-flights rules of random agreements over a
// 2° × 2° area, some bound to one party, some with an end, some whose
// zone's line moved at a time.
func airRules(rng *rand.Rand, n int, t0 time.Time) ([]rules.Rule, []trackRule) {
	rs := make([]rules.Rule, n)
	names := make([]trackRule, n)
	for i := range rs {
		x, y, d := 36+rng.Float64()*2, 35+rng.Float64()*2, 0.05+rng.Float64()*0.4
		r := rules.Rule{Kind: rules.KindNoLowFlights, From: t0.Add(time.Duration(rng.IntN(120)) * time.Minute),
			MinAltitudeFt: float64(1000 + rng.IntN(15000)), Zone: orb.MultiPolygon{square(x, y, d)}}
		if rng.IntN(3) == 0 {
			r.Until = r.From.Add(time.Duration(1+rng.IntN(240)) * time.Minute)
		}
		if rng.IntN(2) == 0 {
			r.Parties = []string{[]string{"us", "ru"}[rng.IntN(2)]}
		}
		if rng.IntN(3) == 0 {
			first, moved := r.Zone, orb.MultiPolygon{square(36+rng.Float64()*2, 35+rng.Float64()*2, 0.05+rng.Float64()*0.4)}
			at := t0.Add(time.Duration(rng.IntN(240)) * time.Minute)
			r.Zone = append(slices.Clone(first), moved...)
			r.AreaAt = func(t time.Time) orb.MultiPolygon {
				if t.Before(at) {
					return first
				}
				return moved
			}
		}
		rs[i] = r
		names[i] = trackRule{agreement: fmt.Sprintf("agr_%d", i%7), version: 1 + i%3, obligation: fmt.Sprintf("o%d", i)}
	}
	return rs, names
}

func square(x, y, d float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + d, y}, {x + d, y + d}, {x, y + d}, {x, y}}}
}

// airOracle reports, without an index, whether report r breaks rule o:
// the definition the judge must agree with.
func airOracle(o *rules.Rule, r *flights.JudgedReport) bool {
	if r.Time.Before(o.From) || (!o.Until.IsZero() && !r.Time.Before(o.Until)) {
		return false
	}
	if r.Party != "" && len(o.Parties) > 0 && !slices.Contains(o.Parties, r.Party) {
		return false
	}
	area := o.Zone
	if o.AreaAt != nil {
		area = o.AreaAt(r.Time)
	}
	return r.AltFt < o.MinAltitudeFt && planar.MultiPolygonContains(area, orb.Point{r.Lon, r.Lat})
}

// TestTrackJudgeMatchesOracle flies random tracks, several episodes each,
// through random no-low-flights rules in batches, and checks that the
// judge queues, for each track episode and obligation, exactly one hit:
// the first report of the episode that the brute-force oracle says breaks
// it, and nothing for an episode that never does.
func TestTrackJudgeMatchesOracle(t *testing.T) {
	seed := testseed.Seed(t)
	rng := rand.New(rand.NewPCG(seed, 18))
	t0 := time.Date(2016, 7, 1, 0, 0, 0, 0, time.UTC)
	total := 0
	for round := range 10 {
		rs, names := airRules(rng, 1+rng.IntN(200), t0)
		oracleRules := slices.Clone(rs)
		j := NewTrackJudge()
		j.setRules(rs, names)
		type key struct {
			track   string
			episode time.Time
			rule    trackRule
		}
		want := map[key]time.Time{}
		var reports []flights.JudgedReport
		for tr := range 20 {
			id, party := fmt.Sprintf("trk%d", tr), []string{"us", "ru", "un"}[rng.IntN(3)]
			at := t0
			for range 1 + rng.IntN(3) { // episodes
				at = at.Add(time.Duration(rng.IntN(60)) * time.Minute)
				episode := at
				lat, lon, alt := 35+rng.Float64()*2, 36+rng.Float64()*2, float64(rng.IntN(20000))
				for range 1 + rng.IntN(40) {
					r := flights.JudgedReport{ID: id, Party: party, Lat: lat, Lon: lon, AltFt: alt, Time: at, Episode: episode}
					reports = append(reports, r)
					for i := range oracleRules {
						k := key{id, episode, names[i]}
						if _, done := want[k]; !done && airOracle(&oracleRules[i], &r) {
							want[k] = r.Time
						}
					}
					at = at.Add(time.Duration(1+rng.IntN(120)) * time.Second)
					lat, lon = lat+(rng.Float64()-0.5)*0.05, lon+(rng.Float64()-0.5)*0.05
					alt = max(0, alt+(rng.Float64()-0.5)*2000)
				}
			}
		}
		for len(reports) > 0 { // in batches, as flights passes them
			n := min(len(reports), 1+rng.IntN(50))
			j.JudgeTracks(reports[:n])
			reports = reports[n:]
		}
		got := map[key]time.Time{}
		for _, h := range j.take(t0.Add(-time.Hour)) {
			k := key{h.Report.ID, h.Report.Episode, trackRule{h.AgreementID, h.Version, h.Obligation}}
			if _, dup := got[k]; dup {
				t.Fatalf("seed %d round %d: %v queued twice", seed, round, k)
			}
			got[k] = h.Report.Time
		}
		for k, at := range want {
			if g, ok := got[k]; !ok || !g.Equal(at) {
				t.Fatalf("seed %d round %d: %v: judge queued the report at %v (%v); the oracle's first breach is at %v", seed, round, k, g, ok, at)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Fatalf("seed %d round %d: %v queued; the oracle finds no breach", seed, round, k)
			}
		}
		total += len(want)
	}
	if total < 20 {
		t.Fatalf("seed %d: only %d track breaches in 10 rounds; the generator no longer exercises the judge", seed, total)
	}
}

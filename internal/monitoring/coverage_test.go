package monitoring

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/geo"
	"truce/internal/testseed"
)

var t0 = time.Date(2016, 7, 1, 0, 0, 0, 0, time.UTC)

// bruteCoverage is the oracle: every cell of the grid over region, every
// track and every block, with the rules written out again.
func bruteCoverage(tracks []Track, blocks []Blocked, from, to time.Time, deg float64, region orb.Bound) map[Cell]Seen {
	out := map[Cell]Seen{}
	for x := int(math.Floor(region.Min[0] / deg)); float64(x)*deg <= region.Max[0]; x++ {
		for y := int(math.Floor(region.Min[1] / deg)); float64(y)*deg <= region.Max[1]; y++ {
			c := Cell{x, y}
			p := orb.Point{(float64(x) + 0.5) * deg, (float64(y) + 0.5) * deg}
			reached, seen := false, false
			var by []string
			for _, t := range tracks {
				if !(t.Start.Before(to) && from.Before(t.End)) || geo.DistanceToLineString(p, t.Route) > t.SightM {
					continue
				}
				reached = true
				blocked := false
				for _, b := range blocks {
					applies := b.PatrolID == t.ID || (b.PatrolID == "" && !b.Time.Before(t.Start) && b.Time.Before(t.End))
					if applies && geo.Distance(p, b.At) <= b.RadiusM {
						blocked = true
						if !slices.Contains(by, b.ControlledBy) {
							by = append(by, b.ControlledBy)
						}
					}
				}
				seen = seen || !blocked
			}
			switch {
			case seen:
				out[c] = Seen{Seen: true}
			case reached:
				slices.Sort(by)
				out[c] = Seen{By: by}
			}
		}
	}
	return out
}

func randomPoint(r *rand.Rand) orb.Point {
	return orb.Point{36 + r.Float64()*0.5, 35.5 + r.Float64()*0.5}
}

// TestCoverageAgainstBruteForce compares Coverage with the oracle over
// random patrols, flights and restrictions, in random periods.
func TestCoverageAgainstBruteForce(t *testing.T) {
	seed := testseed.Seed(t)
	r := rand.New(rand.NewPCG(seed, 7))
	parties := []string{"ru", "sy", "us"}
	region := orb.Bound{Min: orb.Point{35.7, 35.2}, Max: orb.Point{36.8, 36.3}}
	for round := 0; round < 12; round++ {
		deg := []float64{0.01, 0.02, 0.005}[r.IntN(3)]
		var tracks []Track
		for i := range 1 + r.IntN(6) {
			route := orb.LineString{randomPoint(r)}
			for range 1 + r.IntN(4) {
				last := route[len(route)-1]
				route = append(route, orb.Point{last[0] + (r.Float64()-0.5)*0.1, last[1] + (r.Float64()-0.5)*0.1})
			}
			start := t0.Add(time.Duration(r.IntN(48)) * time.Hour)
			tracks = append(tracks, Track{ID: string(rune('a' + i)), Route: route, SightM: 300 + r.Float64()*4000,
				Start: start, End: start.Add(time.Duration(1+r.IntN(12)) * time.Hour)})
		}
		var blocks []Blocked
		for i := range r.IntN(8) {
			tr := tracks[r.IntN(len(tracks))]
			b := Blocked{ID: string(rune('A' + i)), ControlledBy: parties[r.IntN(3)], RadiusM: 200 + r.Float64()*5000,
				At: tr.Route[r.IntN(len(tr.Route))], Time: t0.Add(time.Duration(r.IntN(60)) * time.Hour)}
			if r.IntN(2) == 0 {
				b.PatrolID = tr.ID
			}
			blocks = append(blocks, b)
		}
		from := t0.Add(time.Duration(r.IntN(40)) * time.Hour)
		to := from.Add(time.Duration(1+r.IntN(30)) * time.Hour)
		got, err := Coverage(tracks, blocks, from, to, deg)
		if err != nil {
			t.Fatalf("seed %d round %d: %v", seed, round, err)
		}
		want := bruteCoverage(tracks, blocks, from, to, deg, region)
		if !reflect.DeepEqual(normal(got), normal(want)) {
			t.Fatalf("seed %d round %d: %d cells, oracle %d; first difference %s", seed, round, len(got), len(want), firstDiff(got, want))
		}
	}
}

func normal(m map[Cell]Seen) map[Cell]Seen {
	out := map[Cell]Seen{}
	for c, s := range m {
		if len(s.By) == 0 {
			s.By = nil
		}
		out[c] = s
	}
	return out
}

func firstDiff(got, want map[Cell]Seen) string {
	for c, s := range want {
		if g, ok := got[c]; !ok || g.Seen != s.Seen || !slices.Equal(g.By, s.By) {
			return fmtCell(c, g, s)
		}
	}
	for c, g := range got {
		if _, ok := want[c]; !ok {
			return fmtCell(c, g, Seen{})
		}
	}
	return "none"
}

func fmtCell(c Cell, got, want Seen) string {
	return fmt.Sprintf("cell %v: got %+v, want %+v", c, got, want)
}

func TestCoverageRefusesTooManyCells(t *testing.T) {
	tr := Track{ID: "a", Route: orb.LineString{{30, 30}, {40, 40}}, SightM: 1000, Start: t0, End: t0.Add(time.Hour)}
	if _, err := Coverage([]Track{tr}, nil, t0, t0.Add(time.Hour), 0.001); !errors.Is(err, ErrTooManyCells) {
		t.Fatalf("err %v, want ErrTooManyCells", err)
	}
	if m, err := Coverage([]Track{tr}, nil, t0.Add(time.Hour), t0.Add(2*time.Hour), 0.001); err != nil || len(m) != 0 {
		t.Fatalf("a track outside the period counts: %d cells, %v", len(m), err)
	}
}

// TestMapOfMergesRuns: adjacent cells of a row with the same coverage are
// one rectangle; a gap, a new row or another coverage starts another.
func TestMapOfMergesRuns(t *testing.T) {
	cells := map[Cell]Seen{{1, 1}: {Seen: true}, {2, 1}: {Seen: true}, {3, 1}: {By: []string{"ru"}},
		{5, 1}: {Seen: true}, {1, 2}: {Seen: true}}
	fs := MapOf(cells, 0.5)
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprint(f.Properties["coverage"], " ", f.Geometry.Coordinates.([][][2]float64)[0][0], f.Geometry.Coordinates.([][][2]float64)[0][2]))
	}
	want := []string{"seen [0.5 0.5] [1.5 1]", "denied [1.5 0.5] [2 1]", "seen [2.5 0.5] [3 1]", "seen [0.5 1] [1 1.5]"}
	if !slices.Equal(got, want) {
		t.Fatalf("features %q, want %q", got, want)
	}
}

package store

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/incidents"
)

var querySeed = flag.Uint64("query-seed", 1, "seed of the random incident query test (0: from the clock)")

// TestSearchMatchesBruteForce runs random filters against random incidents
// (points and polygons, in every status, some in several zones) and
// compares the store's paginated search, counts and aggregates with a
// brute-force filter over the same incidents. The seed is printed; rerun
// one with -query-seed.
func TestSearchMatchesBruteForce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) { testSearchMatchesBruteForce(t, open(t)) })
}

func testSearchMatchesBruteForce(t *testing.T, d *DB) {
	seed := *querySeed
	if seed == 0 {
		seed = 1 // deterministic by default; the flag explores other seeds
	}
	t.Logf("seed %d (rerun with -query-seed=%d)", seed, seed)
	all, bounds := fillIncidents(t, d, 3000, seed)
	s := d.Incidents()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 7))
	for round := range 60 {
		f := randomFilter(rng)
		viewer := []string{"", "us", "ru", "un"}[rng.IntN(4)]
		var want []incidents.Incident
		for k := range all {
			if f.Matches(&all[k], bounds[k]) && matchesText(&all[k], f.Text) && all[k].Release.VisibleTo(viewer) {
				want = append(want, all[k])
			}
		}
		slices.SortFunc(want, func(a, b incidents.Incident) int {
			if a.T0 != b.T0 {
				return int(b.T0 - a.T0)
			}
			return int(b.N - a.N)
		})
		var got []incidents.Incident
		page := f
		page.Limit = 1 + rng.IntN(200)
		page.Brief = rng.IntN(2) == 0
		for {
			rows, err := s.Search(ctx, &page, viewer)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, rows...)
			if len(rows) < page.Limit {
				break
			}
			last := rows[len(rows)-1]
			page.After = &incidents.Cursor{T0: last.T0, N: last.N}
		}
		if fmt.Sprint(ids(got)) != fmt.Sprint(ids(want)) {
			t.Fatalf("round %d, filter %+v, viewer %q: store returned %d incidents, brute force %d", round, f, viewer, len(got), len(want))
		}
		counts, err := s.Counts(ctx, &f)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, b := range counts {
			if b.Release.VisibleTo(viewer) {
				n += b.N
			}
		}
		if n != len(want) {
			t.Fatalf("round %d: counts %d, brute force %d", round, n, len(want))
		}
		if f.Text == "" { // Aggregate's brute force below ignores text
			checkAggregate(t, s, f, all, bounds, viewer, rng)
		}
	}
}

// checkAggregate compares the store's Aggregate, as the service sums it
// for viewer, with a brute force over all: each incident visible to viewer
// counts once under each of its zones among a random visible set, and once
// under "" if it has none of them.
func checkAggregate(t *testing.T, s incidents.Store, f incidents.Filter, all []incidents.Incident, bounds []orb.Bound, viewer string, rng *rand.Rand) {
	t.Helper()
	var visible []string
	for z := range 10 {
		if rng.IntN(2) == 0 {
			visible = append(visible, fmt.Sprintf("z%d", z))
		}
	}
	if f.Zone != "" && !slices.Contains(visible, f.Zone) {
		visible = append(visible, f.Zone)
		slices.Sort(visible)
	}
	type key struct{ day, zone, cat string }
	type sums struct{ n, killed, injured int }
	want := map[key]sums{}
	add := func(m map[key]sums, k key, n, killed, injured int) {
		v := m[k]
		v.n, v.killed, v.injured = v.n+n, v.killed+killed, v.injured+injured
		m[k] = v
	}
	for k := range all {
		in := &all[k]
		if !f.Matches(in, bounds[k]) || !in.Release.VisibleTo(viewer) {
			continue
		}
		day := time.Unix(in.T0, 0).UTC().Format("2006-01-02")
		counted := false
		for _, z := range in.Zones {
			if slices.Contains(visible, z) {
				add(want, key{day, z, string(in.Category)}, 1, in.Killed, in.Injured)
				counted = true
			}
		}
		if !counted {
			add(want, key{day, "", string(in.Category)}, 1, in.Killed, in.Injured)
		}
	}
	bs, err := s.Aggregate(context.Background(), &f, visible)
	if err != nil {
		t.Fatal(err)
	}
	got := map[key]sums{}
	for _, b := range bs {
		if b.Zone != "" && !slices.Contains(visible, b.Zone) {
			t.Fatalf("filter %+v: Aggregate named zone %s, not among %v", f, b.Zone, visible)
		}
		if b.Release.VisibleTo(viewer) {
			add(got, key{b.Day, b.Zone, string(b.Category)}, b.N, b.Killed, b.Injured)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("filter %+v, viewer %q, zones %v: Aggregate\n%v\nbrute force\n%v", f, viewer, visible, got, want)
	}
}

func ids(in []incidents.Incident) []string {
	out := make([]string, len(in))
	for k, i := range in {
		out[k] = i.ID
	}
	return out
}

func randomFilter(rng *rand.Rand) incidents.Filter {
	var f incidents.Filter
	if rng.IntN(2) == 0 {
		x, y := 36+rng.Float64()*4.5, 33+rng.Float64()*4.5
		w := rng.Float64() * 1.5
		f.BBox = &orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + w}}
	}
	if rng.IntN(2) == 0 {
		from := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(360*24)) * time.Hour)
		to := from.Add(time.Duration(rng.IntN(60*24)) * time.Hour)
		f.From, f.To = &from, &to
	}
	if rng.IntN(4) == 0 {
		f.Zone = fmt.Sprintf("z%d", rng.IntN(10))
	}
	if rng.IntN(3) == 0 {
		f.Categories = []incidents.Category{incidents.Categories[rng.IntN(len(incidents.Categories))], incidents.Categories[rng.IntN(len(incidents.Categories))]}
	}
	if rng.IntN(4) == 0 {
		f.Party = []string{"us", "ru", "un"}[rng.IntN(3)]
	}
	if rng.IntN(4) == 0 {
		f.Perpetrator = []string{"unknown", "party:us", "party:ru"}[rng.IntN(3)]
	}
	if rng.IntN(4) == 0 {
		for range 1 + rng.IntN(2) {
			f.Statuses = append(f.Statuses, incidents.Statuses[rng.IntN(len(incidents.Statuses))])
		}
	}
	if rng.IntN(5) == 0 {
		f.Text = []string{"Word%d", "report word%d", "%d", "WORD%d!", "word%d nowhere"}[rng.IntN(5)]
		f.Text = fmt.Sprintf(f.Text, rng.IntN(50))
	}
	return f
}

// matchesText is the brute-force text filter: every word of text is a word
// of the incident's narrative, place name or sources.
func matchesText(in *incidents.Incident, text string) bool {
	have := strings.Fields(searchWords(&in.Report))
	for _, w := range searchTerms(text) {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func TestTextSearchIsLiteral(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		d := open(t)
		fillIncidents(t, d, 200, 3)
		s := d.Incidents()
		for _, q := range []string{`word7`, `"word7`, `word7 OR x`, `NEAR(`, `*`, `report AND`, `a & b | !c`, `'x':*`, `<->`} {
			f := incidents.Filter{Text: q, Limit: 1000}
			if _, err := s.Search(context.Background(), &f, "us"); err != nil {
				t.Errorf("text %q: %v", q, err)
			}
		}
	})
}

// TestBriefListingMatchesFull checks that a brief listing holds the same
// fields as the full one (and as Incident by id), less the report's
// content, the assessments and the zones.
func TestBriefListingMatchesFull(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		d := open(t)
		fillIncidents(t, d, 300, 11)
		s := d.Incidents()
		ctx := context.Background()
		from := time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC)
		to := from.Add(90 * 24 * time.Hour)
		for _, f := range []incidents.Filter{
			{Limit: 50},
			{BBox: &orb.Bound{Min: orb.Point{36, 33}, Max: orb.Point{38, 35}}, From: &from, To: &to, Limit: 1000},
		} {
			full, err := s.Search(ctx, &f, "us")
			if err != nil {
				t.Fatal(err)
			}
			f.Brief = true
			brief, err := s.Search(ctx, &f, "us")
			if err != nil {
				t.Fatal(err)
			}
			if len(full) == 0 || len(brief) != len(full) {
				t.Fatalf("%d brief, %d full incidents", len(brief), len(full))
			}
			for k := range full {
				byID, err := s.Incident(ctx, nil, full[k].ID)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(*byID, full[k]) {
					t.Fatalf("listed %+v\nby id  %+v", full[k], *byID)
				}
				want := full[k]
				want.Narrative, want.Sources, want.Casualties, want.Evidence = "", nil, nil, nil
				want.Assessments, want.Zones = nil, nil
				if !reflect.DeepEqual(brief[k], want) {
					t.Fatalf("brief %+v\nwant  %+v", brief[k], want)
				}
			}
		}
	})
}

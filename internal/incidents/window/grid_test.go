package window

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/incidents"
)

// gridIncident returns listing row k of the grid tests: a point at
// (36 + k/1000°, 33°) on day k of 2016, reported by "un" with release rel.
func gridIncident(k int, rel access.Releasability) (*incidents.Incident, float64, float64) {
	lon, lat := 36+float64(k%4000)/1000, 33.0
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(k%300) * 24 * time.Hour)
	in := &incidents.Incident{Report: incidents.Report{ID: fmt.Sprintf("g_%06d", k), Key: fmt.Sprintf("k%d", k),
		Category: incidents.Categories[k%len(incidents.Categories)], Time: incidents.TimeSpan{Start: start.Format(time.RFC3339), Precision: "exact"},
		Location: []byte(fmt.Sprintf(`{"type":"Point","coordinates":[%g,%g]}`, lon, lat)), LocationPrecision: "exact",
		PlaceName: fmt.Sprintf("place %d", k), Perpetrator: incidents.Perpetrator{Kind: "unknown"}},
		Party: "un", Author: "un-monitor", ReportedAt: "2016-12-31T00:00:00Z", Release: rel, Status: incidents.StatusReported,
		N: int64(k + 1), Seq: int64(k + 1)}
	in.T0, in.T1 = incidents.Span(in.Time)
	return in, lon, lat
}

// everywhere is a window over all the grid tests' rows.
func everywhere(limit int) *incidents.Filter {
	from, to := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 12, 31, 0, 0, 0, 0, time.UTC)
	return &incidents.Filter{BBox: &orb.Bound{Min: orb.Point{35.9, 32.9}, Max: orb.Point{40.1, 33.1}}, From: &from, To: &to, Brief: true, Limit: limit}
}

// TestIncidentGridListingsStable checks that listing rows share nothing a
// caller may change with the index or with each other, and that their
// strings, which share the index's arena, keep their values while rows are
// added and replaced (the arena only grows).
func TestIncidentGridListingsStable(t *testing.T) {
	g := New(0)
	amber := access.Releasability{TLP: access.TLPAmber, Audience: []string{"un", "us"}}
	for k := range 200 {
		in, lon, lat := gridIncident(k, amber)
		g.Put(in, lon, lat, lon, lat)
	}
	q, ok := g.Compile(everywhere(1000), "us")
	if !ok {
		t.Fatal("nothing visible")
	}
	first, _ := g.Search(q)
	if len(first) != 200 {
		t.Fatalf("%d rows, want 200", len(first))
	}
	want := make([]incidents.Incident, len(first))
	for k, in := range first {
		want[k] = in
		want[k].ID, want[k].PlaceName = strings.Clone(in.ID), strings.Clone(in.PlaceName)
		want[k].Location, want[k].Release.Audience = slices.Clone(in.Location), slices.Clone(in.Release.Audience)
	}
	// A caller scribbling on its rows changes neither the index nor its
	// other rows.
	first[0].Location[0], first[0].Release.Audience[0] = 'X', "xx"
	first[0].Location = append(first[0].Location, '!')
	first[0].Release.Audience = append(first[0].Release.Audience, "yy")
	again, _ := g.Search(q)
	if !reflect.DeepEqual(again, want) {
		t.Fatal("a caller's change to a listing row reached the index")
	}
	if !reflect.DeepEqual(first[1:], want[1:]) {
		t.Fatal("a caller's change to one listing row reached another")
	}
	// Enough puts to fill arena chunks, replacing the listed rows too.
	for k := range 30_000 {
		in, lon, lat := gridIncident(k, amber)
		in.PlaceName = strings.Repeat("p", 40) + in.PlaceName
		g.Put(in, lon, lat, lon, lat)
	}
	if len(g.arena) < 2 {
		t.Fatalf("arena of %d chunks: the test should fill one", len(g.arena))
	}
	if !reflect.DeepEqual(again, want) {
		t.Fatal("listed strings changed when rows were added and replaced")
	}
}

// TestIncidentGridManyReleasabilities checks visibility when interned
// releasabilities outnumber what a cell entry holds (relInRow): the index
// then reads the row's, and answers as the brute-force scan does.
func TestIncidentGridManyReleasabilities(t *testing.T) {
	g := New(0)
	const n = relInRow + 2000
	for k := range n {
		rel := access.Releasability{TLP: access.TLPRed, Audience: []string{fmt.Sprintf("p%d", k), "un"}}
		if k%3 == 0 {
			rel.Audience = []string{"us", fmt.Sprintf("p%d", k)}
		}
		in, lon, lat := gridIncident(k, rel)
		g.Put(in, lon, lat, lon, lat)
	}
	if len(g.release) <= relInRow {
		t.Fatalf("%d releasabilities, want more than %d", len(g.release), relInRow)
	}
	for _, viewer := range []string{"us", "un", "sy", fmt.Sprintf("p%d", n-1), fmt.Sprintf("p%d", n-3)} {
		q, ok := g.Compile(everywhere(n), viewer)
		if !ok {
			if viewer != "sy" {
				t.Fatalf("%s: nothing visible", viewer)
			}
			continue // in no audience: compile already answers nothing
		}
		got, ok := g.Search(q)
		if !ok {
			t.Fatalf("%s: window declined", viewer)
		}
		if want := g.ScanAll(q); !reflect.DeepEqual(got, want) || len(got) == 0 {
			t.Fatalf("%s: index %d rows, scan %d", viewer, len(got), len(want))
		}
	}
}

package window

import (
	"reflect"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/incidents"
)

// TestGridPerpetrators checks that each perpetrator comes back as it was
// put and that the perpetrator filter (a key) selects exactly its rows.
func TestGridPerpetrators(t *testing.T) {
	perps := []incidents.Perpetrator{{Kind: "party", Party: "ru"}, {Kind: "group", Group: "ru"}, {Kind: "unknown"}}
	g := New(0)
	for k := range 30 {
		in, lon, lat := gridIncident(k, access.Releasability{TLP: access.TLPClear})
		in.Perpetrator = perps[k%len(perps)]
		g.Put(in, lon, lat, lon, lat)
	}
	tests := []struct {
		key  string
		want int
	}{{"", 30}, {"party:ru", 10}, {"group:ru", 10}, {"unknown", 10}, {"party:us", 0}}
	for _, tt := range tests {
		f := everywhere(100)
		f.Perpetrator = tt.key
		q, ok := g.Compile(f, "")
		if !ok {
			if tt.want != 0 {
				t.Fatalf("%q: compiled to nothing", tt.key)
			}
			continue
		}
		got, _ := g.Search(q)
		if len(got) != tt.want {
			t.Fatalf("%q: %d rows, want %d", tt.key, len(got), tt.want)
		}
		for _, in := range got {
			if want := perps[(in.N-1)%int64(len(perps))]; in.Perpetrator != want || (tt.key != "" && in.Perpetrator.Key() != tt.key) {
				t.Fatalf("%q: row %s has perpetrator %+v, want %+v", tt.key, in.ID, in.Perpetrator, want)
			}
		}
	}
}

// TestGridPutAllReplaces checks that PutAll adds new rows and replaces
// rows of the same id, as the store's catch-up relies on.
func TestGridPutAllReplaces(t *testing.T) {
	clear := access.Releasability{TLP: access.TLPClear}
	g, changes := New(0), New(0)
	for k := range 10 {
		in, lon, lat := gridIncident(k, clear)
		g.Put(in, lon, lat, lon, lat)
	}
	for k := 5; k < 15; k++ {
		in, lon, lat := gridIncident(k, clear)
		in.Status, in.Round = incidents.StatusConfirmed, 2
		changes.Put(in, lon, lat, lon, lat)
	}
	g.PutAll(changes)
	if g.Len() != 15 {
		t.Fatalf("%d rows, want 15", g.Len())
	}
	q, _ := g.Compile(everywhere(100), "")
	got, _ := g.Search(q)
	if !reflect.DeepEqual(got, g.ScanAll(q)) || len(got) != 15 {
		t.Fatalf("index %d rows, not those of the scan", len(got))
	}
	for _, in := range got {
		if assessed := in.N > 5; (in.Status == incidents.StatusConfirmed) != assessed {
			t.Fatalf("%s: status %s after PutAll", in.ID, in.Status)
		}
	}
}

// TestGridExplain checks the plan of a small window and of one too wide
// for the grid.
func TestGridExplain(t *testing.T) {
	g := New(0)
	for k := range 300 {
		in, lon, lat := gridIncident(k, access.Releasability{TLP: access.TLPClear})
		g.Put(in, lon, lat, lon, lat)
	}
	from, to := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2016, 1, 7, 0, 0, 0, 0, time.UTC)
	small := &incidents.Filter{BBox: &orb.Bound{Min: orb.Point{36, 33}, Max: orb.Point{36.2, 33.1}}, From: &from, To: &to, Brief: true, Limit: 10}
	q, _ := g.Compile(small, "")
	if p := g.Explain(q); p.Declined || p.Cells < 1 || p.Cells > 4 || p.Entries == 0 {
		t.Fatalf("small window: plan %+v", p)
	}
	// A far wider extent: rows spread over years and a wide bbox.
	for k := range 200 {
		in, lon, lat := gridIncident(k, access.Releasability{TLP: access.TLPClear})
		in.ID, in.T0, in.T1 = in.ID+"w", in.T0-int64(k)*indexWeek*5, in.T1-int64(k)*indexWeek*5
		g.Put(in, lon-float64(k)/4, lat, lon-float64(k)/4, lat)
	}
	q, _ = g.Compile(&incidents.Filter{BBox: &orb.Bound{Min: orb.Point{-20, 32}, Max: orb.Point{40, 34}}, Brief: true, Limit: 10}, "")
	if p := g.Explain(q); !p.Declined || p.Cells <= indexMaxProbe || p.Entries != 0 {
		t.Fatalf("wide window: plan %+v", p)
	}
	if _, ok := g.Search(q); ok {
		t.Fatal("Search answered a window Explain declines")
	}
}

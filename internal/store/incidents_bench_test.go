package store

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/incidents"
	"truce/internal/zones"
)

// benchDB is filled once: TRUCE_BENCH_INCIDENTS incidents (default
// 1,000,000) written straight into the projection tables of a database kept
// in the temporary directory (truce-bench-incidents-<n>.db), so that later
// runs skip the fill; delete it to rebuild.
var benchDB struct {
	once sync.Once
	db   *DB
}

func benchStore(b *testing.B) *DB {
	benchDB.once.Do(func() {
		n := 1_000_000
		if s := os.Getenv("TRUCE_BENCH_INCIDENTS"); s != "" {
			n, _ = strconv.Atoi(s)
		}
		path := filepath.Join(os.TempDir(), fmt.Sprintf("truce-bench-incidents-%d.db", n))
		d, err := OpenSQLite(context.Background(), path)
		if err != nil {
			b.Fatal(err)
		}
		var have int
		if err := d.SQL.QueryRow(`SELECT count(*) FROM incidents`).Scan(&have); err != nil {
			b.Fatal(err)
		}
		if have != n {
			d.Close()
			for _, suffix := range []string{"", "-wal", "-shm"} {
				os.Remove(path + suffix)
			}
			if d, err = OpenSQLite(context.Background(), path); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			fillIncidents(b, d, n, 42)
			fmt.Fprintf(os.Stderr, "filled %d incidents in %s (kept in %s)\n", n, time.Since(start).Round(time.Second), path)
		}
		if _, err := d.SQL.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		benchDB.db = d
	})
	return benchDB.db
}

// window returns a random 50 km × 7 day query window inside the fixture's
// area and year.
func window(rng *rand.Rand) incidents.Filter {
	x, y := 36+rng.Float64()*4, 33+rng.Float64()*4
	from := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(358*24)) * time.Hour)
	to := from.Add(7 * 24 * time.Hour)
	// 50 km is about 0.45° of latitude and 0.55° of longitude at 34°N.
	return incidents.Filter{BBox: &orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + 0.55, y + 0.45}}, From: &from, To: &to, Limit: 1000}
}

func reportPercentiles(b *testing.B, ds []time.Duration) {
	slices.Sort(ds)
	p := func(q float64) float64 { return float64(ds[int(q*float64(len(ds)-1))].Microseconds()) / 1000 }
	b.ReportMetric(p(0.5), "p50-ms")
	b.ReportMetric(p(0.99), "p99-ms")
}

// BenchmarkIncidentWindowQuery is the 50 km × 7 day query over the R*Tree
// (all rows of the window, as the member "us" sees them).
func BenchmarkIncidentWindowQuery(b *testing.B) {
	d := benchStore(b)
	s := d.Incidents()
	rng := rand.New(rand.NewPCG(1, 2))
	ds := make([]time.Duration, 0, b.N)
	rows := 0
	b.ResetTimer()
	for b.Loop() {
		f := window(rng)
		t := time.Now()
		got, err := s.Search(context.Background(), &f, "us")
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t))
		rows += len(got)
	}
	reportPercentiles(b, ds)
	b.ReportMetric(float64(rows)/float64(len(ds)), "rows/query")
}

// BenchmarkIncidentPage100 is one page of 100 newest incidents of a
// category in a large area, as the API's listing runs it.
func BenchmarkIncidentPage100(b *testing.B) {
	d := benchStore(b)
	s := d.Incidents()
	rng := rand.New(rand.NewPCG(3, 4))
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		f := incidents.Filter{Categories: []incidents.Category{incidents.Categories[rng.IntN(len(incidents.Categories))]}, Limit: 100}
		t := time.Now()
		if _, err := s.Search(context.Background(), &f, "us"); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t))
	}
	reportPercentiles(b, ds)
}

// BenchmarkIncidentWindowFullScan runs the same windows as a full table
// scan (no index), for comparison.
func BenchmarkIncidentWindowFullScan(b *testing.B) {
	d := benchStore(b)
	rng := rand.New(rand.NewPCG(1, 2))
	ds := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		f := window(rng)
		t := time.Now()
		var n int
		err := d.SQL.QueryRowContext(context.Background(), `SELECT count(*) FROM incidents NOT INDEXED
			WHERE max_lon >= $1 AND min_lon <= $2 AND max_lat >= $3 AND min_lat <= $4 AND t1 >= $5 AND t0 <= $6`,
			f.BBox.Min[0], f.BBox.Max[0], f.BBox.Min[1], f.BBox.Max[1], f.From.Unix(), f.To.Unix()).Scan(&n)
		if err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(t))
	}
	reportPercentiles(b, ds)
}

// BenchmarkZoneAttribution attributes one new incident against 1,000 zones
// in force (an in-memory R-tree over their timelines, then exact tests).
func BenchmarkZoneAttribution(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	tls := make([]zones.Timeline, 1000)
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range tls {
		x, y := 36+rng.Float64()*4.5, 33+rng.Float64()*4.5
		r := 0.02 + rng.Float64()*0.2
		ring := orb.Ring{}
		for k := range 32 {
			a := float64(k) / 32 * 6.283185
			ring = append(ring, orb.Point{x + r*cosine(a), y + r*sine(a)})
		}
		ring = append(ring, ring[0])
		tls[i] = zones.Timeline{ZoneID: fmt.Sprintf("z%d", i), Steps: []zones.Step{{Version: 1, Start: start, Geometry: orb.MultiPolygon{{ring}}}}}
	}
	at := zones.NewAttributor(tls)
	pts := make([]orb.Point, 1024)
	for i := range pts {
		pts[i] = orb.Point{36 + rng.Float64()*4.5, 33 + rng.Float64()*4.5}
	}
	t := start.Add(100 * 24 * time.Hour)
	b.Run("indexed", func(b *testing.B) {
		i := 0
		for b.Loop() {
			at.Attribute(pts[i%len(pts)], t)
			i++
		}
	})
	b.Run("scan", func(b *testing.B) {
		i := 0
		for b.Loop() {
			zones.Attribute(pts[i%len(pts)], t, tls)
			i++
		}
	})
}

func cosine(a float64) float64 { return math.Cos(a) }
func sine(a float64) float64   { return math.Sin(a) }

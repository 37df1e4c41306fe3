package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/geo"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/pgtest"
	"truce/internal/zones"
)

// The incident benchmarks run on SQLite and, when TRUCE_TEST_POSTGRES is
// set, on PostgreSQL, each over TRUCE_BENCH_INCIDENTS incidents (default
// 1,000,000) written straight into the projection tables by
// fillIncidentsBulk. The filled database is kept for later runs: on SQLite
// the file truce-bench-incidents-v3-<n>.db in the temporary directory, on
// PostgreSQL the schema bench_incidents_v3_<n> of the test database. Delete
// either to rebuild; "v3" changes with the schema or the fixtures.

// benchDBs holds the filled database of each engine.
var benchDBs = struct {
	sync.Mutex
	m map[Engine]*DB
}{m: map[Engine]*DB{}}

// benchIncidents is the number of incidents of the benchmarks' database.
func benchIncidents() int {
	n := 1_000_000
	if s := os.Getenv("TRUCE_BENCH_INCIDENTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	return n
}

// benchEngines runs fn as a sub-benchmark on every engine's filled store.
func benchEngines(b *testing.B, fn func(b *testing.B, d *DB)) {
	engines := []Engine{SQLite}
	if pgtest.DSN() != "" {
		engines = append(engines, Postgres)
	}
	for _, e := range engines {
		b.Run(string(e), func(b *testing.B) { fn(b, benchStore(b, e)) })
	}
}

func benchStore(b *testing.B, e Engine) *DB {
	benchDBs.Lock()
	defer benchDBs.Unlock()
	if d := benchDBs.m[e]; d != nil {
		return d
	}
	ctx := context.Background()
	n := benchIncidents()
	open := func() (*DB, string) {
		if e == Postgres {
			schema := fmt.Sprintf("bench_incidents_v3_%d", n)
			admin, err := sql.Open("pgx", pgtest.DSN())
			if err != nil {
				b.Fatal(err)
			}
			defer admin.Close()
			if _, err := admin.Exec(`CREATE SCHEMA IF NOT EXISTS ` + schema); err != nil {
				b.Fatal(err)
			}
			d, err := OpenPostgres(ctx, pgtest.WithSearchPath(pgtest.DSN(), schema))
			if err != nil {
				b.Fatal(err)
			}
			return d, "schema " + schema
		}
		path := filepath.Join(os.TempDir(), fmt.Sprintf("truce-bench-incidents-v3-%d.db", n))
		d, err := OpenSQLite(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		return d, path
	}
	d, where := open()
	var have int
	if err := d.SQL.QueryRow(`SELECT count(*) FROM incident_reports`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have != n {
		if have != 0 {
			b.Fatalf("%s holds %d incidents, not %d: delete it to refill", where, have, n)
		}
		start := time.Now()
		fillIncidentsBulk(b, d, n, 42)
		fmt.Fprintf(os.Stderr, "filled %d incidents in %s (kept in %s)\n", n, time.Since(start).Round(time.Second), where)
	}
	if e == SQLite {
		if _, err := d.SQL.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		// TRUCE_BENCH_SQLITE_PRAGMAS (e.g. "mmap_size=1073741824;cache_size=-65536")
		// tries connection settings that OpenSQLite does not make: the
		// benchmarks then run on one connection that has them.
		if ps := os.Getenv("TRUCE_BENCH_SQLITE_PRAGMAS"); ps != "" {
			d.SQL.SetMaxOpenConns(1)
			for _, p := range strings.Split(ps, ";") {
				if _, err := d.SQL.Exec(`PRAGMA ` + p); err != nil {
					b.Fatal(err)
				}
			}
		}
	} else if _, err := d.SQL.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	benchDBs.m[e] = d
	return d
}

// randomWindow returns a random 50 km × 7 day query window inside the fixture's
// area and year.
func randomWindow(rng *rand.Rand) incidents.Filter {
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

// BenchmarkIncidentWindowQuery is the 50 km × 7 day query: a brief
// listing of every incident in the window (up to 1,000) that the member
// "us" may see. Sub-benchmarks, on the same windows in the same run:
// index, through Search, which the in-memory index answers
// (incidents_index*.go); sql, the engine's search index (R*Tree or GiST)
// and rows; loghead, the one SQL statement index runs (reading the log's
// head); memscan, every row of the in-memory index filtered in turn.
func BenchmarkIncidentWindowQuery(b *testing.B) {
	benchEngines(b, benchWindowVariants)
}

// BenchmarkIncidentWindowQueryFull is the same query with every report
// decoded and the assessments and zones loaded, for comparison.
func BenchmarkIncidentWindowQueryFull(b *testing.B) {
	benchEngines(b, func(b *testing.B, d *DB) { benchWindow(b, d, false) })
}

func benchWindow(b *testing.B, d *DB, brief bool) {
	benchWindowWith(b, brief, d.Incidents().Search)
}

func benchWindowWith(b *testing.B, brief bool, search func(context.Context, *incidents.Filter, string) ([]incidents.Incident, error)) {
	rng := rand.New(rand.NewPCG(1, 2))
	benchWindowsFrom(b, brief, func() incidents.Filter { return randomWindow(rng) }, search)
}

// benchWindowsFrom runs search on the windows next returns, one per
// iteration, and reports the wall and CPU percentiles, the rows and page
// faults per query and the allocations.
func benchWindowsFrom(b *testing.B, brief bool, next func() incidents.Filter, search func(context.Context, *incidents.Filter, string) ([]incidents.Incident, error)) {
	b.ReportAllocs()
	ds := make([]time.Duration, 0, b.N)
	// The CPU time of each query too (its thread's), which the load of a
	// shared machine does not inflate as it does the wall time.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu := make([]time.Duration, 0, b.N)
	rows := 0
	faults := threadFaults()
	for b.Loop() {
		f := next()
		f.Brief = brief
		c, t := threadCPU(), time.Now()
		got, err := search(context.Background(), &f, "us")
		if err != nil {
			b.Fatal(err)
		}
		ds, cpu = append(ds, time.Since(t)), append(cpu, threadCPU()-c)
		rows += len(got)
	}
	reportPercentiles(b, ds)
	if c := threadCPU(); c >= 0 {
		slices.Sort(cpu)
		b.ReportMetric(float64(cpu[len(cpu)/2].Nanoseconds())/1e6, "cpu-p50-ms")
		b.ReportMetric(float64(cpu[int(0.99*float64(len(cpu)-1))].Nanoseconds())/1e6, "cpu-p99-ms")
	}
	b.ReportMetric(float64(rows)/float64(len(ds)), "rows/query")
	if faults >= 0 {
		// Page faults: the first touch of heap memory costs the querying
		// thread (see docs/benchmarks.md, "In-memory window index").
		b.ReportMetric(float64(threadFaults()-faults)/float64(len(ds)), "faults/query")
	}
}

// BenchmarkIncidentPage100 is one page of the 100 newest incidents of a
// category, full (reports, assessments, zones), as the API's listing runs
// it; every other iteration fetches the page after a random cursor.
func BenchmarkIncidentPage100(b *testing.B) {
	benchEngines(b, func(b *testing.B, d *DB) {
		s := d.Incidents()
		rng := rand.New(rand.NewPCG(3, 4))
		ds := make([]time.Duration, 0, b.N)
		i := 0
		for b.Loop() {
			f := incidents.Filter{Categories: []incidents.Category{incidents.Categories[rng.IntN(len(incidents.Categories))]}, Limit: 100}
			if i%2 == 1 {
				t0 := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Unix() + rng.Int64N(366*86400)
				f.After = &incidents.Cursor{T0: t0, N: 1 << 40}
			}
			i++
			t := time.Now()
			got, err := s.Search(context.Background(), &f, "us")
			if err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t))
			if len(got) != 100 && f.After == nil {
				b.Fatalf("page of %d", len(got))
			}
		}
		reportPercentiles(b, ds)
	})
}

// BenchmarkIncidentWindowFullScan counts the same windows' incidents by a
// full table scan (no index), for comparison.
func BenchmarkIncidentWindowFullScan(b *testing.B) {
	benchEngines(b, func(b *testing.B, d *DB) {
		rng := rand.New(rand.NewPCG(1, 2))
		ds := make([]time.Duration, 0, b.N)
		notIndexed := "NOT INDEXED"
		if d.Engine == Postgres {
			notIndexed = "" // no index on these columns
		}
		for b.Loop() {
			f := randomWindow(rng)
			t := time.Now()
			var n int
			err := d.SQL.QueryRowContext(context.Background(), `SELECT count(*) FROM incidents `+notIndexed+`
				WHERE max_lon >= $1 AND min_lon <= $2 AND max_lat >= $3 AND min_lat <= $4 AND t1 + 0 >= $5 AND t0 + 0 <= $6`,
				f.BBox.Min[0], f.BBox.Max[0], f.BBox.Min[1], f.BBox.Max[1], f.From.Unix(), f.To.Unix()).Scan(&n)
			if err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t))
		}
		reportPercentiles(b, ds)
	})
}

// BenchmarkZoneAttribution attributes one new incident (a random point)
// against 1,000 agreed zones (circles of 2–24 km over the 500 × 500 km
// square), on every engine, in a read transaction as the projection does.
// Sub-benchmarks, on the same points in the same run:
// store, incidentZones, the path every reported incident takes (read the
// zone generation token, the cached in-memory attributor, exact tests);
// its metric build-ms is the one-off cost of rebuilding the attributor
// from SQL after an agreement; sqlscan, the former path (zone_versions
// selected by bbox in SQL, no spatial index, then exact tests);
// memscan, every zone's timeline tested in memory, no index.
func BenchmarkZoneAttribution(b *testing.B) {
	for _, e := range testEngines() {
		b.Run(e.name, func(b *testing.B) {
			ctx := context.Background()
			d := e.open(b)
			_, seq := openSequencer(b, d)
			rng := rand.New(rand.NewPCG(5, 6))
			start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
			clear := access.Releasability{TLP: access.TLPClear}
			var changes []ledger.Change
			for i := range 1000 {
				id := fmt.Sprintf("z%04d", i)
				c := orb.Point{36 + rng.Float64()*4.5, 33 + rng.Float64()*4.5}
				raw, err := zones.EncodeGeometry(orb.MultiPolygon{geo.Circle(c, 2000+rng.Float64()*22000, 32)})
				if err != nil {
					b.Fatal(err)
				}
				spec := zones.Spec{ZoneID: id, Version: 1, Action: zones.ActionDefine, Kind: zones.KindCeasefireArea, Name: id,
					Geometry: raw, EffectiveFrom: zones.FormatTime(start)}
				changes = append(changes,
					ledger.Change{Draft: ledger.Draft{Party: "us", Author: "us-liaison", Kind: zones.KindProposed,
						Subject: zones.Subject(id), Release: clear, Payload: zones.Proposed{Version: spec, Release: clear}}},
					ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-liaison", Kind: zones.KindAgreed,
						Subject: zones.Subject(id), Release: clear, Payload: zones.Agreed{ZoneID: id, Version: 1, Party: "ru", Complete: true}}})
				if len(changes) == 200 {
					if _, err := seq.Append(ctx, changes...); err != nil {
						b.Fatal(err)
					}
					changes = changes[:0]
				}
			}
			pts := make([]orb.Point, 1024)
			for i := range pts {
				pts[i] = orb.Point{36 + rng.Float64()*4.5, 33 + rng.Float64()*4.5}
			}
			t0 := start.Add(100 * 24 * time.Hour).Unix()
			tx, err := d.SQL.BeginTx(ctx, nil)
			if err != nil {
				b.Fatal(err)
			}
			defer tx.Rollback()
			all := mustTimelines(b, tx, `1 = 1`)
			for _, p := range pts {
				want := zones.Attribute(p, time.Unix(t0, 0), all)
				got, err := incidentZones(ctx, tx, p, t0)
				if err != nil {
					b.Fatal(err)
				}
				if !slices.Equal(got, want) {
					b.Fatalf("%v: store %v, brute force %v", p, got, want)
				}
			}
			b.Run("store", func(b *testing.B) {
				// The one-off rebuild after an agreement, then the steady state.
				var build time.Duration
				for range 5 {
					if _, err := newZoneGeneration(ctx, tx); err != nil {
						b.Fatal(err)
					}
					t := time.Now()
					if _, err := incidentZones(ctx, tx, pts[0], t0); err != nil {
						b.Fatal(err)
					}
					build = max(build, time.Since(t))
				}
				ds := make([]time.Duration, 0, b.N)
				i := 0
				for b.Loop() {
					t := time.Now()
					if _, err := incidentZones(ctx, tx, pts[i%len(pts)], t0); err != nil {
						b.Fatal(err)
					}
					ds = append(ds, time.Since(t))
					i++
				}
				reportPercentiles(b, ds)
				b.ReportMetric(float64(build.Microseconds())/1000, "build-ms")
			})
			b.Run("sqlscan", func(b *testing.B) {
				ds := make([]time.Duration, 0, b.N)
				i := 0
				for b.Loop() {
					p := pts[i%len(pts)]
					t := time.Now()
					tls := mustTimelines(b, tx, `min_lon <= $1 AND max_lon >= $2 AND min_lat <= $3 AND max_lat >= $4`, p[0], p[0], p[1], p[1])
					zones.Attribute(p, time.Unix(t0, 0), tls)
					ds = append(ds, time.Since(t))
					i++
				}
				reportPercentiles(b, ds)
			})
			b.Run("memscan", func(b *testing.B) {
				ds := make([]time.Duration, 0, b.N)
				i := 0
				for b.Loop() {
					t := time.Now()
					zones.Attribute(pts[i%len(pts)], time.Unix(t0, 0), all)
					ds = append(ds, time.Since(t))
					i++
				}
				reportPercentiles(b, ds)
			})
		})
	}
}

func mustTimelines(b *testing.B, q ledger.Querier, where string, args ...any) []zones.Timeline {
	tls, err := timelines(context.Background(), q, where, args...)
	if err != nil {
		b.Fatal(err)
	}
	return tls
}

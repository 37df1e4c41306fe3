package store

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"testing"
	"time"

	"truce/internal/testwait"
)

// BenchmarkIncidentIndexStart measures a start of the incident index on
// the benchmarks' database (1,000,000 incidents unless
// TRUCE_BENCH_INCIDENTS says otherwise), both ways in the same run, each on
// a new handle as app.Open does it (StartIncidentIndex, then the first
// window query answered from the index):
//
//   - build: today's path without a snapshot, every row read from the
//     incidents table;
//   - snapshot: from the snapshot written by the build (its write time and
//     size reported too), checked and brought up to date.
//
// Each reports ready-s (start to the index answering), heap-MB and
// heap-B/incident (the heap the index holds, after a collection) and
// rss-MB (the process's resident memory after start, garbage returned to
// the system). The first window query of each is checked against SQL.
func BenchmarkIncidentIndexStart(b *testing.B) {
	benchEngines(b, func(b *testing.B, d *DB) {
		path := filepath.Join(b.TempDir(), "incident-index.snapshot")
		b.Run("build", func(b *testing.B) {
			for b.Loop() {
				e := benchStart(b, d, "")
				e.incidentIdx.sync.Lock()
				start := time.Now()
				err := e.incidentIdx.writeSnapshot(context.Background(), e, path, true)
				e.incidentIdx.sync.Unlock()
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(time.Since(start).Seconds(), "write-s")
				if st, err := os.Stat(path); err == nil {
					b.ReportMetric(float64(st.Size())/(1<<20), "snapshot-MB")
				}
				e.Close()
			}
		})
		b.Run("snapshot", func(b *testing.B) {
			for b.Loop() {
				e := benchStart(b, d, path)
				if !e.IncidentIndexStats().Snapshot {
					b.Fatal("the snapshot was not used")
				}
				e.Close()
			}
		})
	})
}

// benchStart opens a new handle on d's database, starts its index (from
// snapshot, if not "") and waits until a window query is answered from it;
// it reports the time and memory.
func benchStart(b *testing.B, d *DB, snapshot string) *DB {
	ctx := context.Background()
	runtime.GC()
	debug.FreeOSMemory()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	rssBefore := rssBytes()
	var e *DB
	var err error
	start := time.Now()
	if d.Engine == Postgres {
		e, err = OpenPostgres(ctx, d.dsn)
	} else {
		e, err = OpenSQLite(ctx, d.Path)
	}
	if err != nil {
		b.Fatal(err)
	}
	e.SetIncidentIndexSnapshot(snapshot, nil)
	e.StartIncidentIndex()
	testwait.For(b, 10*time.Minute, "the incident index", func() bool { return e.IncidentIndexStats().Ready })
	f := randomWindow(rand.New(rand.NewPCG(1, 2)))
	f.Brief = true
	got, ok, err := e.searchIndexed(ctx, &f, "us")
	if err != nil || !ok {
		b.Fatalf("first window: %v, %v", ok, err)
	}
	ready := time.Since(start)
	want, err := incidentsStore{e}.searchSQL(ctx, &f, "us")
	if err != nil || !reflect.DeepEqual(got, want) {
		b.Fatalf("first window: index %d rows, SQL %d (%v)", len(got), len(want), err)
	}
	runtime.GC()
	debug.FreeOSMemory()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	n := e.IncidentIndexStats().Incidents
	heap := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	b.ReportMetric(ready.Seconds(), "ready-s")
	b.ReportMetric(heap/(1<<20), "heap-MB")
	b.ReportMetric(heap/float64(n), "heap-B/incident")
	b.ReportMetric(float64(rssBytes()-rssBefore)/(1<<20), "rss-MB")
	fmt.Fprintf(os.Stderr, "%s %q: %d incidents ready in %s\n", d.Engine, snapshot, n, ready.Round(time.Millisecond))
	return e
}

// rssBytes returns the process's resident memory (0 where /proc is not).
func rssBytes() int64 {
	s, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := bytes.Fields(s)
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseInt(string(f[1]), 10, 64)
	return pages * int64(os.Getpagesize())
}

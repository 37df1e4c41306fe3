package store

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"runtime/metrics"
	"slices"
	"testing"
	"time"

	"truce/internal/incidents"
)

// benchWindowVariants runs the window query several ways on d's fixture,
// after checking on 50 windows that the index and SQL agree.
func benchWindowVariants(b *testing.B, d *DB) {
	ctx := context.Background()
	if !d.IncidentIndexStats().Ready {
		start := time.Now()
		if err := d.LoadIncidentIndex(ctx); err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "%s: incident index of %d loaded in %s\n", d.Engine, d.IncidentIndexStats().Incidents, time.Since(start).Round(time.Millisecond))
		runtime.GC() // the load's garbage is startup's, not the queries'
	}
	sqlSearch := incidentsStore{d}.searchSQL
	rng := rand.New(rand.NewPCG(9, 9))
	for range 50 {
		f := randomWindow(rng)
		f.Brief = true
		got, err := d.Incidents().Search(ctx, &f, "us")
		if err != nil {
			b.Fatal(err)
		}
		want, err := sqlSearch(ctx, &f, "us")
		if err != nil {
			b.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			b.Fatalf("window %+v: index and SQL differ (%d and %d rows)", f, len(got), len(want))
		}
	}
	b.Run("index", func(b *testing.B) { benchWindowWith(b, true, d.Incidents().Search) })
	b.Run("index-warm", func(b *testing.B) {
		// The same windows once the heap has grown to its steady size.
		warmHeap(b, d)
		benchWindowWith(b, true, d.Incidents().Search)
	})
	b.Run("index-slow5", func(b *testing.B) {
		// The p99 windows: the largest 5% of the benchmark's 1,000, looped.
		slow := slowWindows(b, d, 1000, 50)
		k := 0
		benchWindowsFrom(b, true, func() incidents.Filter { k++; return slow[k%len(slow)] }, d.Incidents().Search)
	})
	b.Run("sql", func(b *testing.B) { benchWindowWith(b, true, sqlSearch) })
	b.Run("loghead", func(b *testing.B) {
		// The part of index that reads the log's head, alone.
		benchWindowWith(b, true, func(ctx context.Context, f *incidents.Filter, viewer string) ([]incidents.Incident, error) {
			_, err := d.incidentIdx.logHead(ctx, d)
			return nil, err
		})
	})
	b.Run("memscan", func(b *testing.B) {
		benchWindowWith(b, true, func(ctx context.Context, f *incidents.Filter, viewer string) ([]incidents.Incident, error) {
			ix := &d.incidentIdx
			ix.mu.RLock()
			defer ix.mu.RUnlock()
			q, _ := ix.grid.Compile(f, viewer)
			return ix.grid.ScanAll(q), nil
		})
	})
}

// BenchmarkIncidentIndexLoad builds the in-memory index from the fixture's
// tables, as at startup, and reports the time it takes and the heap it
// holds once built (after a GC), in total and per incident.
func BenchmarkIncidentIndexLoad(b *testing.B) {
	benchEngines(b, func(b *testing.B, d *DB) {
		ctx := context.Background()
		var took time.Duration
		var heap, rows uint64
		for b.Loop() {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			g, _, err := readGrid(ctx, d)
			if err != nil {
				b.Fatal(err)
			}
			took = time.Since(start)
			runtime.GC()
			runtime.ReadMemStats(&after)
			heap, rows = after.HeapAlloc-before.HeapAlloc, uint64(g.Len())
			runtime.KeepAlive(g)
		}
		b.ReportMetric(took.Seconds(), "load-s")
		b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
		b.ReportMetric(float64(heap)/float64(rows), "heap-B/incident")
	})
}

// slowWindows returns the keep largest of the first n windows of the
// benchmark's sequence (window with the PCG seed 1, 2): those returning the
// most rows, which are the slowest (the same ones on every run and build),
// and logs what they have in common: time (least of three runs), rows
// returned, cells probed and cell entries visited.
func slowWindows(b *testing.B, d *DB, n, keep int) []incidents.Filter {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	type timed struct {
		f    incidents.Filter
		took time.Duration
		rows int
	}
	all := make([]timed, n)
	for k := range all {
		f := randomWindow(rng)
		f.Brief = true
		all[k] = timed{f: f, took: time.Hour}
		for range 3 {
			start := time.Now()
			got, err := d.Incidents().Search(ctx, &f, "us")
			if err != nil {
				b.Fatal(err)
			}
			all[k].took, all[k].rows = min(all[k].took, time.Since(start)), len(got)
		}
	}
	slices.SortStableFunc(all, func(a, b timed) int { return cmp.Compare(b.rows, a.rows) })
	ix := &d.incidentIdx
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]incidents.Filter, keep)
	for k, w := range all[:keep] {
		out[k] = w.f
		if k < 5 || k == keep-1 {
			q, _ := ix.grid.Compile(&w.f, "us")
			p := ix.grid.Explain(q)
			b.Logf("slow window %d: %s, %d rows, %d cells, %d cell entries, %d wide", k, w.took, w.rows, p.Cells, p.Entries, p.Wide)
		}
	}
	median := all[n/2]
	b.Logf("median window: %s, %d rows", median.took, median.rows)
	return out
}

// warmHeap runs window queries (not the benchmark's) until two garbage
// collections have completed, so that the heap has grown to the size it
// keeps: right after the index is loaded, the heap holds the index alone
// and grows towards twice that before its next collection, and each page
// of that growth is faulted in by the query that first touches it.
func warmHeap(b *testing.B, d *DB) {
	rng := rand.New(rand.NewPCG(7, 7))
	gcs := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(gcs)
	start := gcs[0].Value.Uint64()
	for k := 0; k < 100_000 && gcs[0].Value.Uint64() < start+2; k++ {
		f := randomWindow(rng)
		f.Brief = true
		if _, err := d.Incidents().Search(context.Background(), &f, "us"); err != nil {
			b.Fatal(err)
		}
		metrics.Read(gcs)
	}
}

package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
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
		f := window(rng)
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
			q, _ := ix.grid.compile(f, viewer)
			return ix.grid.scanAll(q), nil
		})
	})
}

// scanAll is the brute-force baseline: every row tested in turn.
func (g *incidentGrid) scanAll(q *windowQuery) []incidents.Incident {
	var hits []*indexRow
	for k := range g.rows {
		if r := &g.rows[k]; q.matches(r) {
			hits = append(hits, r)
		}
	}
	slices.SortFunc(hits, byNewest)
	hits = hits[:min(len(hits), q.f.Limit)]
	return g.listings(hits)
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
			heap, rows = after.HeapAlloc-before.HeapAlloc, uint64(len(g.rows))
			runtime.KeepAlive(g)
		}
		b.ReportMetric(took.Seconds(), "load-s")
		b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
		b.ReportMetric(float64(heap)/float64(rows), "heap-B/incident")
	})
}

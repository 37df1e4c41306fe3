package features_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/bench"
	"truce/internal/config"
	"truce/internal/features"
	"truce/internal/features/encode"
	"truce/internal/incidents"
	"truce/internal/store"
)

// exportSource returns an incidents service over the store package's cached
// benchmark database of 1,000,000 incidents ($TMPDIR/truce-bench-incidents-v3-1000000.db,
// made by `go test ./internal/store -run '^$' -bench IncidentWindowQuery -benchtime 1x`)
// if it exists, else over a fresh node holding TRUCE_BENCH_EXPORT_INCIDENTS
// (default 20,000) incidents reported through the log; and the caller.
func exportSource(b *testing.B) (*incidents.Service, access.Principal, string) {
	ctx := context.Background()
	path := filepath.Join(os.TempDir(), "truce-bench-incidents-v3-1000000.db")
	if _, err := os.Stat(path); err == nil && os.Getenv("TRUCE_BENCH_EXPORT_INCIDENTS") == "" {
		d, err := store.OpenSQLite(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { d.Close() })
		none := func(context.Context, access.Principal) (map[string]bool, error) { return map[string]bool{}, nil }
		svc := incidents.NewService(incidents.Deps{Store: d.Incidents(), Zones: none})
		return svc, access.Principal{UserID: "u", Username: "us-liaison", Party: "us", Role: access.RoleLiaison}, "the store's 1,000,000-incident fixture"
	}
	n := 20_000
	if s := os.Getenv("TRUCE_BENCH_EXPORT_INCIDENTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "bench.truce.invalid/export",
		Party: accounts.NewParty{ID: "un", Name: "UN", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "bench password 1"}); err != nil {
		b.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	by := access.Principal{UserID: "u", Username: "un-admin", Party: "un", Role: access.RoleReporter}
	if err := bench.FillIncidents(ctx, a.Incidents, by, n, 42, nil); err != nil {
		b.Fatal(err)
	}
	return a.Incidents, by, fmt.Sprintf("a node with %d incidents reported through the log", n)
}

// countingWriter counts the bytes written and drops them.
type countingWriter struct{ n atomic.Int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n.Add(int64(len(p))); return len(p), nil }

// peakHeap samples runtime HeapInuse every 5 ms until stop is called and
// returns the peak, in bytes.
func peakHeap() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	})
	return func() uint64 { close(done); wg.Wait(); sample(); return peak.Load() }
}

// BenchmarkExportIncidents streams every incident the caller may see as
// GeoJSON and as CSV (the export path: features.Registry.Each over keyset
// pages of 1,000, then the encoder), reporting features/s, MB/s and the peak
// heap in use; the baseline (format=geojson-slice) collects at most
// TRUCE_BENCH_EXPORT_BASELINE (default 100,000) features into a slice and
// marshals the whole collection at once, as a non-streaming export would.
// Run with -benchtime 1x.
func BenchmarkExportIncidents(b *testing.B) {
	svc, by, source := exportSource(b)
	reg := features.NewRegistry()
	reg.Register(features.Incidents{Service: svc})
	info := features.Incidents{}.Info()
	ctx := context.Background()
	baseN := 100_000
	if s := os.Getenv("TRUCE_BENCH_EXPORT_BASELINE"); s != "" {
		baseN, _ = strconv.Atoi(s)
	}
	fmt.Fprintf(os.Stderr, "export source: %s\n", source)
	for _, format := range []string{"geojson", "csv", "geojson-slice"} {
		b.Run("format="+format, func(b *testing.B) {
			var n int
			var bytes int64
			var peak uint64
			var elapsed time.Duration
			for b.Loop() {
				runtime.GC()
				out := &countingWriter{}
				stop := peakHeap()
				start := time.Now()
				n = 0
				if format == "geojson-slice" {
					var all []map[string]any
					err := reg.Each(ctx, by, "incidents", &features.Query{}, func(f *features.Feature) error {
						props := map[string]any{}
						for _, p := range f.Props {
							props[p.Name] = p.Value
						}
						all = append(all, map[string]any{"type": "Feature", "id": f.ID, "geometry": f.Geometry, "properties": props})
						if n++; n == baseN {
							return features.ErrStop
						}
						return nil
					})
					if err != nil {
						b.Fatal(err)
					}
					body, err := json.Marshal(map[string]any{"type": "FeatureCollection", "features": all})
					if err != nil {
						b.Fatal(err)
					}
					out.Write(body)
				} else {
					w, err := encode.NewWriter(out, encode.Format(format), info)
					if err != nil {
						b.Fatal(err)
					}
					err = reg.Each(ctx, by, "incidents", &features.Query{}, func(f *features.Feature) error { n++; return w.Write(f) })
					if err != nil {
						b.Fatal(err)
					}
					if err := w.Close(); err != nil {
						b.Fatal(err)
					}
				}
				elapsed = time.Since(start)
				peak = stop()
				bytes = out.n.Load()
			}
			b.ReportMetric(float64(n), "features")
			b.ReportMetric(float64(n)/elapsed.Seconds(), "features/s")
			b.ReportMetric(float64(bytes)/1e6/elapsed.Seconds(), "MB/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

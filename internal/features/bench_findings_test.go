package features_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/bench"
	"truce/internal/config"
	"truce/internal/features"
	"truce/internal/features/encode"
)

// BenchmarkExportFindings measures what naming each incident's finding
// costs the GeoJSON export (one history read and fold per incident):
// the same node's TRUCE_BENCH_FINDINGS_INCIDENTS (default 5,000) incidents
// exported without and with Findings, alternated round by round in one
// run (-count or -benchtime Nx repeats both).
func BenchmarkExportFindings(b *testing.B) {
	ctx := context.Background()
	n := 5_000
	if s := os.Getenv("TRUCE_BENCH_FINDINGS_INCIDENTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "bench.truce.invalid/findings",
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
	plain, withFindings := features.NewRegistry(), features.NewRegistry()
	plain.Register(features.Incidents{Service: a.Incidents})
	withFindings.Register(features.Incidents{Service: a.Incidents, Findings: a.Findings})
	info := features.Incidents{}.Info()
	export := func(b *testing.B, reg *features.Registry) (int, time.Duration) {
		start, count := time.Now(), 0
		w, err := encode.NewWriter(&countingWriter{}, encode.GeoJSON, info)
		if err != nil {
			b.Fatal(err)
		}
		if err := reg.Each(ctx, by, "incidents", &features.Query{}, func(f *features.Feature) error { count++; return w.Write(f) }); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		return count, time.Since(start)
	}
	var tPlain, tFindings time.Duration
	var count int
	for b.Loop() {
		c, d := export(b, plain)
		tPlain += d
		_, d = export(b, withFindings)
		tFindings += d
		count = c
	}
	b.ReportMetric(float64(count), "features")
	b.ReportMetric(float64(count*b.N)/tPlain.Seconds(), "plain-features/s")
	b.ReportMetric(float64(count*b.N)/tFindings.Seconds(), "findings-features/s")
}

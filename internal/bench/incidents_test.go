package bench_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/bench"
	"truce/internal/config"
)

// BenchmarkAPIIncidentPage100 serves a node holding
// TRUCE_BENCH_API_INCIDENTS incidents (default 100,000), reported through
// the log, on a loopback port, and measures GET /api/v1/incidents pages of
// 100 (bench.IncidentPagePath) from one client and from 8 concurrent ones,
// reporting p50 and p99 latency. The fill dominates the run time.
func BenchmarkAPIIncidentPage100(b *testing.B) {
	n := 100_000
	if s := os.Getenv("TRUCE_BENCH_API_INCIDENTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "bench.truce.invalid/node",
		Party: accounts.NewParty{ID: "un", Name: "UN", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "bench password 1"}); err != nil {
		b.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir, CheckpointInterval: time.Second}, app.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	u, err := a.Accounts.Store().UserByName(ctx, nil, "un-admin")
	if err != nil {
		b.Fatal(err)
	}
	tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "bench", 0, true)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	reporter := access.Principal{UserID: u.ID, Username: u.Username, Party: "un", Role: access.RoleReporter}
	if err := bench.FillIncidents(ctx, a.Incidents, reporter, n, 42, nil); err != nil {
		b.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "reported %d incidents through the log in %s\n", n, time.Since(start).Round(time.Second))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: a.Handler()}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	for _, conc := range []int{1, 8} {
		b.Run(fmt.Sprintf("clients=%d", conc), func(b *testing.B) {
			var rate float64
			var p50, p99 time.Duration
			for b.Loop() {
				if rate, p50, p99, err = bench.APIReads(ctx, base, tok.Secret, conc, 3*time.Second, bench.IncidentPagePath); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(rate, "pages/s")
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		})
	}
}

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

// BenchmarkAPIIncidentReads serves a node holding TRUCE_BENCH_API_INCIDENTS
// incidents (default 100,000; half AMBER for the party un, half CLEAR),
// reported through the log, and measures GET /api/v1/incidents/{id} and
// GET /api/v1/incidents?limit=100 with 32 connections on loopback, as un's
// admin (every AMBER read is audited) and as the public (CLEAR only),
// against a Ceiling serving the very bytes the node answered, in alternating
// rounds of TRUCE_BENCH_READ_SECONDS (default 3) each. It reports both rates,
// their ratio (targets: one record ≥ 0.5, a page ≥ 0.25), the node's p99 and
// the process's peak heap while the node was read.
func BenchmarkAPIIncidentReads(b *testing.B) {
	n := 100_000
	if s := os.Getenv("TRUCE_BENCH_API_INCIDENTS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	d := 3 * time.Second
	if s := os.Getenv("TRUCE_BENCH_READ_SECONDS"); s != "" {
		secs, _ := strconv.Atoi(s)
		d = time.Duration(secs) * time.Second
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
	if err := bench.FillIncidentsReleasable(ctx, a.Incidents, reporter, n, 42, bench.ReadReleasabilities, nil); err != nil {
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
	for _, caller := range []struct{ name, token string }{{"audited", tok.Secret}, {"public", ""}} {
		pages, ids, err := bench.IncidentReadPaths(ctx, base, caller.token, 200, 2000, 7)
		if err != nil {
			b.Fatal(err)
		}
		for _, read := range []struct {
			name, target string
			paths        []string
		}{{"one", "≥ 0.50", ids}, {"page100", "≥ 0.25", pages}} {
			b.Run(caller.name+"/"+read.name, func(b *testing.B) {
				recs, err := bench.Record(ctx, base, caller.token, read.paths)
				if err != nil {
					b.Fatal(err)
				}
				var f bench.ReadFigure
				for b.Loop() {
					if f, err = bench.CompareReads(ctx, base, caller.token, recs, 32, d, 2); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(f.Node, "node-req/s")
				b.ReportMetric(f.Ceiling, "ceiling-req/s")
				b.ReportMetric(f.Ratio(), "ratio")
				b.ReportMetric(float64(f.NodeP99.Microseconds())/1000, "p99-ms")
				b.ReportMetric(float64(f.PeakHeap)/(1<<20), "peak-heap-MiB")
				fmt.Fprintf(os.Stderr, "%s/%s: node %.0f req/s, ceiling %.0f req/s, ratio %.2f (target %s)\n",
					caller.name, read.name, f.Node, f.Ceiling, f.Ratio(), read.target)
			})
		}
	}
}

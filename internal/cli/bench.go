package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/bench"
	"truce/internal/config"
)

func runBench(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "bench", "[ledger|api|incidents|deconflict|crash|all] [flags]", `
Measures whole-system figures on this machine and prints a table, each with
its target (docs/benchmarks.md) and a simple baseline measured in the same
run: appends/s through the group-committing sequencer into a real SQLite file
against one fsync per entry; inclusion proofs/s at --proof-entries; API
reads/s and latency over loopback; with 'incidents', the latency of an API
page of 100 incidents after reporting --incidents of them through the log
(not part of 'all': the fill takes minutes), and one incident and a page of
100 with --concurrency clients, audited and public, each as a fraction of a
plain net/http server sending the same bytes in the same run. Scratch data goes to a temporary
directory, removed afterwards. With 'deconflict' (not part of 'all'): all
conflicts among --plans flight plans, one plan against them, the track tick
at 10,000 and 100,000, position updates/s in process and batched over the API
with the conflict tick running. With 'crash' (not part of 'all'): --cycles
times, a node process under mixed writes killed with SIGKILL within
--duration; after each restart its signed tree must extend the last checkpoint
it served and every acknowledged write must be there; then
verify --deep; it prints cycles, writes acknowledged and writes lost.
Package-level benchmarks: go test -bench.`)
	seconds := fs.Duration("duration", 3*time.Second, "how long each measurement runs")
	proofEntries := fs.Int64("proof-entries", 1_000_000, "tree size for the inclusion-proof figure")
	conc := fs.Int("concurrency", 32, "concurrent API clients")
	nIncidents := fs.Int("incidents", 100_000, "incidents to report for the 'incidents' figure")
	dc := deconflictFlags(fs) // bench_deconflict.go
	cf := newCrashFlags(fs)   // bench_crash.go
	if err := parse(fs, env, args); err != nil {
		return err
	}
	what := "all"
	if fs.NArg() > 0 {
		what = fs.Arg(0)
	}
	if what == "deconflict" { // not part of 'all': it builds large traffic
		return runDeconflictBench(ctx, env, dc, *seconds)
	}
	if what == "crash" { // not part of 'all': it runs many node processes
		return runCrashBench(ctx, env, cf, *seconds)
	}
	if what != "all" && what != "ledger" && what != "api" && what != "incidents" {
		return usagef("unknown benchmark %q: want ledger, api, incidents, deconflict, crash or all", what)
	}
	dir, err := os.MkdirTemp("", "truce-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	say := func(format string, a ...any) { fmt.Fprintf(env.Stderr, format+"\n", a...) }
	var results []bench.Result
	if what == "all" || what == "ledger" {
		say("ledger: appends, one fsync per entry (baseline)")
		base, err := bench.Appends(ctx, dir, 64, 1, *seconds, say)
		if err != nil {
			return err
		}
		for _, w := range []int{1, 64, 256} {
			say("ledger: appends with group commit, %d writers", w)
			r, err := bench.Appends(ctx, dir, w, 0, *seconds, say)
			if err != nil {
				return err
			}
			results = append(results, bench.Result{Name: fmt.Sprintf("appends/s, group commit, %d writers, ~1 KB", w), Value: r, Unit: "entries/s",
				Target: "≥ 20,000", Baseline: fmt.Sprintf("%.0f/s one fsync per entry", base)})
		}
		say("ledger: inclusion proofs")
		p, err := bench.Proofs(*proofEntries, *seconds, say)
		if err != nil {
			return err
		}
		results = append(results, bench.Result{Name: fmt.Sprintf("inclusion proofs/s at %d entries", *proofEntries), Value: p, Unit: "proofs/s", Target: "≥ 50,000",
			Baseline: "see go test -bench InclusionProof (SQLite per proof)"})
	}
	if what == "all" || what == "api" {
		rs, err := benchAPI(ctx, dir, *conc, *seconds, say)
		if err != nil {
			return err
		}
		results = append(results, rs...)
	}
	if what == "incidents" {
		rs, err := benchIncidents(ctx, dir, *nIncidents, *conc, *seconds, say)
		if err != nil {
			return err
		}
		results = append(results, rs...)
	}
	bench.PrintTable(env.Stdout, results)
	return nil
}

// benchNode creates a node in dir/name with an admin token, opens it and
// serves it on a loopback port. stop closes it.
func benchNode(ctx context.Context, dir, name string) (a *app.App, base, token string, u *accounts.User, stop func(), err error) {
	node := dir + "/" + name
	if _, err = app.Init(ctx, app.InitOptions{Dir: node, Origin: "bench.truce.invalid/" + name,
		Party: accounts.NewParty{ID: "un", Name: "UN", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "bench password 1"}); err != nil {
		return
	}
	if a, err = app.Open(ctx, &config.Server{Data: node, CheckpointInterval: time.Second}, app.Options{}); err != nil {
		return
	}
	if u, err = a.Accounts.Store().UserByName(ctx, nil, "un-admin"); err != nil {
		a.Close()
		return
	}
	tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "bench", 0, true)
	if err != nil {
		a.Close()
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.Close()
		return
	}
	srv := &http.Server{Handler: a.Handler()}
	go srv.Serve(ln)
	return a, "http://" + ln.Addr().String(), tok.Secret, u, func() { srv.Close(); a.Close() }, nil
}

// benchIncidents reports n incidents through the log and measures an API
// page of 100 of them (one client, as a user paging would), then one
// record and a page with conc clients against a ceiling server
// (bench.IncidentReadFigures).
func benchIncidents(ctx context.Context, dir string, n, conc int, d time.Duration, say func(string, ...any)) ([]bench.Result, error) {
	a, base, token, u, stop, err := benchNode(ctx, dir, "incidents-node")
	if err != nil {
		return nil, err
	}
	defer stop()
	say("incidents: reporting %d incidents through the log", n)
	by := access.Principal{UserID: u.ID, Username: u.Username, Party: "un", Role: access.RoleReporter}
	if err := bench.FillIncidentsReleasable(ctx, a.Incidents, by, n, 42, bench.ReadReleasabilities, bench.Progress(say)); err != nil {
		return nil, err
	}
	say("incidents: paging for %s", d)
	rate, p50, p99, err := bench.APIReads(ctx, base, token, 1, d, bench.IncidentPagePath)
	if err != nil {
		return nil, err
	}
	rs := []bench.Result{{Name: fmt.Sprintf("API incident page of 100 p99, %d incidents", n), Value: float64(p99.Microseconds()) / 1000,
		Unit: "ms", Target: "≤ 20", Baseline: fmt.Sprintf("p50 %.2f ms, %.0f pages/s", float64(p50.Microseconds())/1000, rate)}}
	say("incidents: reads against a ceiling server, %d clients", conc)
	reads, err := bench.IncidentReadFigures(ctx, base, token, conc, d, bench.Progress(say))
	if err != nil {
		return nil, err
	}
	return append(rs, reads...), nil
}

// benchAPI starts a node on a loopback port and measures authenticated
// reads of log entries.
func benchAPI(ctx context.Context, dir string, conc int, d time.Duration, say func(string, ...any)) ([]bench.Result, error) {
	say("api: creating a node with 2,000 entries")
	a, base, token, _, stop, err := benchNode(ctx, dir, "api-node")
	if err != nil {
		return nil, err
	}
	defer stop()
	for i := 0; i < 2000; i += 100 {
		if _, err := bench.Fill(ctx, a.Sequencer, 100); err != nil {
			return nil, err
		}
	}
	if _, err := a.Checkpointer.SignNow(ctx); err != nil {
		return nil, err
	}
	size := a.Hashes.Size()
	say("api: %d clients reading entries for %s", conc, d)
	rate, p50, p99, err := bench.APIReads(ctx, base, token, conc, d, func(r *rand.Rand) string {
		return fmt.Sprintf("/api/v1/log/entries/%d", r.Int64N(size))
	})
	if err != nil {
		return nil, err
	}
	say("api: %.0f req/s, p50 %s, p99 %s", rate, p50, p99)
	hrate, _, _, err := bench.APIReads(ctx, base, token, conc, d, func(*rand.Rand) string { return "/healthz" })
	if err != nil {
		return nil, err
	}
	return []bench.Result{
		{Name: fmt.Sprintf("API entry reads/s, %d clients, loopback", conc), Value: rate, Unit: "req/s", Target: "≥ 5,000", Baseline: fmt.Sprintf("%.0f/s GET /healthz", hrate)},
		{Name: "API entry read p99 latency", Value: float64(p99.Microseconds()) / 1000, Unit: "ms", Target: "", Baseline: fmt.Sprintf("p50 %.2f ms", float64(p50.Microseconds())/1000)},
	}, nil
}

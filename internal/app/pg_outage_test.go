package app_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the test's own connection

	"truce/internal/bench"
)

// readiness polls /readyz until ctx ends and counts the answers that were
// not 200, keeping the first such body.
type readiness struct {
	notReady atomic.Int64
	mu       sync.Mutex
	first    string
}

func (r *readiness) watch(ctx context.Context, base string) {
	c := &http.Client{Timeout: 5 * time.Second}
	for ctx.Err() == nil {
		resp, err := c.Get(base + "/readyz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				r.notReady.Add(1)
				r.mu.Lock()
				if r.first == "" {
					r.first = resp.Status + " " + string(body)
				}
				r.mu.Unlock()
			}
		}
		select {
		case <-ctx.Done():
		case <-time.After(20 * time.Millisecond): // polling interval
		}
	}
}

// TestPostgresOutageUnderLoad runs a node process on PostgreSQL under mixed
// write load, cuts its connections (pg_terminate_backend from a second
// connection) and then restarts the server (pg_ctl restart): the node goes
// on without a restart, every write it acknowledged is there afterwards,
// /readyz reported the outage while it lasted and is ready again, and the
// node's log says what happened.
func TestPostgresOutageUnderLoad(t *testing.T) {
	if os.Getenv("TRUCE_TEST_POSTGRES") == "" {
		t.Skip("TRUCE_TEST_POSTGRES is not set (scripts/postgres.sh prints a DSN); this test then starts a server of its own")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dsn, restart := ownPostgres(t)
	nodeDSN := dsn + "&application_name=truce-outage-node"
	dir := filepath.Join(t.TempDir(), "node")
	tokens, err := bench.SetupNode(ctx, dir, nodeDSN)
	if err != nil {
		t.Fatal(err)
	}
	var nodeLog syncBuffer
	n, err := bench.StartNode(ctx, nodeCommand(bench.ServeArgs(dir, "--db", nodeDSN)...), &nodeLog)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Kill()

	var acks atomic.Int64
	var ackMu sync.Mutex
	var ackTimes []time.Time
	loadCtx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	type outcome struct {
		res bench.LoadResult
		err error
	}
	loadDone := make(chan outcome, 1)
	go func() {
		res, err := bench.MixedLoad(loadCtx, n.Base, tokens, bench.LoadOptions{Writers: 4, Tag: 1, Outage: true,
			OnAck: func(bench.Write) {
				ackMu.Lock()
				ackTimes = append(ackTimes, time.Now())
				ackMu.Unlock()
				acks.Add(1)
			}})
		loadDone <- outcome{res, err}
	}()
	var ready readiness
	go ready.watch(loadCtx, n.Base)
	progress := func(what string) {
		from := acks.Load()
		waitFor(t, time.Minute, what, func() bool { return acks.Load() >= from+100 })
	}
	progress("100 writes before any outage")

	// Cut every connection of the node, from a second connection.
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	var cut int
	err = admin.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'truce-outage-node'`).Scan(&cut)
	admin.Close()
	if err != nil || cut == 0 {
		t.Fatalf("pg_terminate_backend: %v (%d connections cut)", err, cut)
	}
	t.Logf("cut %d connections of the node", cut)
	progress("100 writes after the connections were cut")

	t0 := time.Now()
	restart()
	t.Logf("PostgreSQL restarted (pg_ctl restart -m fast) in %s", time.Since(t0).Round(time.Millisecond))
	progress("100 writes after PostgreSQL restarted")
	ackMu.Lock()
	var gap time.Duration
	for i := 1; i < len(ackTimes); i++ {
		if ackTimes[i].After(t0) {
			gap = max(gap, ackTimes[i].Sub(ackTimes[i-1]))
		}
	}
	ackMu.Unlock()
	t.Logf("longest gap between acknowledged writes across the restart: %s", gap.Round(time.Millisecond))

	stopLoad()
	out := <-loadDone
	if out.err != nil {
		t.Fatalf("load: %v", out.err)
	}
	lost, err := bench.CheckWrites(ctx, n.Base, tokens, out.res.Acked)
	if err != nil {
		t.Fatal(err)
	}
	if len(lost) > 0 {
		t.Fatalf("%d of %d acknowledged writes lost across the outage, e.g. %+v", len(lost), len(out.res.Acked), lost[0])
	}
	t.Logf("%d writes acknowledged, none lost; %d refused during the outage %v", len(out.res.Acked), out.res.Refused, out.res.RefusedStatus)

	for code, k := range out.res.RefusedStatus {
		if code != http.StatusServiceUnavailable {
			t.Errorf("%d writes during the outage answered %d, want 503 database-unavailable", k, code)
		}
	}
	log := nodeLog.String()
	for _, want := range []string{"database unreachable", "database reachable again"} {
		if !strings.Contains(log, want) {
			t.Errorf("the node's log does not say %q", want)
		}
	}
	if ready.notReady.Load() == 0 {
		t.Error("/readyz never reported the outage")
	}
	t.Logf("/readyz during the outage (%d polls not ready): %s", ready.notReady.Load(), ready.first)
	resp, err := http.Get(n.Base + "/readyz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/readyz after recovery: %v %v", err, resp)
	}
	resp.Body.Close()
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "database unreachable") || strings.Contains(line, "database reachable again") {
			t.Logf("node log: %s", line)
		}
	}
}

package split_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/app"
	"truce/internal/cli"
	"truce/internal/federation/split"
	"truce/internal/federation/split/splittest"
	"truce/internal/pgtest"
)

// TestSplitAHostedNodeOnPostgres moves the hosted demo to PostgreSQL
// (truce migrate) and splits it from there with --db: the same nodes, and
// the same statements in each, as from SQLite.
func TestSplitAHostedNodeOnPostgres(t *testing.T) {
	dsn := pgtest.Schema(t) // skips unless TRUCE_TEST_POSTGRES is set
	ctx := context.Background()
	hosted, _ := splittest.HostedDemo(t)
	var stdout, stderr bytes.Buffer
	env := &cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	if code := cli.Main(ctx, env, []string{"migrate", "--from", "sqlite://" + filepath.Join(hosted, app.DBFile), "--to", dsn}); code != 0 {
		t.Fatalf("migrate: exit %d\n%s", code, stderr.String())
	}
	run := func(db string) *split.Summary {
		sum, err := split.Run(ctx, split.Options{Hosted: hosted, DB: db, Out: filepath.Join(t.TempDir(), "nodes"), Origins: origins, AdminPassword: "split-admin-password"})
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	fromSQLite, fromPostgres := run(""), run(dsn)
	if fromPostgres.HostedSize != fromSQLite.HostedSize || len(fromPostgres.Nodes) != len(fromSQLite.Nodes) {
		t.Fatalf("from PostgreSQL: %d entries, %d nodes; from SQLite %d, %d", fromPostgres.HostedSize, len(fromPostgres.Nodes), fromSQLite.HostedSize, len(fromSQLite.Nodes))
	}
	for i, n := range fromPostgres.Nodes {
		s := fromSQLite.Nodes[i]
		if n.Party != s.Party || n.Restated != s.Restated || n.Carried != s.Carried || n.Archived != s.Archived {
			t.Errorf("from PostgreSQL %+v, from SQLite %+v", n, s)
		}
	}
}

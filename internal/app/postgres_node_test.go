package app

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"truce/internal/backup"
	"truce/internal/config"
	"truce/internal/pgtest"
	"truce/internal/store"
)

// copyToPostgres closes n's node and copies its log into a fresh schema of
// the test PostgreSQL server (TRUCE_TEST_POSTGRES; the test is skipped
// without it). It returns n's configuration with DB set to that schema; the
// node stays closed until the caller opens it (reopenOn).
func (n *testNode) copyToPostgres(t *testing.T) config.Server {
	t.Helper()
	pgtest.Need(t)
	ctx := context.Background()
	cfg := *n.app.Config
	if err := n.app.Close(); err != nil {
		t.Fatal(err)
	}
	n.app = nil
	dsn := pgtest.Schema(t)
	src, err := store.OpenSQLite(ctx, filepath.Join(n.dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := store.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if err := backup.Copy(ctx, src, dst, nil); err != nil {
		t.Fatal(err)
	}
	cfg.DB = dsn
	return cfg
}

// reopenOn opens n's node again with cfg and serves it on a new httptest
// server.
func (n *testNode) reopenOn(t *testing.T, cfg config.Server) *App {
	t.Helper()
	a, err := Open(context.Background(), &cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n.app = a
	n.srv.Close()
	n.srv = httptest.NewServer(a.Handler())
	return a
}

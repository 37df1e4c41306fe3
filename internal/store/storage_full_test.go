package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"truce/internal/fault"
)

// sqliteFullError fills a SQLite database capped by max_page_count and
// returns the engine's own error for the write that did not fit.
func sqliteFullError(t *testing.T) error {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	for _, q := range []string{`PRAGMA max_page_count = 8`, `CREATE TABLE t (b BLOB)`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for range 100 {
		if _, err := db.ExecContext(ctx, `INSERT INTO t VALUES (randomblob(2000))`); err != nil {
			return err
		}
	}
	t.Fatal("a database capped at 8 pages took 200 KB")
	return nil
}

func TestIsStorageFull(t *testing.T) {
	full := sqliteFullError(t)
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"sentinel wrapped", fmt.Errorf("incidents: report: %w", ErrStorageFull), true},
		{"SQLITE_FULL from the engine", fmt.Errorf("ledger: commit: %w", full), true},
		{"ENOSPC from a file write", fmt.Errorf("evidence: %w", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}), true},
		{"EDQUOT", &fs.PathError{Op: "write", Path: "x", Err: syscall.EDQUOT}, true},
		{"PostgreSQL disk_full", fmt.Errorf("ledger: commit: %w", &pgconn.PgError{Code: "53100", Message: "could not extend file"}), true},
		{"PostgreSQL unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"EIO", &fs.PathError{Op: "write", Path: "x", Err: syscall.EIO}, false},
		{"not found", fault.ErrNotFound, false},
		{"text only", errors.New("database or disk is full"), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := IsStorageFull(c.err); got != c.want {
				t.Errorf("IsStorageFull(%v) = %v, want %v", c.err, got, c.want)
			}
		})
	}
	if !strings.Contains(full.Error(), "full") {
		t.Errorf("the capped database failed with %v, not a full-disk error", full)
	}
}

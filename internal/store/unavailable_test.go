package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"truce/internal/fault"
)

func TestIsUnavailable(t *testing.T) {
	_, connectErr := pgconn.Connect(context.Background(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"sentinel", fmt.Errorf("x: %w", ErrUnavailable), true},
		{"connect refused", fmt.Errorf("ledger: begin batch: %w", connectErr), true},
		{"bad connection from the pool", fmt.Errorf("store: %w", driver.ErrBadConn), true},
		{"reset mid-query", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, true},
		{"admin_shutdown (pg_terminate_backend)", &pgconn.PgError{Code: "57P01"}, true},
		{"cannot_connect_now (starting up)", &pgconn.PgError{Code: "57P03"}, true},
		{"connection_failure", &pgconn.PgError{Code: "08006"}, true},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"disk full", &pgconn.PgError{Code: "53100"}, false},
		{"not found", fault.ErrNotFound, false},
		{"other", errors.New("boom"), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := IsUnavailable(c.err); got != c.want {
				t.Errorf("IsUnavailable(%v) = %v, want %v", c.err, got, c.want)
			}
		})
	}
}

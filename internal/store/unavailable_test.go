package store

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"truce/internal/fault"
	"truce/internal/testwait"
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

// TestNoteUnavailableLogsAShortOutage checks that an outage a request
// reported is logged even when it ended before the watcher's next ping
// (a PostgreSQL restart shorter than the interval), and its end too.
func TestNoteUnavailableLogsAShortOutage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	db, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	done := make(chan struct{})
	go func() { db.WatchAvailability(ctx, 50*time.Millisecond, log); close(done) }()
	db.NoteUnavailable(fmt.Errorf("request: %w", driver.ErrBadConn))
	testwait.For(t, 10*time.Second, "the outage and its end in the log", func() bool {
		s := buf.String()
		return strings.Contains(s, "database unreachable") && strings.Contains(s, "database reachable again")
	})
	cancel()
	<-done
	var nilDB *DB
	nilDB.NoteUnavailable(driver.ErrBadConn) // ignored
}

// syncBuffer is a bytes.Buffer safe for a logger and a reader at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

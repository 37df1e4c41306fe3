package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrUnavailable is the cause of a request that failed because the
// database did not answer: the PostgreSQL server is down, restarting, or
// cut the connection. The request's write, if any, was not acknowledged;
// the node itself goes on and reconnects by itself once the server is back.
//
// Callers test for it with [IsUnavailable], which also recognises the
// drivers' own errors.
var ErrUnavailable = errors.New("store: database unavailable")

// IsUnavailable reports whether err, anywhere in its chain, says that the
// database could not be reached or went away mid-request: ErrUnavailable,
// a failed connection attempt, a connection refused or reset, a connection
// the pool found broken, or PostgreSQL's connection exceptions (SQLSTATE
// class 08) and shutdown codes (57P01 admin_shutdown, 57P02 crash_shutdown,
// 57P03 cannot_connect_now). The API answers it with a 503 problem.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	switch {
	case errors.Is(err, ErrUnavailable), errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.As(err, &ce):
		return true
	case errors.As(err, &pe):
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	return false
}

// NoteUnavailable tells the availability watcher that a request failed
// because the database did not answer (IsUnavailable(err)), so that an
// outage shorter than the watcher's interval is logged too. It never blocks;
// a nil DB ignores the note.
func (d *DB) NoteUnavailable(err error) {
	if d == nil {
		return
	}
	select {
	case d.outages.channel() <- err:
	default: // a note is already pending
	}
}

// outageNotes carries NoteUnavailable's notes to WatchAvailability.
type outageNotes struct {
	mu sync.Mutex
	ch chan error
}

func (o *outageNotes) channel() chan error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.ch == nil {
		o.ch = make(chan error, 1)
	}
	return o.ch
}

// WatchAvailability pings the database every interval until ctx ends and
// logs each change of state once: a warning when it stops answering (with
// the cause), or when a request reports that it did not (NoteUnavailable),
// and when it answers again, for how long it was away. The requests in
// between fail with errors for which IsUnavailable is true.
func (d *DB) WatchAvailability(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	var downSince time.Time
	down := func(err error) {
		if downSince.IsZero() {
			downSince = time.Now()
			log.WarnContext(ctx, "database unreachable: writes are refused with 503 until it answers again",
				"engine", d.Engine, "database", d.Path, "err", err)
		}
	}
	notes := d.outages.channel()
	for {
		select {
		case <-ctx.Done():
			return
		case err := <-notes:
			down(err)
			continue
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, every+5*time.Second)
		err := d.SQL.PingContext(pctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			down(err)
		case !downSince.IsZero():
			log.InfoContext(ctx, "database reachable again", "engine", d.Engine, "database", d.Path,
				"down_for", time.Since(downSince).Round(time.Millisecond).String())
			downSince = time.Time{}
		}
	}
}

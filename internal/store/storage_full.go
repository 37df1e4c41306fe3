package store

import (
	"errors"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// ErrStorageFull is the cause of a write refused because the node's storage
// has no space left: the SQLite file or its WAL could not grow, a file
// under the data directory could not be written, or the PostgreSQL server
// reported disk_full. Such a write changed nothing (SQLite and PostgreSQL
// roll the transaction back); reads go on, and writes succeed again once
// space is freed, without a restart.
//
// Callers test for it with [IsStorageFull], which also recognises the
// engines' own errors; code that classifies an error may wrap this sentinel
// so that errors.Is finds it.
var ErrStorageFull = errors.New("store: no space left on the node's storage")

// SQLite's primary result code for "database or disk is full" and
// PostgreSQL's SQLSTATE disk_full (class 53, insufficient resources).
const (
	sqliteFull       = 13
	postgresDiskFull = "53100"
)

// IsStorageFull reports whether err, anywhere in its chain, says that the
// storage is full: ErrStorageFull, the operating system's ENOSPC (or EDQUOT,
// a quota reached), SQLite's SQLITE_FULL (with any extended code), or
// PostgreSQL's SQLSTATE 53100. It is the one place that knows how each
// engine says so; the API maps a true result to a 507 problem.
func IsStorageFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrStorageFull) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqliteFull {
		return true
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == postgresDiskFull
}

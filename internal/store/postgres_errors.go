package store

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Causes of a failure to open a PostgreSQL database. Errors from
// [OpenPostgres] wrap at most one of them; test with errors.Is.
var (
	// ErrServerUnreachable: nothing answers at the DSN's host and port.
	ErrServerUnreachable = errors.New("PostgreSQL server unreachable")
	// ErrDatabaseMissing: the server runs but the database does not exist.
	ErrDatabaseMissing = errors.New("database does not exist")
	// ErrAuthentication: the server refused the user or its password.
	ErrAuthentication = errors.New("authentication failed")
	// ErrPermission: the user may not create or use truce's tables.
	ErrPermission = errors.New("permission denied")
	// ErrExtensionMissing: a migration needs an extension the server lacks.
	ErrExtensionMissing = errors.New("extension not available")
	// ErrServerTooOld: truce needs PostgreSQL 15 or newer.
	ErrServerTooOld = errors.New("PostgreSQL 15 or newer required")
)

// classify wraps err, from connecting or migrating, with the cause it shows
// and a hint of what to do, without the DSN's password.
func classify(err error, dsn, doing string) error {
	where := RedactDSN(dsn)
	var pgErr *pgconn.PgError
	var netErr net.Error
	var opErr *net.OpError
	switch {
	case errors.As(err, &pgErr):
		switch {
		case pgErr.Code == "3D000":
			return fmt.Errorf("store: %s: %w: %s (create it with: createdb %s)", where, ErrDatabaseMissing, pgErr.Message, dbName(dsn))
		case pgErr.Code == "28P01" || pgErr.Code == "28000":
			return fmt.Errorf("store: %s: %w: %s", where, ErrAuthentication, pgErr.Message)
		case pgErr.Code == "42501":
			return fmt.Errorf("store: %s: %s: %w: %s (grant the user CREATE on the database's schema, or run truce as its owner)", where, doing, ErrPermission, pgErr.Message)
		case pgErr.Code == "58P01" || pgErr.Code == "0A000" && strings.Contains(pgErr.Message, "extension"):
			return fmt.Errorf("store: %s: %s: %w: %s (install the extension's package on the server)", where, doing, ErrExtensionMissing, pgErr.Message)
		}
		return fmt.Errorf("store: %s: %s: %w", where, doing, redactErr(err, dsn))
	case errors.As(err, &opErr), errors.As(err, &netErr), isConnectRefused(err):
		return fmt.Errorf("store: %s: %w: %w (is the server running and listening there?)", where, ErrServerUnreachable, redactErr(err, dsn))
	}
	return fmt.Errorf("store: %s: %s: %w", where, doing, redactErr(err, dsn))
}

func isConnectRefused(err error) bool {
	var ce *pgconn.ConnectError
	if !errors.As(err, &ce) {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "connection refused") || strings.Contains(s, "no such host") || strings.Contains(s, "timeout")
}

// redactErr returns err, or an error with the same text less dsn's
// password if the text holds it.
func redactErr(err error, dsn string) error {
	pw := dsnPassword(dsn)
	if pw == "" || !strings.Contains(err.Error(), pw) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), pw, "xxxxx"))
}

func dsnPassword(dsn string) string {
	i := strings.Index(dsn, "://")
	at := strings.LastIndex(dsn, "@")
	if i < 0 || at < i {
		return ""
	}
	_, pw, ok := strings.Cut(dsn[i+3:at], ":")
	if !ok {
		return ""
	}
	return pw
}

func dbName(dsn string) string {
	rest := dsn[strings.Index(dsn, "://")+3:]
	if _, after, ok := strings.Cut(rest, "/"); ok {
		name, _, _ := strings.Cut(after, "?")
		if name != "" {
			return name
		}
	}
	return "DBNAME"
}

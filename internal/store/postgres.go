package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations_postgres/*.sql
var migrationsPostgres embed.FS

// Engine names a database engine.
type Engine string

// The engines truce runs on.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// IsPostgresDSN reports whether dsn names a PostgreSQL database
// (postgres:// or postgresql://).
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database that dsn names: a postgres:// or postgresql:// URL
// opens PostgreSQL (see [OpenPostgres]); sqlite://PATH, file:PATH or a plain
// path opens SQLite (see [OpenSQLite]). Migrations are applied either way.
func Open(ctx context.Context, dsn string) (*DB, error) {
	switch {
	case IsPostgresDSN(dsn):
		return OpenPostgres(ctx, dsn)
	case strings.HasPrefix(dsn, "sqlite://"):
		return OpenSQLite(ctx, strings.TrimPrefix(dsn, "sqlite://"))
	case strings.HasPrefix(dsn, "file:"):
		return OpenSQLite(ctx, strings.TrimPrefix(dsn, "file:"))
	case strings.Contains(dsn, "://"):
		return nil, fmt.Errorf("store: %q: unknown engine; use postgres://… or sqlite://PATH", RedactDSN(dsn))
	default:
		return OpenSQLite(ctx, dsn)
	}
}

// OpenPostgres connects to the PostgreSQL (15 or newer) database that dsn
// names, checks it is reachable, and applies pending migrations under an
// advisory lock so that processes starting together migrate once.
//
// Errors name what is missing and wrap one of ErrServerUnreachable,
// ErrDatabaseMissing, ErrAuthentication, ErrPermission, ErrExtensionMissing
// or ErrServerTooOld when that is the cause, so callers can tell them apart
// with errors.Is. The password in dsn never appears in an error.
//
// The log tables, the advisory lock and the notification channel are scoped
// to the connection's current schema (search_path), so several nodes (or
// tests) can share one database in separate schemas.
func OpenPostgres(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: postgres DSN %s: %w", RedactDSN(dsn), redactErr(err, dsn))
	}
	db := stdlib.OpenDB(*cfg, stdlib.OptionAfterConnect(func(ctx context.Context, c *pgx.Conn) error {
		registerBoolAsInt(c.TypeMap())
		return nil
	}))
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	d := &DB{SQL: db, Path: RedactDSN(dsn), Engine: Postgres, dsn: dsn}
	if err := d.openPostgres(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return d, nil
}

func (d *DB) openPostgres(ctx context.Context) error {
	var version int
	var database, schema string
	err := d.SQL.QueryRowContext(ctx, `SELECT current_setting('server_version_num')::int, current_database(), coalesce(current_schema(), '')`).
		Scan(&version, &database, &schema)
	if err != nil {
		return classify(err, d.dsn, "connect")
	}
	if version < 150000 {
		return fmt.Errorf("store: %s: PostgreSQL %d.%d is too old: %w", d.Path, version/10000, version%10000, ErrServerTooOld)
	}
	if schema == "" {
		return fmt.Errorf("store: %s: no schema on the search_path exists: %w (create it or set search_path)", d.Path, ErrPermission)
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "truce log %s.%s", database, schema)
	d.lockKey = int64(h.Sum64() &^ (1 << 63))
	d.channel = fmt.Sprintf("truce_log_%x", h.Sum64())
	if err := d.migrate(ctx); err != nil {
		return classify(err, d.dsn, "migrate")
	}
	return nil
}

// migrationLock serialises migrations by processes starting together; it
// is taken for the duration of one transaction.
func (d *DB) migrationLock(ctx context.Context, tx *sql.Tx) error {
	if d.Engine != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, d.lockKey^0x5a5a)
	return err
}

// RedactDSN returns dsn with its password replaced by "xxxxx", for messages.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// registerBoolAsInt lets the store bind Go booleans to INTEGER columns, as
// SQLite does, so that one SQL text serves both engines: true is 1, false 0.
func registerBoolAsInt(m *pgtype.Map) {
	for _, oid := range []uint32{pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID} {
		t, ok := m.TypeForOID(oid)
		if !ok {
			continue
		}
		m.RegisterType(&pgtype.Type{Name: t.Name, OID: t.OID, Codec: boolAsIntCodec{t.Codec}})
	}
}

type boolAsIntCodec struct{ pgtype.Codec }

func (c boolAsIntCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	if _, ok := value.(bool); ok {
		if next := m.PlanEncode(oid, format, int64(0)); next != nil {
			return boolAsIntPlan{next}
		}
		return nil
	}
	return c.Codec.PlanEncode(m, oid, format, value)
}

type boolAsIntPlan struct{ next pgtype.EncodePlan }

func (p boolAsIntPlan) Encode(value any, buf []byte) ([]byte, error) {
	var n int64
	if value.(bool) {
		n = 1
	}
	return p.next.Encode(n, buf)
}

package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"truce/internal/fault"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open truce database, on SQLite or PostgreSQL.
type DB struct {
	SQL *sql.DB
	// Path is the SQLite file, or the PostgreSQL DSN without its password.
	Path string
	// Engine is the database engine.
	Engine Engine

	dsn     string // PostgreSQL: the DSN as given
	lockKey int64  // PostgreSQL: advisory lock key of this log
	// SQLite: the background WAL checkpointer.
	stopCheckpoints, checkpointsDone chan struct{}
	channel                          string // PostgreSQL: NOTIFY channel of this log
	// incidentIdx is the in-memory index of incident listings
	// (incidents_index*.go).
	incidentIdx incidentIndex
	// reads caches full incidents and histories for the read paths
	// (read_cache.go).
	reads readCache
	// guard is the tree entry reads are checked against (entry_check.go).
	guard guardSlot
	// outages are requests' reports of a database that did not answer
	// (unavailable.go).
	outages outageNotes
	// origin is this node's own log origin, the label of own records
	// (origin_label.go).
	origin string
	// cites is what citations need (mirror_cite.go).
	cites citeState
}

// OpenSQLite opens (creating if needed) the SQLite database at path, in WAL
// mode with synchronous=FULL so that a committed transaction survives a
// crash and power loss, and applies pending migrations.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	q := url.Values{}
	// wal_autocheckpoint(0): the WAL is checkpointed by a background
	// goroutine (checkpointWAL), not inside the sequencer's commits.
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)", "foreign_keys(ON)", "recursive_triggers(ON)", "wal_autocheckpoint(0)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+abs+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	d := &DB{SQL: db, Path: abs, Engine: SQLite}
	if err := d.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w (does its directory exist, and may truce write there?)", abs, err)
	}
	d.stopCheckpoints = make(chan struct{})
	d.checkpointsDone = make(chan struct{})
	go d.checkpointWAL()
	return d, nil
}

// checkpointWAL copies the SQLite WAL into the database file every 200 ms
// (PASSIVE: it never blocks the writer), so that commits only append to the
// WAL and the WAL stays small.
func (d *DB) checkpointWAL() {
	defer close(d.checkpointsDone)
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-d.stopCheckpoints:
			return
		case <-t.C:
			d.SQL.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// Close closes the database.
func (d *DB) Close() error {
	d.incidentIdx.close(d)
	if d.stopCheckpoints != nil {
		close(d.stopCheckpoints)
		<-d.checkpointsDone
		d.SQL.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return d.SQL.Close()
}

// migrationFiles returns the migrations of d's engine, in order, as
// (name, path in the embedded FS).
func (d *DB) migrationFiles() (fs.FS, []string, error) {
	fsys, dir := fs.FS(migrations), "migrations"
	if d.Engine == Postgres {
		fsys, dir = migrationsPostgres, "migrations_postgres"
	}
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(names)
	return fsys, names, nil
}

// migrate applies pending migrations, each in its own transaction. On
// PostgreSQL each transaction first takes an advisory lock, so that
// processes starting together apply each migration once.
func (d *DB) migrate(ctx context.Context) error {
	fsys, names, err := d.migrationFiles()
	if err != nil {
		return err
	}
	if err := d.migrateOne(ctx, "", nil); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	for _, name := range names {
		base := path.Base(name)
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		if err := d.migrateOne(ctx, base, body); err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
	}
	return nil
}

// migrateOne applies migration name unless applied already; with name ""
// it creates the table of applied migrations.
func (d *DB) migrateOne(ctx context.Context, name string, body []byte) error {
	tx, err := d.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := d.migrationLock(ctx, tx); err != nil {
		return err
	}
	if name == "" {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
			return err
		}
		return tx.Commit()
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = $1`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, name); err != nil {
		return err
	}
	return tx.Commit()
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: %w", fault.ErrNotFound)
	}
	return err
}

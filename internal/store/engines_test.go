package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/ledger"
)

// The store suite runs on every engine: SQLite always, PostgreSQL when
// TRUCE_TEST_POSTGRES holds a DSN (scripts/postgres.sh starts a throw-away
// server and prints one). Each PostgreSQL test gets a fresh schema of that
// database, dropped afterwards.

// testEngine is one engine the suite runs on.
type testEngine struct {
	name string
	// open returns a fresh, migrated, empty database, closed at cleanup.
	open func(t testing.TB) *DB
}

// testEngines returns SQLite and, when configured, PostgreSQL.
func testEngines() []testEngine {
	es := []testEngine{{"sqlite", func(t testing.TB) *DB {
		t.Helper()
		db, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "truce.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}}}
	if testPostgresDSN() != "" {
		es = append(es, testEngine{"postgres", func(t testing.TB) *DB {
			t.Helper()
			db, err := OpenPostgres(context.Background(), newTestSchema(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}})
	}
	return es
}

// forEachEngine runs fn as a subtest on every engine.
func forEachEngine(t *testing.T, fn func(t *testing.T, open func(t testing.TB) *DB)) {
	for _, e := range testEngines() {
		t.Run(e.name, func(t *testing.T) { fn(t, e.open) })
	}
}

func testPostgresDSN() string { return os.Getenv("TRUCE_TEST_POSTGRES") }

// needPostgres skips t unless TRUCE_TEST_POSTGRES is set.
func needPostgres(t testing.TB) {
	t.Helper()
	if testPostgresDSN() == "" {
		t.Skip("TRUCE_TEST_POSTGRES is not set (scripts/postgres.sh prints a DSN)")
	}
}

// newTestSchema creates an empty schema in the test database, dropped at
// cleanup, and returns a DSN whose search_path is that schema.
func newTestSchema(t testing.TB) string {
	t.Helper()
	dsn := testPostgresDSN()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}

// openSequencer starts a sequencer on db (single process) with the tree
// loaded from it.
func openSequencer(t testing.TB, db *DB) (*ledger.HashStore, *ledger.Sequencer) {
	t.Helper()
	hs := loadHashStore(t, db)
	seq := ledger.NewSequencer(db, hs, ledger.SequencerOptions{})
	t.Cleanup(seq.Close)
	return hs, seq
}

func loadHashStore(t testing.TB, db *DB) *ledger.HashStore {
	t.Helper()
	c, h, err := db.LoadTree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(c, h)
	if err != nil {
		t.Fatal(err)
	}
	return hs
}

package store

import (
	"context"
	"path/filepath"
	"testing"

	"truce/internal/ledger"
	"truce/internal/pgtest"
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
	if pgtest.DSN() != "" {
		es = append(es, testEngine{"postgres", func(t testing.TB) *DB {
			t.Helper()
			db, err := OpenPostgres(context.Background(), pgtest.Schema(t))
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

package store

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

// TestMigrationsHavePostgresCounterparts fails when a SQLite migration has
// no PostgreSQL migration of the same name (migrations/NNNN_x.sql needs
// migrations_postgres/NNNN_x.sql; an engine-specific NNNN_x_sqlite.sql needs
// NNNN_x_postgres.sql), or the other way round, so that a new domain cannot
// forget the second engine.
func TestMigrationsHavePostgresCounterparts(t *testing.T) {
	list := func(fsys fs.FS, dir string) map[string]bool {
		names, err := fs.Glob(fsys, dir+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, n := range names {
			out[path.Base(n)] = true
		}
		return out
	}
	lite := list(migrations, "migrations")
	pg := list(migrationsPostgres, "migrations_postgres")
	counterpart := func(name, from, to string) string {
		if base, ok := strings.CutSuffix(name, "_"+from+".sql"); ok {
			return base + "_" + to + ".sql"
		}
		return name
	}
	for name := range lite {
		if want := counterpart(name, "sqlite", "postgres"); !pg[want] {
			t.Errorf("migrations/%s has no PostgreSQL counterpart: add migrations_postgres/%s", name, want)
		}
	}
	for name := range pg {
		if want := counterpart(name, "postgres", "sqlite"); !lite[want] {
			t.Errorf("migrations_postgres/%s has no SQLite counterpart migrations/%s", name, want)
		}
	}
}

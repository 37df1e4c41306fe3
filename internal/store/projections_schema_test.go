package store

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
)

// foreignKeyTargets returns the tables that table's foreign keys refer to.
func foreignKeyTargets(t *testing.T, db *DB, table string) []string {
	t.Helper()
	query := `SELECT "table" FROM pragma_foreign_key_list($1)`
	if db.Engine == Postgres {
		query = `SELECT c.confrelid::regclass::text FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid = $1::regclass`
	}
	rows, err := db.SQL.QueryContext(context.Background(), query, table)
	if err != nil {
		t.Fatalf("foreign keys of %s: %v", table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// schemaTables returns the names of db's tables.
func schemaTables(t *testing.T, db *DB) []string {
	t.Helper()
	query := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if db.Engine == Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.SQL.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestProjectionTablesForeignKeyOrder checks on every engine that each
// projection table exists and that its foreign keys refer only to itself or
// to projection tables listed before it, as the projection table promises.
func TestProjectionTablesForeignKeyOrder(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		tables := ProjectionTables()
		have := schemaTables(t, db)
		for i, table := range tables {
			if !slices.Contains(have, table) {
				t.Errorf("projection table %s is not in the schema", table)
				continue
			}
			for _, ref := range foreignKeyTargets(t, db, table) {
				if ref != table && !slices.Contains(tables[:i], ref) {
					t.Errorf("projection table %s refers to %s, which is not a projection table listed before it (order %v)", table, ref, tables)
				}
			}
		}
	})
}

// derivedNotProjected are the tables, other than the log's (log_), the
// node-local ones (local_) and the projection tables, that a schema holds:
// the migrations' record and what the projection tables' triggers or the
// zone attribution derive from them.
func derivedNotProjected(table string) bool {
	switch {
	case table == "schema_migrations", table == "zone_generation", table == "incidents_search":
		return true
	case strings.HasPrefix(table, "incidents_rtree"), strings.HasPrefix(table, "incidents_fts"):
		return true // SQLite's R*Tree and FTS5 indexes and their shadow tables
	}
	return false
}

// TestSchemaTablesClassified checks on every engine that every table of the
// schema is the log's, node-local, derived, or a projection table, so that a
// table a migration adds for a projection cannot be left out of
// ProjectionTables (and so out of replay checks and copies).
func TestSchemaTablesClassified(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		tables := ProjectionTables()
		for _, table := range schemaTables(t, db) {
			if strings.HasPrefix(table, "log_") || strings.HasPrefix(table, "local_") || derivedNotProjected(table) || slices.Contains(tables, table) {
				continue
			}
			t.Errorf("table %s is neither the log's, node-local, derived, nor in the projection table", table)
		}
	})
}

// TestReadmeListsProjectionTables checks that the README's table of
// domains and their projection tables names the same tables, in the same
// order, as the projection table.
func TestReadmeListsProjectionTables(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "| domain | projection tables | entry kinds |\n| --- | --- | --- |\n")
	if !ok {
		t.Fatal("README has no table of domains and their projection tables")
	}
	rows, _, _ := strings.Cut(rest, "\n\n")
	var domains, tables []string
	for _, row := range strings.Split(rows, "\n") {
		cols := strings.Split(row, " | ")
		if len(cols) < 3 {
			t.Fatalf("README row %q has fewer than three columns", row)
		}
		domains = append(domains, strings.TrimPrefix(cols[0], "| "))
		if cols[1] == "—" { // a domain whose kinds are all kept in the log only
			continue
		}
		for _, name := range strings.Split(cols[1], ", ") {
			tables = append(tables, strings.Trim(name, "`"))
		}
	}
	var want []string
	for _, d := range projections {
		want = append(want, d.domain)
	}
	if !slices.Equal(domains, want) {
		t.Errorf("README lists domains %v, the projection table %v", domains, want)
	}
	if !slices.Equal(tables, ProjectionTables()) {
		t.Errorf("README lists tables %v, the projection table %v", tables, ProjectionTables())
	}
}

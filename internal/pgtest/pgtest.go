// Package pgtest gives tests a throw-away PostgreSQL schema on the server
// named by TRUCE_TEST_POSTGRES (scripts/postgres.sh starts one and prints
// its DSN). It is test support only: the one helper the store, follow and
// app suites share, so that each runs on PostgreSQL the same way.
package pgtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvVar is the environment variable that holds the test server's DSN.
const EnvVar = "TRUCE_TEST_POSTGRES"

// DSN returns the test server's DSN, or "" when TRUCE_TEST_POSTGRES is not
// set.
func DSN() string { return os.Getenv(EnvVar) }

// Need skips t unless TRUCE_TEST_POSTGRES is set, and returns its DSN.
func Need(t testing.TB) string {
	t.Helper()
	dsn := DSN()
	if dsn == "" {
		t.Skip(EnvVar + " is not set (scripts/postgres.sh starts a throw-away server and prints a DSN)")
	}
	return dsn
}

// Schema creates an empty schema with a random name on the test server,
// dropped (with everything in it) when t ends, and returns a DSN whose
// search_path is that schema. It skips t unless TRUCE_TEST_POSTGRES is set,
// and fails t if the schema cannot be created.
func Schema(t testing.TB) string {
	t.Helper()
	dsn := Need(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("pgtest: open %s: %v", EnvVar, err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		admin.Close()
		t.Fatalf("pgtest: schema name: %v", err)
	}
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("pgtest: create test schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	return WithSearchPath(dsn, schema)
}

// WithSearchPath returns dsn (a URL DSN, with or without a query) with its
// search_path set to schema.
func WithSearchPath(dsn, schema string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + schema
}

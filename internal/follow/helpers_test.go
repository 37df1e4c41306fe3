package follow

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/ledger"
	"truce/internal/store"
)

// needPostgres skips t unless TRUCE_TEST_POSTGRES is set, and returns its
// DSN.
func needPostgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("TRUCE_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("TRUCE_TEST_POSTGRES is not set (scripts/postgres.sh prints a DSN)")
	}
	return dsn
}

// newTestSchema creates an empty schema in the test database, dropped at
// cleanup, and returns a DSN whose search_path is that schema.
func newTestSchema(t testing.TB) string {
	t.Helper()
	dsn := needPostgres(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "f_" + hex.EncodeToString(b)
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

// loadHashStore returns db's tree.
func loadHashStore(t testing.TB, db *store.DB) *ledger.HashStore {
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

// testEvent returns a small change about subject.
func testEvent(subject string) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "us", Kind: "test.event", Subject: subject,
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"us", "ru"}}, Payload: map[string]string{"s": subject}}}
}

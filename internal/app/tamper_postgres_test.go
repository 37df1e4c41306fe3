package app

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestIntegrityOnPostgres runs the integrity checks of a node on
// PostgreSQL: a clean store passes the background check (its projections
// replayed into a scratch schema match); a projection row altered while
// the node runs is found by the next check, which halts writes and fails
// /readyz; and an entry row whose tlp/audience columns were set to CLEAR
// is refused on read, to the public too.
func TestIntegrityOnPostgres(t *testing.T) {
	ctx := context.Background()
	n := newTestNode(t)
	cfg := n.copyToPostgres(t)
	a := n.reopenOn(t, cfg)
	eventually(t, "the first background check", func() bool { return a.Integrity.Checks() > 0 })
	if err := a.Integrity.Err(); err != nil {
		t.Fatalf("clean store on PostgreSQL: %v", err)
	}

	if _, err := a.DB.SQL.Exec(`UPDATE users SET role = 'admin' WHERE username = 'ru-observer'`); err != nil {
		t.Fatal(err)
	}
	if err := a.Integrity.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.Integrity.Err(); err == nil || !strings.Contains(err.Error(), "projection table users") {
		t.Fatalf("check after a projection row was altered: %v", err)
	}
	if code, body, _ := n.do("GET", "/readyz", "", nil); code != 503 || !strings.Contains(string(body), "store integrity check failed") {
		t.Fatalf("readyz after the check: %d %s", code, body)
	}
	code, body, _ := n.do("POST", "/api/v1/users", "us-admin", map[string]any{"username": "us-new", "party": "us", "role": "observer", "password": "password-us-new"})
	if code != 503 || !strings.Contains(string(body), "writes-halted") {
		t.Fatalf("write after the check: %d %s", code, body)
	}

	var seq int64
	if err := a.DB.SQL.QueryRow(`SELECT seq FROM log_entries WHERE kind = 'user.created' AND tlp <> 'CLEAR' ORDER BY seq LIMIT 1`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP TRIGGER log_entries_no_update ON log_entries`,
		fmt.Sprintf(`UPDATE log_entries SET tlp = 'CLEAR', audience = '' WHERE seq = %d`, seq),
	} {
		if _, err := a.DB.SQL.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	code, body, _ = n.do("GET", fmt.Sprintf("/api/v1/log/entries/%d", seq), "", nil)
	if code != 500 || !strings.Contains(string(body), "store-integrity") {
		t.Fatalf("public GET of entry %d with its tlp column set to CLEAR: %d %s", seq, code, body)
	}
}

package app

import (
	"context"
	"database/sql"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"truce/internal/config"
	"truce/internal/store"
	"truce/internal/verify"
)

// TestDeepVerifyDetectsTampering alters the SQLite file behind the node's
// back, as someone with access to the disk could, and checks that
// verify.Deep reports each kind of alteration, and that a clean store passes.
func TestDeepVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name   string
		sql    []string
		report string // a fragment of the expected problem
	}{
		{"clean", nil, ""},
		{"entry row", []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET canonical = replace(canonical, 'un-observer', 'un-observe2') WHERE kind = 'user.created' AND CAST(canonical AS TEXT) LIKE '%un-observer%'`,
		}, "do not hash to its commitment"},
		{"tlp and audience columns", []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET tlp = 'CLEAR', audience = '' WHERE kind = 'user.created' AND tlp <> 'CLEAR' AND CAST(canonical AS TEXT) LIKE '%un-observer%'`,
		}, "its tlp column is \"CLEAR\""},
		{"audience column", []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET audience = ',us,ru,un,' WHERE kind = 'user.created' AND CAST(canonical AS TEXT) LIKE '%un-observer%'`,
		}, "its audience column is"},
		{"projection row", []string{
			`UPDATE users SET role = 'admin' WHERE username = 'ru-observer'`,
		}, "table users has a row the log does not give"},
		{"hash row", []string{
			`DROP TRIGGER log_hashes_no_update`,
			`UPDATE log_hashes SET hash = zeroblob(32) WHERE idx = 3`,
		}, "stored tree hash 3"},
		{"removed entries", []string{
			`DROP TRIGGER log_entries_no_delete`,
			`DELETE FROM log_entries WHERE seq >= (SELECT max(seq) - 1 FROM log_entries)`,
		}, "entries were removed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newTestNode(t)
			n.srv.Close()
			n.app.Close()
			n.app = nil
			path := filepath.Join(n.dir, DBFile)
			raw, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range tc.sql {
				res, err := raw.Exec(q)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if k, _ := res.RowsAffected(); k == 0 && strings.HasPrefix(q, "UPDATE") {
					t.Fatalf("%s changed nothing", q)
				}
			}
			raw.Close()
			ctx := context.Background()
			db, err := store.OpenSQLite(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			keys, err := LoadNodeKeys(n.dir)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := verify.Deep(ctx, db, keys.Verifier, t.TempDir(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.report == "" {
				if !rep.OK() {
					t.Fatalf("clean store reported problems: %v", rep.Problems)
				}
				return
			}
			var all []string
			for _, p := range rep.Problems {
				all = append(all, p.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.report) {
				t.Fatalf("tampering not reported as %q; problems: %v", tc.report, all)
			}
		})
	}
}

// TestOpenRefusesATreeThatContradictsItsCheckpoint shows that a node does
// not start on a store whose tree hashes were altered, nor on one whose
// last entry row (whose time it reads at start) was.
func TestOpenRefusesATreeThatContradictsItsCheckpoint(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  []string
	}{
		{"tree hash", []string{`DROP TRIGGER log_hashes_no_update`, `UPDATE log_hashes SET hash = zeroblob(32) WHERE idx = 0`}},
		{"last entry's tlp", []string{`DROP TRIGGER log_entries_no_update`, `UPDATE log_entries SET tlp = 'CLEAR', audience = '' WHERE seq = (SELECT max(seq) FROM log_entries)`}},
	} {
		t.Run(tc.name, func(t *testing.T) { openAltered(t, tc.sql) })
	}
}

// openAltered runs the statements alter on the store of a stopped test
// node and checks that Open refuses it.
func openAltered(t *testing.T, alter []string) {
	t.Helper()
	n := newTestNode(t)
	n.srv.Close()
	n.app.Close()
	n.app = nil
	raw, err := sql.Open("sqlite", filepath.Join(n.dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range alter {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	_, err = Open(context.Background(), &config.Server{Data: n.dir}, Options{})
	if err == nil || !strings.Contains(err.Error(), "refusing to start") {
		t.Fatalf("Open on an altered store: err = %v, want a refusal", err)
	}
}

// TestServeDetectsTampering alters the store of a stopped node, starts the
// node again on it and checks that the running node catches each
// alteration: an altered entry row is refused when read (a problem, not the
// entry), the background check fails /readyz, writes are refused with a
// problem, and every party gets a store_integrity alert. A clean store
// passes the background check and keeps taking writes.
func TestServeDetectsTampering(t *testing.T) {
	const target = `kind = 'user.created' AND CAST(canonical AS TEXT) LIKE '%"un-observer"%'`
	cases := []struct {
		name string
		sql  []string
		// readRefused: reading the altered entry (GET
		// /api/v1/log/entries/{seq}) is refused.
		readRefused bool
	}{
		{"clean", nil, false},
		{"canonical bytes", []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET canonical = replace(canonical, 'un-observer', 'un-observe2') WHERE ` + target,
		}, true},
		{"tlp and audience columns", []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET tlp = 'CLEAR', audience = '' WHERE tlp <> 'CLEAR' AND ` + target,
		}, true},
		{"projection row", []string{
			`UPDATE users SET role = 'admin' WHERE username = 'ru-observer'`,
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newTestNode(t)
			n.srv.Close()
			n.app.Close()
			n.app = nil
			raw, err := sql.Open("sqlite", filepath.Join(n.dir, DBFile))
			if err != nil {
				t.Fatal(err)
			}
			var seq int64
			if err := raw.QueryRow(`SELECT seq FROM log_entries WHERE ` + target).Scan(&seq); err != nil {
				t.Fatal(err)
			}
			for _, q := range tc.sql {
				res, err := raw.Exec(q)
				if err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				if k, _ := res.RowsAffected(); k == 0 && strings.HasPrefix(q, "UPDATE") {
					t.Fatalf("%s changed nothing", q)
				}
			}
			raw.Close()
			a, err := Open(context.Background(), &config.Server{Data: n.dir}, Options{})
			if err != nil {
				t.Fatalf("Open on an altered store: %v", err)
			}
			n.app = a
			n.srv = httptest.NewServer(a.Handler())

			if tc.readRefused {
				code, body, _ := n.do("GET", fmt.Sprintf("/api/v1/log/entries/%d", seq), "un-admin", nil)
				if code != 500 || !strings.Contains(string(body), "store-integrity") || strings.Contains(string(body), "un-observe") {
					t.Fatalf("GET altered entry %d: %d %s, want a 500 store-integrity problem without the entry", seq, code, body)
				}
			}
			if tc.sql == nil {
				eventually(t, "a clean background check", func() bool { return a.Integrity.Checks() > 0 })
				if code, body, _ := n.do("GET", "/readyz", "", nil); code != 200 {
					t.Fatalf("readyz on a clean store: %d %s", code, body)
				}
				if code, body, _ := n.do("POST", "/api/v1/users", "us-admin", map[string]any{"username": "us-new", "party": "us", "role": "observer", "password": "password-us-new"}); code != 201 {
					t.Fatalf("write on a clean store: %d %s", code, body)
				}
				return
			}
			eventually(t, "/readyz to fail", func() bool {
				code, _, _ := n.do("GET", "/readyz", "", nil)
				return code == 503
			})
			if _, body, _ := n.do("GET", "/readyz", "", nil); !strings.Contains(string(body), "store integrity check failed") {
				t.Fatalf("readyz does not say why: %s", body)
			}
			code, body, _ := n.do("POST", "/api/v1/users", "us-admin", map[string]any{"username": "us-new", "party": "us", "role": "observer", "password": "password-us-new"})
			if code != 503 || !strings.Contains(string(body), "writes-halted") || !strings.Contains(string(body), "verify --deep") {
				t.Fatalf("write on an altered store: %d %s, want a 503 writes-halted problem", code, body)
			}
			for _, party := range []string{"us", "ru", "un"} {
				eventually(t, "the integrity alert for "+party, func() bool {
					code, body, _ := n.do("GET", "/api/v1/alerts?kind=store_integrity", party+"-observer", nil)
					return code == 200 && strings.Contains(string(body), `"store_integrity"`)
				})
			}
		})
	}
}

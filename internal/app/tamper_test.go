package app

import (
	"context"
	"database/sql"
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
		}, "does not match SHA-256 of its bytes"},
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
// not start on a store whose tree hashes were altered.
func TestOpenRefusesATreeThatContradictsItsCheckpoint(t *testing.T) {
	n := newTestNode(t)
	n.srv.Close()
	n.app.Close()
	n.app = nil
	raw, err := sql.Open("sqlite", filepath.Join(n.dir, DBFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER log_hashes_no_update`, `UPDATE log_hashes SET hash = zeroblob(32) WHERE idx = 0`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	_, err = Open(context.Background(), &config.Server{Data: n.dir}, Options{})
	if err == nil || !strings.Contains(err.Error(), "refusing to start") {
		t.Fatalf("Open on a tampered tree: err = %v, want a refusal", err)
	}
}

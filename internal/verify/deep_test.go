package verify_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"

	"truce/internal/verify"
)

// TestDeep checks Deep's contract on a clean store and on each kind of
// alteration someone with access to the disk could make: an entry's
// canonical bytes, the columns copied from it, a projection row, a stored
// tree hash, removed entries, and a checkpoint checked with another key.
func TestDeep(t *testing.T) {
	tests := []struct {
		name  string
		sql   []string
		other bool   // check with a verifier of another key
		what  string // the expected Problem's What ("" for a clean report)
		frag  string // a fragment of its Detail
		where string // a fragment of its Where, if set
	}{
		{name: "clean"},
		{name: "entry bytes", sql: []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET canonical = replace(canonical, 'ru-observer', 'ru-observe2') WHERE kind = 'user.created' AND CAST(canonical AS TEXT) LIKE '%ru-observer%'`,
		}, what: "entry", frag: "do not hash to its commitment"},
		{name: "tlp column", sql: []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET tlp = 'CLEAR', audience = '' WHERE kind = 'user.created' AND CAST(canonical AS TEXT) LIKE '%ru-observer%'`,
		}, what: "entry", frag: `its tlp column is "CLEAR"`},
		{name: "audience column", sql: []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET audience = ',us,ru,' WHERE kind = 'user.created' AND CAST(canonical AS TEXT) LIKE '%ru-observer%'`,
		}, what: "entry", frag: "its audience column is"},
		{name: "kind column", sql: []string{
			`DROP TRIGGER log_entries_no_update`,
			`UPDATE log_entries SET kind = 'user.disabled' WHERE kind = 'user.created' AND CAST(canonical AS TEXT) LIKE '%ru-observer%'`,
		}, what: "entry", frag: "the entry row was altered"},
		{name: "projection row", sql: []string{
			`UPDATE users SET role = 'admin' WHERE username = 'ru-observer'`,
		}, what: "projection", frag: "table users has a row the log does not give", where: "projection table users"},
		{name: "projection row added", sql: []string{
			`INSERT INTO parties (id, name, kind, co_chair, created, seq) SELECT 'zz', name, kind, co_chair, created, seq FROM parties WHERE id = 'ru'`,
		}, what: "projection", frag: "table parties has a row the log does not give", where: "projection table parties"},
		{name: "hash row", sql: []string{
			`DROP TRIGGER log_hashes_no_update`,
			`UPDATE log_hashes SET hash = zeroblob(32) WHERE idx = 3`,
		}, what: "hash", frag: "stored tree hash 3"},
		{name: "removed entries", sql: []string{
			`DROP TRIGGER log_entries_no_delete`,
			`DELETE FROM log_entries WHERE seq >= (SELECT max(seq) - 1 FROM log_entries)`,
		}, what: "checkpoint", frag: "entries were removed"},
		{name: "entry missing in the middle", sql: []string{
			`DROP TRIGGER log_entries_no_delete`,
			`DELETE FROM log_entries WHERE seq = 2`,
		}, what: "entry", frag: "entry 2 is missing"},
		{name: "another key", other: true, what: "checkpoint", frag: "does not verify"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := newTestLog(t)
			l.alter(t, tc.sql)
			verifier := l.verifier
			if tc.other {
				_, vkey, err := note.GenerateKey(nil, testOrigin)
				if err != nil {
					t.Fatal(err)
				}
				if verifier, err = note.NewVerifier(vkey); err != nil {
					t.Fatal(err)
				}
			}
			var steps []string
			rep, err := verify.Deep(context.Background(), l.open(t), verifier, t.TempDir(), func(s string) { steps = append(steps, s) })
			if err != nil {
				t.Fatalf("Deep: %v", err)
			}
			if len(steps) == 0 {
				t.Error("progress was never told")
			}
			if tc.what == "" {
				if !rep.OK() || rep.Entries != 8 || rep.Checkpoints != 1 {
					t.Fatalf("clean store: %d entries, %d checkpoints, problems %v; want 8, 1, none", rep.Entries, rep.Checkpoints, rep.Problems)
				}
				return
			}
			if rep.OK() {
				t.Fatal("alteration not reported")
			}
			for _, p := range rep.Problems {
				if p.What == tc.what && strings.Contains(p.Detail, tc.frag) && strings.Contains(p.Where, tc.where) {
					return
				}
			}
			t.Fatalf("no %s problem with %q (where %q); problems: %v", tc.what, tc.frag, tc.where, rep.Problems)
		})
	}
}

package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/ledger"
)

// openTestLog opens a fresh database in a temp dir with a sequencer on it.
func openTestLog(t testing.TB) (*DB, *ledger.HashStore, *ledger.Sequencer) {
	t.Helper()
	ctx := context.Background()
	db, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	c, h, err := db.LoadTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(c, h)
	if err != nil {
		t.Fatal(err)
	}
	seq := ledger.NewSequencer(db, hs, ledger.SequencerOptions{})
	t.Cleanup(func() {
		seq.Close()
		db.Close()
	})
	return db, hs, seq
}

func testEvent(subject string) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "us", Kind: "test.event", Subject: subject,
		Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]string{"s": subject}}}
}

// TestLogTablesAppendOnly checks that the triggers refuse every UPDATE and
// DELETE on the log tables, with an error naming the table, and that the
// rows are unchanged afterwards.
func TestLogTablesAppendOnly(t *testing.T) {
	ctx := context.Background()
	db, hs, seq := openTestLog(t)
	if _, err := seq.Append(ctx, testEvent("a"), testEvent("b"), testEvent("c")); err != nil {
		t.Fatal(err)
	}
	tree, _ := hs.Tree()
	if err := db.SaveCheckpoint(ctx, &ledger.SignedCheckpoint{Checkpoint: ledger.Checkpoint{Origin: "o", Tree: tree}, Signed: []byte("o\n3\nx\n\n— o sig\n")}); err != nil {
		t.Fatal(err)
	}
	before := snapshotLogTables(t, db)
	tests := []struct {
		table, stmt string
	}{
		{"log_entries", `UPDATE log_entries SET kind = 'x.y' WHERE seq = 1`},
		{"log_entries", `UPDATE log_entries SET canonical = x'00'`},
		{"log_entries", `DELETE FROM log_entries WHERE seq = 2`},
		{"log_entries", `DELETE FROM log_entries`},
		// REPLACE deletes the old row without firing DELETE triggers unless
		// recursive_triggers is on.
		{"log_entries", `INSERT OR REPLACE INTO log_entries (seq, canonical, commitment, kind, subject, party, tlp, audience, time) VALUES (0, x'00', x'00', 'a.b', 's', 'p', 'CLEAR', '', 't')`},
		{"log_entries", `REPLACE INTO log_entries (seq, canonical, commitment, kind, subject, party, tlp, audience, time) VALUES (1, x'00', x'00', 'a.b', 's', 'p', 'CLEAR', '', 't')`},
		{"log_entries", `INSERT INTO log_entries (seq, canonical, commitment, kind, subject, party, tlp, audience, time) VALUES (2, x'00', x'00', 'a.b', 's', 'p', 'CLEAR', '', 't') ON CONFLICT (seq) DO UPDATE SET canonical = excluded.canonical`},
		{"append-only", `INSERT INTO log_entries (seq, canonical, commitment, kind, subject, party, tlp, audience, time) VALUES (2, x'00', x'00', 'a.b', 's', 'p', 'CLEAR', '', 't')`},
		{"log_hashes", `REPLACE INTO log_hashes (idx, hash) VALUES (0, x'00')`},
		{"log_checkpoints", `REPLACE INTO log_checkpoints (id, size, root, signed, cosignatures, created) SELECT id, size, x'00', x'00', x'', 't' FROM log_checkpoints`},
		{"log_hashes", `UPDATE log_hashes SET hash = x'00' WHERE idx = 0`},
		{"log_hashes", `DELETE FROM log_hashes WHERE idx = 3`},
		{"log_hashes", `DELETE FROM log_hashes`},
		{"log_checkpoints", `UPDATE log_checkpoints SET signed = x'00'`},
		{"log_checkpoints", `DELETE FROM log_checkpoints`},
	}
	for _, tt := range tests {
		t.Run(tt.stmt, func(t *testing.T) {
			_, err := db.SQL.ExecContext(ctx, tt.stmt)
			if err == nil {
				t.Fatalf("%s succeeded", tt.stmt)
			}
			want := tt.table + " is append-only"
			if !strings.HasPrefix(tt.table, "log_") {
				want = tt.table
			}
			if !strings.Contains(err.Error(), want) {
				t.Fatalf("%s: error %q does not say %q", tt.stmt, err, want)
			}
		})
	}
	// Inside a transaction, too: the refusal aborts the statement.
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM log_entries`); err == nil {
		t.Error("DELETE inside a transaction succeeded")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if after := snapshotLogTables(t, db); after != before {
		t.Fatalf("log tables changed:\nbefore %s\nafter  %s", before, after)
	}
}

// snapshotLogTables returns every row of the log tables as text.
func snapshotLogTables(t testing.TB, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"log_entries", "log_hashes", "log_checkpoints"} {
		rows, err := db.SQL.Query(`SELECT * FROM ` + table + ` ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %x\n", table, vals)
		}
		rows.Close()
	}
	return b.String()
}

// TestMigrationsIdempotent checks that opening a database again applies no
// migration twice and keeps its contents.
func TestMigrationsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "truce.db")
	db, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var applied int
	if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	names, _ := migrations.ReadDir("migrations")
	if applied == 0 || applied != len(names) {
		t.Fatalf("%d migrations recorded, %d embedded", applied, len(names))
	}
	if _, err := db.SQL.ExecContext(ctx, `INSERT INTO parties (id, name, kind, co_chair, created, seq) VALUES ('us', 'US', 'military', 1, 't', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for range 2 {
		db, err = OpenSQLite(ctx, path)
		if err != nil {
			t.Fatalf("second open: %v", err)
		}
		var again, parties int
		if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&again); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM parties`).Scan(&parties); err != nil {
			t.Fatal(err)
		}
		if again != applied || parties != 1 {
			t.Fatalf("after reopening: %d migrations, %d parties", again, parties)
		}
		db.Close()
	}
	// Two handles at once on the same file also agree.
	a, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
}

// TestPragmas checks that the log is opened in WAL mode with
// synchronous=FULL and foreign keys enforced.
func TestPragmas(t *testing.T) {
	db, _, _ := openTestLog(t)
	for pragma, want := range map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1"} {
		var got string
		if err := db.SQL.QueryRow(`PRAGMA ` + pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}

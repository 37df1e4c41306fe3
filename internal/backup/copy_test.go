package backup

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/pgtest"
	"truce/internal/store"
)

// openSQLite returns a fresh SQLite store, closed at cleanup.
func openSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openOther returns a fresh store on PostgreSQL when TRUCE_TEST_POSTGRES
// is set, else on SQLite; it is closed at cleanup.
func openOther(t testing.TB) *store.DB {
	t.Helper()
	if pgtest.DSN() == "" {
		return openSQLite(t)
	}
	db, err := store.OpenPostgres(context.Background(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openSequencer starts a sequencer on db with the tree loaded from it,
// closed at cleanup.
func openSequencer(t testing.TB, db *store.DB) (*ledger.HashStore, *ledger.Sequencer) {
	t.Helper()
	c, h, err := db.LoadTree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(c, h)
	if err != nil {
		t.Fatal(err)
	}
	seq := ledger.NewSequencer(db, hs, ledger.SequencerOptions{})
	t.Cleanup(seq.Close)
	return hs, seq
}

// testEvent returns a small change about subject.
func testEvent(subject string) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "us", Kind: "test.event", Subject: subject,
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"us", "ru"}}, Payload: map[string]string{"s": subject}}}
}

// fillNode appends accounts and events to db, with checkpoints and
// node-local rows, as a node would have them.
func fillNode(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	hs, seq := openSequencer(t, db)
	svc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
	if _, err := svc.CreateParty(ctx, access.Public, accounts.NewParty{ID: "un", Name: "UN", Kind: "un", CoChair: true}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ada", Party: "un", Role: access.RoleAdmin, Password: "correct horse battery"}, true); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := seq.Append(ctx, testEvent(fmt.Sprintf("e%d", i))); err != nil {
			t.Fatal(err)
		}
		if i%(n/4+1) == 0 {
			tree, _ := hs.Tree()
			sc := &ledger.SignedCheckpoint{Checkpoint: ledger.Checkpoint{Origin: "o", Tree: tree},
				Signed: []byte(fmt.Sprintf("o\n%d\n%s\n\n— o sig\n", tree.N, tree.Hash)), Cosignatures: [][]byte{[]byte("— w c\n")}}
			if err := db.SaveCheckpoint(ctx, sc); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.Access().RecordReads(ctx, []accounts.ReadAudit{{Time: "t", Reader: "r", ReaderParty: "un", OwnerParty: "un", Kind: "k", Subject: "s", TLP: access.TLPGreen, Path: "/"}}); err != nil {
		t.Fatal(err)
	}
}

// TestCopyBetweenEngines copies a SQLite node to PostgreSQL (to another
// SQLite file when TRUCE_TEST_POSTGRES is not set) and back, verifies each
// copy, refuses to copy into a non-empty log, and detects a copy that
// differs from its source.
func TestCopyBetweenEngines(t *testing.T) {
	ctx := context.Background()
	lite, pg := openSQLite(t), openOther(t)
	fillNode(t, lite, 300)
	var stages []string
	progress := func(stage string, done, total int64) {
		if done == total {
			stages = append(stages, stage)
		}
	}
	if err := Copy(ctx, lite, pg, progress); err != nil {
		t.Fatal(err)
	}
	r, err := Verify(ctx, lite, pg, progress)
	if err != nil {
		t.Fatal(err)
	}
	if r.Entries != 302 || r.Checkpoints != 4 || r.Tables != len(store.ProjectionTables()) {
		t.Fatalf("report %+v", r)
	}
	if got := strings.Join(stages, ","); !strings.HasPrefix(got, "local,entries,checkpoints") || !strings.HasSuffix(got, "verify") {
		t.Fatalf("progress stages %s", got)
	}
	// The admin's password was copied: the copy serves its users.
	if _, err := accounts.NewService(accounts.Deps{Store: pg.Access()}).Login(ctx, "ada", "correct horse battery"); err != nil {
		t.Fatalf("login on the copy: %v", err)
	}
	// A new read audit row continues after the copied ids.
	if err := pg.Access().RecordReads(ctx, []accounts.ReadAudit{{Time: "t2", Reader: "r", ReaderParty: "un", OwnerParty: "un", Kind: "k", Subject: "s", TLP: access.TLPGreen, Path: "/"}}); err != nil {
		t.Fatal(err)
	}
	if err := Copy(ctx, lite, pg, nil); err == nil || !strings.Contains(err.Error(), "already holds 302 entries") {
		t.Fatalf("copy into a non-empty log: %v", err)
	}
	back := openSQLite(t)
	if err := Copy(ctx, pg, back, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, lite, back, nil); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	// One more entry in the copy: it no longer matches.
	_, seq := openSequencer(t, pg)
	if _, err := seq.Append(ctx, testEvent("extra")); err != nil {
		t.Fatal(err)
	}
	if _, err := Verify(ctx, lite, pg, nil); err == nil || !strings.Contains(err.Error(), "303") {
		t.Fatalf("Verify of a longer log: %v", err)
	}
}

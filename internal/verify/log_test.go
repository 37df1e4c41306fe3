package verify_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"golang.org/x/mod/sumdb/note"
	_ "modernc.org/sqlite"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/store"
)

const testOrigin = "verify.test.invalid/log"

// testLog is a small signed log written to a SQLite store in a temp dir:
// two parties, a few users (so that projections have rows), a token, and a
// checkpoint signed over all of it.
type testLog struct {
	path     string // the SQLite file
	verifier note.Verifier
}

func newTestLog(t *testing.T) *testLog {
	t.Helper()
	ctx := context.Background()
	skey, vkey, err := note.GenerateKey(nil, testOrigin)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	l := &testLog{path: filepath.Join(t.TempDir(), "truce.db"), verifier: verifier}
	db, err := store.OpenSQLite(ctx, l.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hs, err := ledger.NewHashStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	seq := ledger.NewSequencer(db, hs, ledger.SequencerOptions{})
	defer seq.Close()
	svc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
	for _, p := range []accounts.NewParty{
		{ID: "us", Name: "United States", Kind: "military", CoChair: true},
		{ID: "ru", Name: "Russian Federation", Kind: "military", CoChair: true},
	} {
		if _, err := svc.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []accounts.NewUser{
		{Username: "us-observer", Party: "us", Role: access.RoleObserver},
		{Username: "ru-observer", Party: "ru", Role: access.RoleObserver},
		{Username: "ru-admin", Party: "ru", Role: access.RoleAdmin},
	} {
		u.Password = "correct horse battery"
		created, err := svc.CreateUser(ctx, access.Public, u, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.IssueToken(ctx, access.Public, created.ID, "test", 0, true); err != nil {
			t.Fatal(err)
		}
	}
	cp, err := ledger.NewCheckpointer(testOrigin, signer, hs, db, nil, ledger.CheckpointerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cp.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	return l
}

// alter runs statements on the stopped store's file, as someone with
// access to the disk could; an UPDATE or DELETE must change a row.
func (l *testLog) alter(t *testing.T, statements []string) {
	t.Helper()
	raw, err := sql.Open("sqlite", l.path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range statements {
		res, err := raw.Exec(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n, _ := res.RowsAffected(); n == 0 && (q[:6] == "UPDATE" || q[:6] == "DELETE") {
			t.Fatalf("%s changed nothing", q)
		}
	}
}

// open opens the store for checking; it is closed when t ends.
func (l *testLog) open(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.OpenSQLite(context.Background(), l.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

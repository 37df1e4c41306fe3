// Package fedtest builds real logs for the federation packages' tests and
// benchmarks: a SQLite store in a temp dir with a sequencer, a log key, the
// other members' witness cosigners, and stores to mirror into on every
// engine. It is test support only; it holds no authentication of any kind.
package fedtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/backup"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/witness"
)

// Log is one party's real log.
type Log struct {
	Origin   string
	Party    string
	DB       *store.DB
	Hashes   *ledger.HashStore
	Seq      *ledger.Sequencer
	Signer   note.Signer
	Verifier note.Verifier
	// VerifierKey is Verifier's vkey, as the roster gives it.
	VerifierKey string
}

// NewLog returns an empty log of party with origin, closed when t ends.
func NewLog(t testing.TB, party, origin string) *Log {
	t.Helper()
	db, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "peer.db"))
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
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
	l := &Log{Origin: origin, Party: party, DB: db, Hashes: hs, Signer: signer, Verifier: verifier, VerifierKey: vkey}
	l.Seq = ledger.NewSequencer(db, hs, ledger.SequencerOptions{})
	t.Cleanup(func() {
		l.Seq.Close()
		db.Close()
	})
	return l
}

// Releases are the releasabilities Append cycles through: CLEAR, GREEN,
// AMBER to ru, AMBER+STRICT to un, RED to the owner alone.
var Releases = []access.Releasability{
	{TLP: access.TLPClear},
	{TLP: access.TLPGreen},
	{TLP: access.TLPAmber, Audience: []string{"ru"}},
	{TLP: access.TLPAmberStrict, Audience: []string{"un"}},
	{TLP: access.TLPRed},
}

// Append appends n entries by the log's party, the i-th (counting from the
// log's size) with Releases[i%len(Releases)], in batches of 500.
func (l *Log) Append(t testing.TB, n int) {
	t.Helper()
	l.AppendWith(t, n, func(i int64) access.Releasability { return Releases[i%int64(len(Releases))] })
}

// AppendWith appends n entries whose releasability release gives by seq.
func (l *Log) AppendWith(t testing.TB, n int, release func(seq int64) access.Releasability) {
	t.Helper()
	for done := 0; done < n; {
		k := min(500, n-done)
		changes := make([]ledger.Change, k)
		base := l.Hashes.Size()
		for i := range changes {
			seq := base + int64(i)
			changes[i] = ledger.Change{Draft: ledger.Draft{Party: l.Party, Author: l.Party + "-officer", Kind: "test.reported",
				Subject: fmt.Sprintf("sub_%d", seq), Release: release(seq), Payload: map[string]any{"n": seq}}}
		}
		if _, err := l.Seq.Append(context.Background(), changes...); err != nil {
			t.Fatal(err)
		}
		done += k
	}
}

// Tree returns the log's tree at size n (n ≤ its size).
func (l *Log) Tree(t testing.TB, n int64) tlog.Tree {
	t.Helper()
	root, err := tlog.TreeHash(n, l.Hashes)
	if err != nil {
		t.Fatal(err)
	}
	return tlog.Tree{N: n, Hash: root}
}

// Sign returns tree's checkpoint signed by the log and cosigned by ws.
func (l *Log) Sign(t testing.TB, tree tlog.Tree, ws ...*witness.Cosigner) []byte {
	t.Helper()
	signers := []note.Signer{l.Signer}
	for _, w := range ws {
		signers = append(signers, w)
	}
	msg, err := note.Sign(&note.Note{Text: ledger.Checkpoint{Origin: l.Origin, Tree: tree}.Body()}, signers...)
	if err != nil {
		t.Fatal(err)
	}
	return msg
}

// Cosigners returns a fresh witness cosigner for each name.
func Cosigners(t testing.TB, names ...string) []*witness.Cosigner {
	t.Helper()
	out := make([]*witness.Cosigner, len(names))
	for i, n := range names {
		skey, _, err := witness.GenerateKey(n)
		if err != nil {
			t.Fatal(err)
		}
		if out[i], err = witness.NewCosigner(skey); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// Verifiers returns the cosigners' verifiers.
func Verifiers(ws []*witness.Cosigner) []note.Verifier {
	out := make([]note.Verifier, len(ws))
	for i, w := range ws {
		out[i] = w.Verifier()
	}
	return out
}

// Engine opens a fresh, migrated, empty store.
type Engine struct {
	Name string
	Open func(t testing.TB) *store.DB
}

// Engines returns SQLite and, when TRUCE_TEST_POSTGRES holds a DSN,
// PostgreSQL (a fresh schema per store, dropped when t ends).
func Engines() []Engine {
	es := []Engine{{"sqlite", func(t testing.TB) *store.DB {
		t.Helper()
		db, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "mirror.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}}}
	if dsn := os.Getenv("TRUCE_TEST_POSTGRES"); dsn != "" {
		es = append(es, Engine{"postgres", func(t testing.TB) *store.DB {
			t.Helper()
			db, err := store.OpenPostgres(context.Background(), schemaDSN(t, dsn))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}})
	}
	return es
}

// schemaDSN creates an empty schema, dropped when t ends, and returns a
// DSN whose search_path is it.
func schemaDSN(t testing.TB, dsn string) string {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "fed_" + hex.EncodeToString(b)
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

// Fork returns a second log with l's origin and key holding a copy of l's
// entries so far: from then on the two logs share that prefix and grow
// apart, as a node showing two peers two histories would.
func (l *Log) Fork(t testing.TB) *Log {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "fork.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := backup.Copy(ctx, l.DB, db, nil); err != nil {
		db.Close()
		t.Fatal(err)
	}
	c, h, err := db.LoadTree(ctx)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(c, h)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	f := &Log{Origin: l.Origin, Party: l.Party, DB: db, Hashes: hs, Signer: l.Signer, Verifier: l.Verifier, VerifierKey: l.VerifierKey}
	f.Seq = ledger.NewSequencer(db, hs, ledger.SequencerOptions{})
	t.Cleanup(func() {
		f.Seq.Close()
		db.Close()
	})
	return f
}

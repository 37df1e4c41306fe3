package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

func engineEvent(subject string) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "us", Kind: "test.event", Subject: subject,
		Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{"us", "ru"}}, Payload: map[string]string{"s": subject}}}
}

// TestEngineAppendAndRead appends concurrently and reads everything back:
// the stored tree matches one recomputed from the entries, and each entry is
// found by seq, by subject and by scanning.
func TestEngineAppendAndRead(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		hs, seq := openSequencer(t, db)
		const writers, each = 8, 25
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					if _, err := seq.Append(ctx, engineEvent(fmt.Sprintf("s%d", w)), engineEvent(fmt.Sprintf("x%d-%d", w, i))); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		const total = writers * each * 2
		if hs.Size() != total {
			t.Fatalf("tree has %d entries, want %d", hs.Size(), total)
		}
		c, h, err := db.LoadTree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		re, err := ledger.RebuildHashStore(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := re.Matches(h); err != nil {
			t.Fatal(err)
		}
		a, _ := hs.Tree()
		b, _ := re.Tree()
		if a != b {
			t.Fatalf("in-memory tree %v, stored tree %v", a, b)
		}
		se, err := db.Entry(ctx, 7)
		if err != nil || se.Seq != 7 || ledger.Commitment(se.Canonical) != se.Commitment {
			t.Fatalf("Entry(7) = %+v, %v", se, err)
		}
		if _, err := db.Entry(ctx, total); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("Entry(%d) error %v, want fault.ErrNotFound", total, err)
		}
		bySubject, err := db.EntriesBySubject(ctx, "s3")
		if err != nil || len(bySubject) != each {
			t.Fatalf("EntriesBySubject: %d entries, %v; want %d", len(bySubject), err, each)
		}
		var n int64
		err = db.ScanEntries(ctx, 10, func(se ledger.StoredEntry) error {
			if se.Seq != 10+n {
				return fmt.Errorf("scan: entry %d after %d", se.Seq, 10+n-1)
			}
			n++
			return nil
		})
		if err != nil || n != total-10 {
			t.Fatalf("ScanEntries: %d entries, %v", n, err)
		}
	})
}

// TestEngineAppendOnly checks that the log tables refuse UPDATE and DELETE
// (and TRUNCATE on PostgreSQL) with an error naming the table.
func TestEngineAppendOnly(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		_, seq := openSequencer(t, db)
		if _, err := seq.Append(ctx, engineEvent("a"), engineEvent("b")); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveCheckpoint(ctx, &ledger.SignedCheckpoint{Checkpoint: ledger.Checkpoint{Origin: "o"}, Signed: []byte("o\n0\nx\n\n— o sig\n")}); err != nil {
			t.Fatal(err)
		}
		stmts := map[string][]string{
			"log_entries":     {`UPDATE log_entries SET kind = 'x.y'`, `DELETE FROM log_entries WHERE seq = 1`},
			"log_hashes":      {`UPDATE log_hashes SET idx = idx + 100`, `DELETE FROM log_hashes`},
			"log_checkpoints": {`UPDATE log_checkpoints SET size = 9`, `DELETE FROM log_checkpoints`},
		}
		if db.Engine == Postgres {
			for table := range stmts {
				stmts[table] = append(stmts[table], `TRUNCATE `+table+` CASCADE`)
			}
		}
		for table, ss := range stmts {
			for _, s := range ss {
				_, err := db.SQL.ExecContext(ctx, s)
				if err == nil || !strings.Contains(err.Error(), table+" is append-only") {
					t.Errorf("%s: error %v, want %q", s, err, table+" is append-only")
				}
			}
		}
		var n int
		if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&n); err != nil || n != 2 {
			t.Fatalf("log_entries has %d rows (%v), want 2", n, err)
		}
	})
}

// TestEngineCheckpoints stores checkpoints and reads the latest and the
// history back, with cosignatures.
func TestEngineCheckpoints(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		if cp, err := db.LatestCheckpoint(ctx); cp != nil || err != nil {
			t.Fatalf("empty log: LatestCheckpoint = %v, %v", cp, err)
		}
		for _, n := range []int64{1, 5, 5, 3} {
			note := fmt.Sprintf("o\n%d\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— o sig%d\n", n, n)
			sc := &ledger.SignedCheckpoint{Checkpoint: ledger.Checkpoint{Origin: "o"}, Signed: []byte(note),
				Cosignatures: [][]byte{[]byte("— w1 x\n"), []byte("— w2 y\n")}}
			sc.N = n
			if err := db.SaveCheckpoint(ctx, sc); err != nil {
				t.Fatal(err)
			}
		}
		latest, err := db.LatestCheckpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if latest.N != 5 || len(latest.Cosignatures) != 2 || string(latest.Cosignatures[1]) != "— w2 y\n" {
			t.Fatalf("latest = size %d, cosignatures %q", latest.N, latest.Cosignatures)
		}
		all, err := db.Checkpoints(ctx)
		if err != nil || len(all) != 4 || all[0].N != 1 || all[3].N != 5 {
			t.Fatalf("Checkpoints = %d, %v", len(all), err)
		}
	})
}

// TestEnginePreconditionRollsBackOnlyItsAppend checks that a failing
// precondition aborts its own Append (savepoint) and not the others of the
// batch.
func TestEnginePreconditionRollsBackOnlyItsAppend(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		hs, seq := openSequencer(t, db)
		refuse := errors.New("refused")
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for i := range 40 {
			wg.Go(func() {
				c := engineEvent(fmt.Sprintf("p%d", i))
				if i%3 == 0 {
					c.Check = func(ctx context.Context, q ledger.Querier) error { return refuse }
				}
				_, err := seq.Append(ctx, engineEvent(fmt.Sprintf("q%d", i)), c)
				if i%3 == 0 && !errors.Is(err, refuse) || i%3 != 0 && err != nil {
					t.Errorf("append %d: %v", i, err)
				}
				if err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		var n int64
		if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM log_entries`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != int64(2*ok) || hs.Size() != n {
			t.Fatalf("%d entries stored, tree %d, want %d", n, hs.Size(), 2*ok)
		}
	})
}

// TestEngineAccounts runs the access store through the accounts service:
// projections (with boolean flags), credentials, sessions, read audit.
func TestEngineAccounts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		_, seq := openSequencer(t, db)
		svc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		if _, err := svc.CreateParty(ctx, access.Public, accounts.NewParty{ID: "un", Name: "UN", Kind: "un", CoChair: true}, true); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ada", Party: "un", Role: access.RoleAdmin, Password: "correct horse battery"}, true); err != nil {
			t.Fatal(err)
		}
		st := db.Access()
		p, err := st.Party(ctx, nil, "un")
		if err != nil || !p.CoChair || p.Name != "UN" {
			t.Fatalf("Party = %+v, %v", p, err)
		}
		if _, err := st.Party(ctx, nil, "zz"); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("missing party: %v", err)
		}
		u, err := st.UserByName(ctx, nil, "ada")
		if err != nil || u.Disabled || u.Party != "un" {
			t.Fatalf("UserByName = %+v, %v", u, err)
		}
		sess, err := svc.Login(ctx, "ada", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.AuthenticateSession(ctx, sess.Secret); err != nil {
			t.Fatalf("session: %v", err)
		}
		now := time.Now().UTC().Format(time.RFC3339Nano)
		if err := st.RecordReads(ctx, []accounts.ReadAudit{{Time: now, Reader: u.ID, ReaderParty: "un", OwnerParty: "un", Kind: "k", Subject: "s", TLP: access.TLPGreen, Path: "/x"}}); err != nil {
			t.Fatal(err)
		}
		reads, err := st.Reads(ctx, "un", 0, 10)
		if err != nil || len(reads) != 1 {
			t.Fatalf("Reads = %v, %v", reads, err)
		}
	})
}

// TestEngineRebuild replays a log into a fresh database of each engine and
// compares projections, including across engines.
func TestEngineRebuild(t *testing.T) {
	ctx := context.Background()
	var dumps []string
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		svc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		for i, id := range []string{"us", "ru", "un"} {
			if _, err := svc.CreateParty(ctx, access.Public, accounts.NewParty{ID: id, Name: strings.ToUpper(id), Kind: "other", CoChair: i < 2}, true); err != nil {
				t.Fatal(err)
			}
		}
		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, table := range ProjectionTables() {
			a, err := db.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			b, err := replay.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Fatalf("%s differs after replay:\n%q\n%q", table, a, b)
			}
			all = append(all, a...)
		}
		// Times and salts differ between engines' runs; compare shapes.
		dumps = append(dumps, fmt.Sprint(len(all)))
	})
	if len(dumps) == 2 && dumps[0] != dumps[1] {
		t.Fatalf("engines' projections differ in size: %v", dumps)
	}
}

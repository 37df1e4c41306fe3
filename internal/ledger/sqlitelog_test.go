package ledger_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/ledger"
	"truce/internal/store"
)

// sqliteLog is a sequencer over a real SQLite store in a temp dir.
type sqliteLog struct {
	db      *store.DB
	hashes  *ledger.HashStore
	seq     *ledger.Sequencer
	mu      sync.Mutex
	batches [][]*ledger.Entry // as passed to OnCommit
}

// openSQLiteLog opens a fresh store in t.TempDir() and starts a sequencer
// on it with opts (OnCommit, unless set, records the batches).
func openSQLiteLog(t testing.TB, opts ledger.SequencerOptions) *sqliteLog {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "truce.db"))
	if err != nil {
		t.Fatal(err)
	}
	commitments, hashes, err := db.LoadTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := ledger.NewHashStore(commitments, hashes)
	if err != nil {
		t.Fatal(err)
	}
	l := &sqliteLog{db: db, hashes: hs}
	if opts.OnCommit == nil {
		opts.OnCommit = func(es []*ledger.Entry) {
			l.mu.Lock()
			l.batches = append(l.batches, es)
			l.mu.Unlock()
		}
	}
	l.seq = ledger.NewSequencer(db, hs, opts)
	t.Cleanup(func() {
		l.seq.Close()
		db.Close()
	})
	return l
}

// event returns a change of a kind without a projection.
func event(subject string) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "us", Author: "tester", Kind: "test.event", Subject: subject,
		Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]string{"subject": subject}}}
}

// partyCreated returns a change whose projection inserts party id.
func partyCreated(id string) ledger.Change {
	return ledger.Change{Draft: ledger.Draft{Party: "un", Author: "admin", Kind: accounts.KindPartyCreated, Subject: "party:" + id,
		Release: access.Releasability{TLP: access.TLPClear},
		Payload: accounts.PartyCreated{Party: accounts.Party{ID: id, Name: "Party " + id, Kind: "military"}}}}
}

// subjectCount returns how many stored entries have subject.
func subjectCount(t testing.TB, db *store.DB, subject string) int {
	t.Helper()
	es, err := db.EntriesBySubject(context.Background(), subject)
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

// checkStoredLog checks every invariant between the stored rows and the
// in-memory tree: rows contiguous from 0, each commitment the SHA-256 of its
// canonical bytes, each entry canonical with its own seq, times never going
// backwards, and the stored hashes and the HashStore equal to a tree
// recomputed from the stored commitments alone. It returns the entries.
func checkStoredLog(t testing.TB, db *store.DB, hs *ledger.HashStore) []*ledger.Entry {
	t.Helper()
	ctx := context.Background()
	var entries []*ledger.Entry
	var commitments []tlog.Hash
	var last time.Time
	err := db.ScanEntries(ctx, 0, func(se ledger.StoredEntry) error {
		if se.Seq != int64(len(entries)) {
			return fmt.Errorf("row %d where %d was expected", se.Seq, len(entries))
		}
		if tlog.Hash(sha256.Sum256(se.Canonical)) != se.Commitment {
			return fmt.Errorf("entry %d: commitment does not match its bytes", se.Seq)
		}
		e, err := ledger.DecodeEntry(se.Canonical)
		if err != nil {
			return fmt.Errorf("entry %d: %w", se.Seq, err)
		}
		if e.Seq != se.Seq {
			return fmt.Errorf("row %d holds entry %d", se.Seq, e.Seq)
		}
		tv := e.TimeValue()
		if tv.IsZero() || tv.Before(last) {
			return fmt.Errorf("entry %d: time %s before the previous %s", e.Seq, e.Time, last)
		}
		last = tv
		entries = append(entries, e)
		commitments = append(commitments, se.Commitment)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Recompute the tree from the commitments with tlog alone.
	var want []tlog.Hash
	for i, c := range commitments {
		hs, err := tlog.StoredHashes(int64(i), c[:], tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
			out := make([]tlog.Hash, len(idx))
			for j, x := range idx {
				out[j] = want[x]
			}
			return out, nil
		}))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, hs...)
	}
	loadedC, stored, err := db.LoadTree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(loadedC) != len(commitments) || len(stored) != len(want) {
		t.Fatalf("stored tree: %d commitments and %d hashes, want %d and %d", len(loadedC), len(stored), len(commitments), len(want))
	}
	for i := range want {
		if stored[i] != want[i] {
			t.Fatalf("stored hash %d differs from the recomputed tree", i)
		}
	}
	n := int64(len(commitments))
	if hs.Size() != n {
		t.Fatalf("HashStore size %d, %d entries stored", hs.Size(), n)
	}
	idx := make([]int64, len(want))
	for i := range idx {
		idx[i] = int64(i)
	}
	mem, err := hs.ReadHashes(idx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if mem[i] != want[i] {
			t.Fatalf("in-memory hash %d differs from the recomputed tree", i)
		}
	}
	tree, err := hs.Tree()
	if err != nil {
		t.Fatal(err)
	}
	if n > 0 {
		root, err := tlog.TreeHash(n, tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
			out := make([]tlog.Hash, len(idx))
			for j, x := range idx {
				out[j] = want[x]
			}
			return out, nil
		}))
		if err != nil || root != tree.Hash {
			t.Fatalf("root %x, recomputed %x (%v)", tree.Hash, root, err)
		}
	}
	got, err := hs.Commitments(0, n)
	if err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if !bytes.Equal(got[i][:], commitments[i][:]) {
			t.Fatalf("in-memory commitment %d differs from the stored one", i)
		}
	}
	return entries
}

// errRefused is the precondition error of the tests.
var errRefused = errors.New("refused by precondition")

// Package verify checks a truce log: offline, a store's files (Deep), and
// from outside, a running node through its public C2SP endpoints (Remote).
package verify

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/store"
)

// Problem is one inconsistency found.
type Problem struct {
	What   string // "entry", "hash", "checkpoint", "projection"
	Detail string
}

func (p Problem) String() string { return p.What + ": " + p.Detail }

// Report is the outcome of a check.
type Report struct {
	Entries     int64
	Checkpoints int
	Problems    []Problem
}

// OK reports whether nothing was wrong.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

func (r *Report) add(what, format string, args ...any) {
	r.Problems = append(r.Problems, Problem{what, fmt.Sprintf(format, args...)})
}

// maxProblems bounds a report: past it, the store is clearly broken.
const maxProblems = 50

// Deep checks the store in db offline: every entry's canonical form and
// commitment, every stored tree hash against a recomputation from the
// commitments, every stored checkpoint's signature (by verifier) and root,
// and every projection table against a replay of the log into a scratch
// database in scratchDir. progress, if set, is told what is being checked.
func Deep(ctx context.Context, db *store.DB, verifier note.Verifier, scratchDir string, progress func(string)) (*Report, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	r := &Report{}
	say("checking entries and commitments")
	var commitments []tlog.Hash
	err := db.ScanEntries(ctx, 0, func(se store.StoredEntry) error {
		if se.Seq != int64(len(commitments)) {
			r.add("entry", "entry %d is missing (next stored entry is %d)", len(commitments), se.Seq)
			return fmt.Errorf("log has a gap at %d", len(commitments))
		}
		if got := sha256.Sum256(se.Canonical); got != se.Commitment {
			r.add("entry", "entry %d: stored commitment %x does not match SHA-256 of its bytes %x: the entry or its commitment was altered", se.Seq, se.Commitment[:8], got[:8])
		} else if e, err := ledger.DecodeEntry(se.Canonical); err != nil {
			r.add("entry", "entry %d: %v", se.Seq, err)
		} else if e.Seq != se.Seq {
			r.add("entry", "entry stored at %d says it is entry %d", se.Seq, e.Seq)
		}
		commitments = append(commitments, se.Commitment)
		if len(r.Problems) > maxProblems {
			return fmt.Errorf("too many problems")
		}
		return nil
	})
	r.Entries = int64(len(commitments))
	if err != nil {
		return r, nil
	}
	say("recomputing the tree over %d entries", len(commitments))
	_, storedHashes, err := db.LoadTree(ctx)
	if err != nil {
		r.add("hash", "%v", err)
		return r, nil
	}
	fresh, err := ledger.RebuildHashStore(commitments)
	if err != nil {
		return nil, err
	}
	if want := tlog.StoredHashCount(int64(len(commitments))); int64(len(storedHashes)) != want {
		r.add("hash", "%d tree hashes stored, %d expected for %d entries", len(storedHashes), want, len(commitments))
	}
	for i := range min(int64(len(storedHashes)), tlog.StoredHashCount(int64(len(commitments)))) {
		h, err := fresh.ReadHashes([]int64{i})
		if err != nil {
			return nil, err
		}
		if storedHashes[i] != h[0] {
			r.add("hash", "stored tree hash %d is %x…, recomputed %x…: the hash row was altered", i, storedHashes[i][:8], h[0][:8])
			if len(r.Problems) > maxProblems {
				break
			}
		}
	}
	say("checking checkpoints")
	checkpoints, err := db.Checkpoints(ctx)
	if err != nil {
		return nil, err
	}
	r.Checkpoints = len(checkpoints)
	for _, sc := range checkpoints {
		cp, _, err := ledger.OpenCheckpoint(sc.Signed, verifier)
		if err != nil {
			r.add("checkpoint", "checkpoint %d: %v", sc.N, err)
			continue
		}
		if cp.N > int64(len(commitments)) {
			r.add("checkpoint", "checkpoint %d was signed but the log has only %d entries: entries were removed", cp.N, len(commitments))
			continue
		}
		root, err := tlog.TreeHash(cp.N, fresh)
		if err != nil {
			return nil, err
		}
		if root != cp.Hash {
			r.add("checkpoint", "checkpoint %d: the entries give root %s, the signed checkpoint says %s: the log was rewritten", cp.N, root, cp.Hash)
		}
	}
	say("replaying the log into a scratch database to compare projections")
	if err := compareProjections(ctx, db, scratchDir, r, say); err != nil {
		return nil, err
	}
	return r, nil
}

func compareProjections(ctx context.Context, db *store.DB, scratchDir string, r *Report, say func(string, ...any)) error {
	dir, err := os.MkdirTemp(scratchDir, "truce-replay-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	replay, err := store.OpenSQLite(ctx, filepath.Join(dir, "replay.db"))
	if err != nil {
		return err
	}
	defer replay.Close()
	if err := store.Rebuild(ctx, db, replay, func(done, total int64) { say("replayed %d of %d entries", done, total) }); err != nil {
		r.add("projection", "replay failed: %v", err)
		return nil
	}
	for _, table := range store.ProjectionTables() {
		have, err := db.DumpTable(ctx, table)
		if err != nil {
			return err
		}
		want, err := replay.DumpTable(ctx, table)
		if err != nil {
			return err
		}
		if slices.Equal(have, want) {
			continue
		}
		extra, missing := diff(have, want)
		for _, row := range extra {
			r.add("projection", "table %s has a row the log does not give: %s", table, row)
		}
		for _, row := range missing {
			r.add("projection", "table %s lacks a row the log gives: %s", table, row)
		}
	}
	return nil
}

// diff returns rows in have but not want, and in want but not have (both
// sorted), at most 10 of each.
func diff(have, want []string) (extra, missing []string) {
	i, j := 0, 0
	for i < len(have) || j < len(want) {
		switch {
		case j >= len(want) || (i < len(have) && have[i] < want[j]):
			extra = append(extra, have[i])
			i++
		case i >= len(have) || want[j] < have[i]:
			missing = append(missing, want[j])
			j++
		default:
			i++
			j++
		}
	}
	return extra[:min(len(extra), 10)], missing[:min(len(missing), 10)]
}

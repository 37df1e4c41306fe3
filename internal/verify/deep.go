// Package verify checks a truce log: offline, a store's files (Deep), and
// from outside, a running node through its public C2SP endpoints (Remote).
package verify

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/ledger"
	"truce/internal/store"
)

// Problem is one inconsistency found.
type Problem struct {
	What   string // "entry", "hash", "checkpoint", "projection"
	Detail string
	// Where names what was altered without its content ("projection
	// table users"), when known.
	Where string
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
	r.Problems = append(r.Problems, Problem{What: what, Detail: fmt.Sprintf(format, args...)})
}

// maxProblems bounds a report: past it, the store is clearly broken.
const maxProblems = 50

// Deep checks the store in db offline: every entry's canonical form and
// commitment and every column of its row copied from it (kind, subject,
// party, tlp, audience, time, seq), every stored tree hash against a recomputation from the
// commitments, every stored checkpoint's signature (by verifier) and root,
// and every projection table against a replay of the log into a scratch
// database in scratchDir. progress, if set, is told what is being checked.
// A checkpoint signed before the node rotated its log key is verified
// with that retired key (one of retired).
func Deep(ctx context.Context, db *store.DB, verifier note.Verifier, scratchDir string, progress func(string), retired ...note.Verifier) (*Report, error) {
	say := func(format string, args ...any) {
		if progress != nil {
			progress(fmt.Sprintf(format, args...))
		}
	}
	r := &Report{}
	say("checking entries, their commitments and the columns copied from them")
	var commitments []tlog.Hash
	err := db.WalkEntries(ctx, 0, 1000, nil, func(se ledger.StoredEntry, problem *store.TamperError) error {
		if se.Seq != int64(len(commitments)) {
			r.add("entry", "entry %d is missing (next stored entry is %d)", len(commitments), se.Seq)
			return fmt.Errorf("log has a gap at %d", len(commitments))
		}
		if problem != nil {
			r.add("entry", "entry %d: %s: the entry row was altered", problem.Seq, problem.Reason)
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
		key := verifier
		for _, k := range retired {
			if _, _, err := ledger.OpenCheckpoint(sc.Signed, k); err == nil {
				key = k
			}
		}
		cp, _, err := ledger.OpenCheckpoint(sc.Signed, key)
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
	problems, err := Projections(ctx, db, scratchDir, say)
	if err != nil {
		return nil, err
	}
	r.Problems = append(r.Problems, problems...)
	return r, nil
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

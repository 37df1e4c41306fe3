package mirror_test

import (
	"context"
	"crypto/rand"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/access"
	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
)

// leaves returns the commitments of f's log [0, n).
func leaves(t *testing.T, f *fixture, n int64) []tlog.Hash {
	t.Helper()
	c, err := f.log.Hashes.Commitments(0, n)
	if err != nil {
		t.Fatal(err)
	}
	return append([]tlog.Hash(nil), c...)
}

func randomHashes(n int) []tlog.Hash {
	out := make([]tlog.Hash, n)
	for i := range out {
		rand.Read(out[i][:])
	}
	return out
}

// serveTree makes f serve a tree over ls, signed by the same log key and
// cosigned by its witnesses (who were shown a different history).
func serveTree(t *testing.T, f *fixture, ls []tlog.Hash) {
	t.Helper()
	hs, err := ledger.RebuildHashStore(ls)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := hs.Tree()
	if err != nil {
		t.Fatal(err)
	}
	note := f.log.Sign(t, tree, f.ws...)
	f.set(func(f *fixture) { f.tree, f.checkpoint = hs, func() []byte { return note } })
}

// rewrite returns b's entry with its subject changed, canonical.
func rewrite(t *testing.T, b []byte) []byte {
	t.Helper()
	e, err := ledger.DecodeEntry(b)
	if err != nil {
		t.Fatal(err)
	}
	e.Subject += "-rewritten"
	out, err := e.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMirrorDetectsMisbehaviour(t *testing.T) {
	const accepted = 1200
	cases := []struct {
		name   string
		kind   mirror.Kind
		behave func(t *testing.T, f *fixture, clock *atomic.Int64)
	}{
		{"fork of the same size", mirror.KindFork, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			serveTree(t, f, append(leaves(t, f, 1000), randomHashes(accepted-1000)...))
		}},
		{"commitments past a shared prefix replaced", mirror.KindFork, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			serveTree(t, f, append(leaves(t, f, 1000), randomHashes(500)...))
		}},
		{"two logs sharing a prefix", mirror.KindFork, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			other := f.fork // forked at 1000 entries, before the mirror's first round
			other.Append(t, 500)
			note := other.Sign(t, other.Tree(t, other.Hashes.Size()), f.ws...)
			f.set(func(f *fixture) { f.tree, f.db, f.checkpoint = other.Hashes, other.DB, func() []byte { return note } })
		}},
		{"rewritten old entry", mirror.KindFork, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			f.log.Append(t, 100)
			ls := leaves(t, f, accepted+100)
			se, err := f.log.DB.Entry(context.Background(), 5)
			if err != nil {
				t.Fatal(err)
			}
			ls[5] = ledger.Commitment(rewrite(t, se.Canonical))
			serveTree(t, f, ls)
		}},
		{"content not matching its commitment", mirror.KindBadContent, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			f.log.Append(t, 100)
			f.set(func(f *fixture) {
				f.alter = func(e *ledger.Entry, b []byte) []byte {
					if e.Seq == accepted+5 {
						return rewrite(t, b)
					}
					return b
				}
			})
		}},
		{"statement in another party's name", mirror.KindBadContent, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			_, err := f.log.Seq.Append(context.Background(), ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "not-ru", Kind: "test.reported",
				Subject: "sub_x", Release: access.Releasability{TLP: access.TLPClear}, Payload: map[string]string{"claim": "ru confirmed"}}})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"rolled back", mirror.KindRollback, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			note := f.log.Sign(t, f.log.Tree(t, 1100), f.ws...)
			f.set(func(f *fixture) { f.checkpoint = func() []byte { return note } })
		}},
		{"rolled back to another tree", mirror.KindFork, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			note := f.log.Sign(t, tlog.Tree{N: 1100, Hash: randomHashes(1)[0]}, f.ws...)
			f.set(func(f *fixture) { f.checkpoint = func() []byte { return note } })
		}},
		{"stale", mirror.KindStale, func(t *testing.T, f *fixture, clock *atomic.Int64) {
			clock.Add(int64(2 * time.Hour))
		}},
		{"without the quorum", mirror.KindNoQuorum, func(t *testing.T, f *fixture, _ *atomic.Int64) {
			f.log.Append(t, 3)
			note := f.log.Sign(t, f.log.Tree(t, f.log.Hashes.Size()), f.ws[0])
			f.set(func(f *fixture) { f.checkpoint = func() []byte { return note } })
		}},
	}
	for _, eng := range fedtest.Engines() {
		for _, tc := range cases {
			t.Run(eng.Name+"/"+tc.name, func(t *testing.T) {
				ctx := context.Background()
				f := newFixture(t)
				db := eng.Open(t)
				var skew atomic.Int64
				now := func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }
				m := f.mirrorFor(t, "ru", db.Mirrors(), now, time.Hour)
				f.log.Append(t, 1000)
				if tc.name == "two logs sharing a prefix" {
					f.fork = f.log.Fork(t)
				}
				f.log.Append(t, accepted-1000)
				if err := m.Sync(ctx); err != nil {
					t.Fatal(err)
				}
				tc.behave(t, f, &skew)
				err := m.Sync(ctx)
				if !errors.Is(err, mirror.ErrHalted) {
					t.Fatalf("sync from a misbehaving peer: %v, want ErrHalted", err)
				}
				id := m.Status().HaltedBy
				ev, err := db.Mirrors().Evidence(ctx, id)
				if err != nil {
					t.Fatalf("evidence %q: %v", id, err)
				}
				if ev.Kind != tc.kind {
					t.Fatalf("evidence of kind %s (%s), want %s", ev.Kind, ev.Detail, tc.kind)
				}
				proves, err := mirror.VerifyEvidence(ev, f.peer())
				if err != nil {
					t.Fatalf("offline check of the evidence: %v", err)
				}
				t.Log(proves)
				checkMirrored(t, f, db, "ru", accepted)
				if err := m.Sync(ctx); !errors.Is(err, mirror.ErrHalted) {
					t.Fatalf("second sync: %v, want ErrHalted", err)
				}
				restarted := f.mirrorFor(t, "ru", db.Mirrors(), now, time.Hour)
				if err := restarted.Sync(ctx); !errors.Is(err, mirror.ErrHalted) {
					t.Fatalf("sync after a restart: %v, want ErrHalted", err)
				}
				// The peer behaves again and the operator clears the evidence.
				f.set(func(f *fixture) { f.checkpoint, f.tree, f.db, f.alter = nil, nil, nil, nil })
				skew.Store(0)
				if tc.name == "statement in another party's name" {
					return // the log itself holds it: it cannot behave again
				}
				if err := m.Clear(ctx, id); err != nil {
					t.Fatal(err)
				}
				if err := m.Sync(ctx); err != nil {
					t.Fatalf("sync after clearing: %v", err)
				}
				checkMirrored(t, f, db, "ru", f.log.Hashes.Size())
			})
		}
	}
}

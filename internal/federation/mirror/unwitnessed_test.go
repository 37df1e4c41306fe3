package mirror_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/federation/fedtest"
	"truce/internal/federation/mirror"
	"truce/internal/ledger"
)

// TestMirrorNamesAnUnwitnessedRewrite checks that a history the peer's log
// rewrote, which no honest witness cosigns and so arrives short of the
// quorum, is kept as what it proves (the log signed two trees that cannot
// both be true, naming the rewritten entry), not merely as a checkpoint
// without its quorum; and that a consistent checkpoint short of its quorum
// is still kept as no-quorum evidence.
func TestMirrorNamesAnUnwitnessedRewrite(t *testing.T) {
	const accepted = 40
	cases := []struct {
		name   string
		grow   int // entries appended after the mirror accepted
		alter  bool
		kind   mirror.Kind
		detail string
	}{
		{"rewritten entry, larger tree", 5, true, mirror.KindFork, "entry 7 was rewritten"},
		{"rewritten entry, same size", 0, true, mirror.KindFork, "two trees of 40 entries"},
		{"consistent, larger tree", 5, false, mirror.KindNoQuorum, "carries 1 of 2 cosignatures"},
		{"consistent, same size", 0, false, mirror.KindNoQuorum, "carries 0 of 2 cosignatures"},
	}
	for _, eng := range fedtest.Engines() {
		for _, tc := range cases {
			t.Run(eng.Name+"/"+tc.name, func(t *testing.T) {
				ctx := context.Background()
				f := newFixture(t)
				db := eng.Open(t)
				m := f.mirrorFor(t, "ru", db.Mirrors(), time.Now, time.Hour)
				f.log.Append(t, accepted)
				if err := m.Sync(ctx); err != nil {
					t.Fatal(err)
				}
				f.log.Append(t, tc.grow)
				ls := leaves(t, f, accepted+int64(tc.grow))
				if tc.alter {
					se, err := f.log.DB.Entry(ctx, 7)
					if err != nil {
						t.Fatal(err)
					}
					ls[7] = ledger.Commitment(rewrite(t, se.Canonical))
				}
				hs, err := ledger.RebuildHashStore(ls)
				if err != nil {
					t.Fatal(err)
				}
				tree, err := hs.Tree()
				if err != nil {
					t.Fatal(err)
				}
				// Cosigned by no witness, or (consistent and larger) by one of
				// the two the quorum needs: honest witnesses refuse a rewrite.
				note := f.log.Sign(t, tree)
				if !tc.alter && tc.grow > 0 {
					note = f.log.Sign(t, tree, f.ws[0])
				}
				f.set(func(f *fixture) { f.tree, f.checkpoint = hs, func() []byte { return note } })
				err = m.Sync(ctx)
				if !errors.Is(err, mirror.ErrHalted) {
					t.Fatalf("sync: %v, want ErrHalted", err)
				}
				ev, err := db.Mirrors().Evidence(ctx, m.Status().HaltedBy)
				if err != nil {
					t.Fatal(err)
				}
				if ev.Kind != tc.kind || !strings.Contains(ev.Detail, tc.detail) {
					t.Fatalf("evidence %s: %q, want %s saying %q", ev.Kind, ev.Detail, tc.kind, tc.detail)
				}
				proves, err := mirror.VerifyEvidence(ev, f.peer())
				if err != nil {
					t.Fatalf("offline check: %v", err)
				}
				t.Log(proves)
				checkMirrored(t, f, db, "ru", accepted)
			})
		}
	}
}

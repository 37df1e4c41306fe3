package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/fault"
	"truce/internal/ledger"
)

// TestMirroredProofs stores a mirror of eight entries (content held for
// some) with its accepted checkpoint, and checks that several entries are
// proven at once in that checkpoint, in the order asked, and that an entry
// beyond it, one whose content is not held, or a mirror whose commitments
// do not hash to its root (an altered root here; the commitments are
// append-only) is refused with the right kind of error.
func TestMirroredProofs(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		const origin, size = "peer.truce.invalid/log", 8
		var leaves []tlog.Hash
		for i := range int64(size) {
			content := fmt.Appendf(nil, `{"seq":%d}`, i)
			c := ledger.Commitment(content)
			leaves = append(leaves, c)
			var held any
			if i%3 != 2 {
				held = content
			}
			if _, err := db.SQL.ExecContext(ctx, `INSERT INTO local_mirror_entries (origin, seq, commitment, content) VALUES ($1, $2, $3, $4)`,
				origin, i, c[:], held); err != nil {
				t.Fatal(err)
			}
		}
		hs, err := ledger.RebuildHashStore(leaves)
		if err != nil {
			t.Fatal(err)
		}
		hr, _ := hs.Snapshot()
		root, err := tlog.TreeHash(size, hr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SQL.ExecContext(ctx, `INSERT INTO local_mirror_checkpoints (origin, note, size, root, accepted_at) VALUES ($1, $2, $3, $4, $5)`,
			origin, []byte("note"), size, root[:], "2026-05-01T00:00:00Z"); err != nil {
			t.Fatal(err)
		}
		mps, err := db.MirroredProofs(ctx, origin, []int64{7, 0, 4})
		if err != nil {
			t.Fatal(err)
		}
		for i, seq := range []int64{7, 0, 4} {
			mp := mps[i]
			if mp.Size != size || string(mp.Checkpoint) != "note" || mp.Commitment != sha256.Sum256(mp.Content) {
				t.Fatalf("entry %d: %+v", seq, mp)
			}
			if err := tlog.CheckRecord(mp.Proof, size, root, seq, ledger.LeafHash(mp.Commitment)); err != nil {
				t.Fatalf("entry %d: %v", seq, err)
			}
		}
		for _, tc := range []struct {
			name   string
			origin string
			seqs   []int64
			want   error
		}{
			{"beyond the checkpoint", origin, []int64{1, size}, fault.ErrNotFound},
			{"content not held", origin, []int64{2}, fault.ErrNotFound},
			{"another origin", "other.truce.invalid/log", []int64{0}, fault.ErrNotFound},
		} {
			if _, err := db.MirroredProofs(ctx, tc.origin, tc.seqs); !errors.Is(err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
			}
		}
		if _, err := db.SQL.ExecContext(ctx, `UPDATE local_mirror_checkpoints SET root = $1 WHERE origin = $2`, make([]byte, 32), origin); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MirroredProofs(ctx, origin, []int64{0}); !errors.Is(err, fault.ErrIntegrity) {
			t.Errorf("commitments that do not hash to the checkpoint's root: %v, want %v", err, fault.ErrIntegrity)
		}
	})
}

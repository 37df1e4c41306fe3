package store

import (
	"context"
	"testing"
	"time"

	"truce/internal/ledger"
)

// TestEngineCheckpointBefore checks the public's batch checkpoint on every
// engine: the newest stored before the given second, with its
// cosignatures, and none before the first.
func TestEngineCheckpointBefore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		start := time.Now().UTC().Truncate(time.Second)
		for _, n := range []int64{2, 7} {
			sc := &ledger.SignedCheckpoint{Checkpoint: ledger.Checkpoint{Origin: "o"},
				Signed: []byte("o\n" + string(rune('0'+n)) + "\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n— o sig\n"), Cosignatures: [][]byte{[]byte("— w1 x\n")}}
			sc.N = n
			if err := db.SaveCheckpoint(ctx, sc); err != nil {
				t.Fatal(err)
			}
		}
		if cp, err := db.CheckpointBefore(ctx, start); cp != nil || err != nil {
			t.Fatalf("before the first: %v, %v; want none", cp, err)
		}
		cp, err := db.CheckpointBefore(ctx, start.Add(time.Hour))
		if err != nil || cp == nil || cp.N != 7 || len(cp.Cosignatures) != 1 {
			t.Fatalf("an hour later: %+v, %v; want size 7 with its cosignature", cp, err)
		}
	})
}

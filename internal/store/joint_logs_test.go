package store

import (
	"context"
	"encoding/hex"
	"testing"

	"truce/internal/access"
	"truce/internal/federation/joint"
)

// TestMirroredLogs: a node lists each origin it mirrors with the size and
// root of the checkpoint it accepted, and nothing before it mirrors any.
func TestMirroredLogs(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		const us = "us.example/log"
		src, dst := open(t), open(t)
		src.CiteAs(us)
		_, seq := openSequencer(t, src)
		if ls, err := dst.MirroredLogs(ctx); err != nil || len(ls) != 0 {
			t.Fatalf("before mirroring: %v %v", ls, err)
		}
		for _, id := range []string{"inc_a", "inc_b"} {
			if _, err := seq.Append(ctx, reportChange("us", id, access.Releasability{TLP: access.TLPClear})); err != nil {
				t.Fatal(err)
			}
		}
		c := chunkOf(t, src, us, 0, 2)
		if err := dst.Mirrors().ApplyMirrorChunk(ctx, c); err != nil {
			t.Fatal(err)
		}
		ls, err := dst.MirroredLogs(ctx)
		want := joint.Log{Origin: us, TreeSize: 2, RootHash: hex.EncodeToString(c.Root[:])}
		if err != nil || len(ls) != 1 || ls[0] != want {
			t.Errorf("mirrored logs %v %v, want %v", ls, err, want)
		}
	})
}

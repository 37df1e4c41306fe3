package store

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
)

// TestMirroredEntries checks that MirroredEntries returns the rows of one
// origin exactly as stored, in seq order, with nil for contents not held,
// and stops at fn's error.
func TestMirroredEntries(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		chunk := func(origin string, n int, contents ...int64) mirror.Chunk {
			c := mirror.Chunk{Origin: origin, Checkpoint: []byte("note"), Size: int64(n), Complete: true, Time: time.Unix(0, 0)}
			for i := range n {
				c.Commitments = append(c.Commitments, tlog.Hash{byte(i + 1), origin[0]})
			}
			for _, s := range contents {
				c.Contents = append(c.Contents, mirror.Content{Seq: s, Canonical: []byte{'c', byte(s)}})
			}
			return c
		}
		for _, c := range []mirror.Chunk{chunk("ru.example/log", 4, 1, 3), chunk("us.example/log", 2, 0)} {
			if err := db.Mirrors().ApplyMirrorChunk(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		var got []MirroredEntry
		if err := db.MirroredEntries(ctx, "ru.example/log", func(e MirroredEntry) error { got = append(got, e); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Fatalf("%d rows, want 4", len(got))
		}
		for i, e := range got {
			want := tlog.Hash{byte(i + 1), 'r'}
			if e.Seq != int64(i) || !bytes.Equal(e.Commitment, want[:]) {
				t.Errorf("row %d: seq %d commitment %x", i, e.Seq, e.Commitment)
			}
			if held := i == 1 || i == 3; held != (e.Content != nil) || (held && !bytes.Equal(e.Content, []byte{'c', byte(i)})) {
				t.Errorf("row %d: content %q", i, e.Content)
			}
		}
		stop := errors.New("stop")
		n := 0
		err := db.MirroredEntries(ctx, "ru.example/log", func(MirroredEntry) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Fatalf("fn's error: %v after %d rows", err, n)
		}
		if err := db.MirroredEntries(ctx, "none.example/log", func(MirroredEntry) error { return stop }); err != nil {
			t.Fatalf("an origin with no mirror: %v", err)
		}
	})
}

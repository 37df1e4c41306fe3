package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
)

// TestMirroredContentFrom checks that MirroredContentFrom returns, from a
// given seq on, only the rows of one origin whose content is held, in seq
// order.
func TestMirroredContentFrom(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		for _, origin := range []string{"ru.example/log", "us.example/log"} {
			c := mirror.Chunk{Origin: origin, Checkpoint: []byte("note"), Size: 6, Complete: true, Time: time.Unix(0, 0)}
			for i := range 6 {
				c.Commitments = append(c.Commitments, tlog.Hash{byte(i + 1), origin[0]})
			}
			for _, s := range []int64{0, 2, 3, 5} {
				c.Contents = append(c.Contents, mirror.Content{Seq: s, Canonical: []byte{origin[0], byte(s)}})
			}
			if err := db.Mirrors().ApplyMirrorChunk(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			from int64
			want []int64
		}{{0, []int64{0, 2, 3, 5}}, {1, []int64{2, 3, 5}}, {3, []int64{3, 5}}, {6, nil}}
		for _, tc := range cases {
			var got []int64
			err := db.MirroredContentFrom(ctx, "ru.example/log", tc.from, func(e MirroredEntry) error {
				if len(e.Content) != 2 || e.Content[0] != 'r' || int64(e.Content[1]) != e.Seq {
					t.Errorf("from %d: row %d holds %q", tc.from, e.Seq, e.Content)
				}
				got = append(got, e.Seq)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("from %d: rows %v, want %v", tc.from, got, tc.want)
			}
		}
	})
}

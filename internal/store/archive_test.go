package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/federation/mirror"
)

// TestArchiveLog checks that an archived log is held for citations and
// proofs (commitments, contents given, checkpoint accepted) but applied to
// no projection, and that a second archive of the origin or a partial one
// is refused, storing nothing.
func TestArchiveLog(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		chunk := func(n int) mirror.Chunk {
			c := mirror.Chunk{Origin: "hosted.example/log", Checkpoint: []byte("note"), Size: int64(n), Complete: true, Time: time.Unix(0, 0)}
			for i := range n {
				c.Commitments = append(c.Commitments, tlog.Hash{byte(i + 1)})
			}
			c.Contents = []mirror.Content{{Seq: 1, Canonical: []byte(`{"kind":"incident.reported"}`)}}
			return c
		}
		partial := chunk(3)
		partial.Size = 4
		for name, c := range map[string]mirror.Chunk{"partial": partial, "from 1": func() mirror.Chunk { c := chunk(3); c.Start = 1; return c }()} {
			if err := db.ArchiveLog(ctx, c); err == nil || !strings.Contains(err.Error(), "whole log") {
				t.Errorf("%s archive: %v, want a refusal", name, err)
			}
		}
		if err := db.ArchiveLog(ctx, chunk(3)); err != nil {
			t.Fatal(err)
		}
		if err := db.ArchiveLog(ctx, chunk(3)); err == nil || !strings.Contains(err.Error(), "already holds") {
			t.Errorf("a second archive: %v, want a refusal", err)
		}
		for i := range 3 {
			c, ok, err := db.CitedEntries().Commitment(ctx, "hosted.example/log", int64(i))
			if err != nil || !ok || c != (tlog.Hash{byte(i + 1)}) {
				t.Errorf("commitment %d: %x %v %v", i, c, ok, err)
			}
		}
		var applied, held int
		if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM local_mirror_applied`).Scan(&applied); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM local_mirror_entries WHERE content IS NOT NULL`).Scan(&held); err != nil {
			t.Fatal(err)
		}
		if applied != 0 || held != 1 {
			t.Errorf("%d entries applied, %d contents held; want 0 and 1", applied, held)
		}
		st, err := db.Mirrors().MirrorState(ctx, "hosted.example/log")
		if err != nil || string(st.Accepted) != "note" || len(st.Commitments) != 3 {
			t.Errorf("state: %q, %d commitments, %v", st.Accepted, len(st.Commitments), err)
		}
	})
}

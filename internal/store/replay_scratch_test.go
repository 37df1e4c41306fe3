package store

import (
	"context"
	"os"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
)

// TestSnapshotReplayInScratch checks, on every engine, that a snapshot's
// replay into a scratch database of the same engine gives exactly the
// snapshot's projections even when entries are appended after the snapshot
// was taken, that an altered projection row shows as a difference, and
// that the scratch database is gone once dropped.
func TestSnapshotReplayInScratch(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		svc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		party := func(id string) {
			t.Helper()
			if _, err := svc.CreateParty(ctx, access.Public, accounts.NewParty{ID: id, Name: "Party " + id, Kind: "other"}, true); err != nil {
				t.Fatal(err)
			}
		}
		party("us")
		party("ru")
		dir := t.TempDir()
		var scratches []string // the scratch schemas this test made (PostgreSQL)
		compare := func() (same bool) {
			t.Helper()
			snap, err := db.Snapshot(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer snap.Close()
			have, err := snap.DumpTable(ctx, "parties")
			if err != nil {
				t.Fatal(err)
			}
			// Written after the snapshot: neither side may see it.
			party("p" + string(rune('a'+len(have))))
			scratch, drop, err := db.OpenScratch(ctx, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer drop()
			if db.Engine == Postgres {
				var name string
				if err := scratch.SQL.QueryRow(`SELECT current_schema()`).Scan(&name); err != nil {
					t.Fatal(err)
				}
				scratches = append(scratches, name)
			}
			if err := snap.Rebuild(ctx, scratch, nil); err != nil {
				t.Fatal(err)
			}
			want, err := scratch.DumpTable(ctx, "parties")
			if err != nil {
				t.Fatal(err)
			}
			return slices.Equal(have, want)
		}
		if !compare() {
			t.Fatal("the replay of a snapshot differs from its projections")
		}
		if _, err := db.SQL.Exec(`UPDATE parties SET name = 'Altered' WHERE id = 'ru'`); err != nil {
			t.Fatal(err)
		}
		if compare() {
			t.Fatal("an altered projection row matches the replay")
		}
		if db.Engine == Postgres {
			// Only this test's scratch schemas: other packages' tests replay
			// into scratch schemas of their own on the same server meanwhile.
			var n int
			if err := db.SQL.QueryRow(`SELECT count(*) FROM information_schema.schemata WHERE schema_name = ANY($1)`, scratches).Scan(&n); err != nil || n != 0 || len(scratches) != 2 {
				t.Fatalf("scratch schemas left: %d of %v, %v", n, scratches, err)
			}
		} else if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Fatalf("scratch files left: %v", left)
		}
	})
}

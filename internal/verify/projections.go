package verify

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/store"
)

// Projections replays db's log, as of one snapshot, into a scratch database
// of db's engine (a file under scratchDir on SQLite, a schema dropped
// afterwards on PostgreSQL) and compares every projection table of the
// snapshot with the replay. It returns one "projection" Problem per row
// that differs (at most 10 extra and 10 missing rows per table) and a
// Problem if the replay fails, for instance on an altered entry row; the
// error is for failures to run the check at all, ctx ending included. The snapshot is one read
// transaction, which blocks no writer. say, if set, is told the progress.
func Projections(ctx context.Context, db *store.DB, scratchDir string, say func(string, ...any)) ([]Problem, error) {
	if say == nil {
		say = func(string, ...any) {}
	}
	replay, drop, err := db.OpenScratch(ctx, scratchDir)
	if err != nil {
		return nil, fmt.Errorf("verify: projections: %w", err)
	}
	defer drop()
	snap, err := db.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("verify: projections: %w", err)
	}
	defer snap.Close()
	r := &Report{}
	if err := snap.Rebuild(ctx, replay, func(done, total int64) { say("replayed %d of %d entries", done, total) }); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("verify: projections: %w", ctx.Err())
		}
		r.add("projection", "replay failed: %v", err)
		r.Problems[0].Where = "the log (its replay failed)"
		return r.Problems, nil
	}
	for _, table := range store.ProjectionTables() {
		have, err := snap.DumpTable(ctx, table)
		if err != nil {
			return nil, fmt.Errorf("verify: projections: %s: %w", table, err)
		}
		want, err := replay.DumpTable(ctx, table)
		if err != nil {
			return nil, fmt.Errorf("verify: projections: replayed %s: %w", table, err)
		}
		if slices.Equal(have, want) {
			continue
		}
		extra, missing := diff(have, want)
		from := len(r.Problems)
		for _, row := range extra {
			r.add("projection", "table %s has a row the log does not give: %s", table, row)
		}
		for _, row := range missing {
			r.add("projection", "table %s lacks a row the log gives: %s", table, row)
		}
		for i := from; i < len(r.Problems); i++ {
			r.Problems[i].Where = "projection table " + table
		}
	}
	return r.Problems, nil
}

package cli

import (
	"context"
	"fmt"
	"time"

	"truce/internal/backup"
	"truce/internal/store"
)

func runMigrate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "migrate", "--from URL --to URL", `
Copies a node's database to another engine, e.g. from SQLite to PostgreSQL,
by replaying its log: every entry is checked against its commitment and
appended with its projections, the tree is recomputed, the signed
checkpoints (with their cosignatures) and the node-local tables (passwords,
token secrets, sessions, read audit) are copied. Then it verifies the copy:
same entries, same tree root, same signed checkpoint history, same
projections. The destination must hold no entry; migrations are applied to
it. Stop the node first (or copy from a backup).

Database URLs: sqlite://PATH (e.g. sqlite://truce-data/truce.db) or
postgres://USER@HOST:PORT/DB. Afterwards serve the node with
'truce serve --data DIR --db postgres://…'; DIR still holds its key.`)
	from := fs.String("from", "", "source database `URL`")
	to := fs.String("to", "", "destination database `URL`")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return usagef("--from and --to are required")
	}
	if *from == *to {
		return usagef("--from and --to name the same database")
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return fmt.Errorf("source: %w", err)
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return fmt.Errorf("destination: %w", err)
	}
	defer dst.Close()
	start := time.Now()
	last := time.Time{}
	progress := func(stage string, done, total int64) {
		if done == total || time.Since(last) > time.Second {
			last = time.Now()
			fmt.Fprintf(env.Stderr, "%s: %d of %d\n", stage, done, total)
		}
	}
	fmt.Fprintf(env.Stderr, "copying %s (%s) to %s (%s)\n", src.Path, src.Engine, dst.Path, dst.Engine)
	if err := backup.Copy(ctx, src, dst, progress); err != nil {
		return err
	}
	r, err := backup.Verify(ctx, src, dst, progress)
	if err != nil {
		return fmt.Errorf("the copy does not match its source: %w", err)
	}
	fmt.Fprintf(env.Stdout, "Copied and verified %d entries (tree root %s), %d signed checkpoints, %d projection tables in %s.\n",
		r.Entries, r.Root, r.Checkpoints, r.Tables, time.Since(start).Round(time.Millisecond))
	return nil
}

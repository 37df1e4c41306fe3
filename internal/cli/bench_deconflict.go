package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"truce/internal/bench"
)

// deconflictFlags registers the flags of `truce bench deconflict`.
func deconflictFlags(fs *flag.FlagSet) *bench.DeconflictOptions {
	o := &bench.DeconflictOptions{}
	fs.IntVar(&o.Plans, "plans", 10_000, "flight plans for the 'deconflict' conflict figures")
	fs.IntVar(&o.Tracks, "tracks", 10_000, "live tracks for the 'deconflict' ingestion figures")
	fs.IntVar(&o.Batch, "batch", 2_000, "position reports per API request in the 'deconflict' figure")
	fs.IntVar(&o.Clients, "clients-per-party", 2, "API clients per party (three parties) in the 'deconflict' figure")
	fs.Uint64Var(&o.Seed, "seed", 42, "seed of the generated traffic in the 'deconflict' figures")
	return o
}

// runDeconflictBench runs `truce bench deconflict`: the engine's figures
// through the generated traffic, in-process updates/s, and batched
// position updates/s over loopback with the conflict tick running, each
// with a baseline from the same run, printed as a table.
func runDeconflictBench(ctx context.Context, env *Env, o *bench.DeconflictOptions, d time.Duration) error {
	o.Duration = d
	dir, err := os.MkdirTemp("", "truce-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	say := func(format string, a ...any) { fmt.Fprintf(env.Stderr, format+"\n", a...) }
	rs, err := bench.Deconflict(ctx, dir, *o, say)
	if err != nil {
		return err
	}
	bench.PrintTable(env.Stdout, rs)
	return nil
}

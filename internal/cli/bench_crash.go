package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"

	"truce/internal/bench"
)

// crashFlags are the flags of `truce bench crash`.
type crashFlags struct {
	cycles, writers *int
	seed            *uint64
}

func newCrashFlags(fs *flag.FlagSet) crashFlags {
	return crashFlags{
		cycles:  fs.Int("cycles", 100, "kill -9 cycles of the 'crash' campaign"),
		writers: fs.Int("writers", 8, "concurrent writing clients in the 'crash' campaign"),
		seed:    fs.Uint64("crash-seed", 1, "seed of the kill moments in the 'crash' campaign"),
	}
}

// runCrashBench runs `truce bench crash`: a crash campaign against a node
// of this binary in a temporary directory (see bench.Crash), with a line
// per cycle on stderr and the totals as a table. It fails if an
// acknowledged write was lost or the store does not verify.
func runCrashBench(ctx context.Context, env *Env, f crashFlags, run time.Duration) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench crash: %w", err)
	}
	dir, err := os.MkdirTemp("", "truce-bench-crash-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	say := func(format string, a ...any) { fmt.Fprintf(env.Stderr, format+"\n", a...) }
	say("crash: %d cycles of up to %s under mixed load with %d writers, SIGKILL at a random moment", *f.cycles, run, *f.writers)
	start := time.Now()
	res, err := bench.Crash(ctx, bench.CrashOptions{Dir: dir + "/node", Cycles: *f.cycles, Run: run, Writers: *f.writers, Seed: *f.seed,
		Command: func(args ...string) *exec.Cmd { return exec.CommandContext(ctx, exe, args...) }}, say)
	if err != nil {
		return err
	}
	p50 := bench.Percentile(res.Restarts, 50)
	rs := []bench.Result{
		{Name: "crash cycles (SIGKILL under mixed load)", Value: float64(res.Cycles), Unit: "cycles", Target: "100", Baseline: fmt.Sprintf("%s in all", time.Since(start).Round(time.Second))},
		{Name: "writes acknowledged", Value: float64(res.Acked), Unit: "writes", Baseline: fmt.Sprint(res.ByKind)},
		{Name: "acknowledged writes lost", Value: float64(len(res.Lost)), Unit: "writes", Target: "0"},
		{Name: "restarts not extending the last served checkpoint", Value: float64(len(res.Forks)), Unit: "restarts", Target: "0"},
		{Name: "log entries at the end", Value: float64(res.Entries), Unit: "entries"},
		{Name: "restart to ready, p50", Value: float64(p50.Microseconds()) / 1000, Unit: "ms", Baseline: fmt.Sprintf("max %s", bench.Percentile(res.Restarts, 100).Round(time.Millisecond))},
		{Name: "verify --deep problems at the end", Value: float64(len(res.DeepProblems)), Unit: "problems", Target: "0"},
	}
	bench.PrintTable(env.Stdout, rs)
	if len(res.Lost) > 0 || len(res.DeepProblems) > 0 || len(res.Forks) > 0 {
		return fmt.Errorf("bench crash: %d acknowledged writes lost (first: %+v), %d verify problems %v, trees not extending a served checkpoint: %v",
			len(res.Lost), res.Lost[:min(1, len(res.Lost))], len(res.DeepProblems), res.DeepProblems, res.Forks)
	}
	return nil
}

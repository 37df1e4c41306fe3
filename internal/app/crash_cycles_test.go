package app_test

import (
	"context"
	"testing"
	"time"

	"truce/internal/bench"
)

// TestCrashCyclesUnderMixedLoad runs a short crash campaign (bench.Crash,
// as `truce bench crash` does at length): a node process of this binary
// under mixed writes (incidents, acknowledgements of notified sites, hotline
// messages, flight plans) is killed with SIGKILL mid-load several times;
// after each restart the node's signed tree must extend the last checkpoint
// the killed process served and every write it acknowledged must be there, at the end every write of the campaign, and verify --deep must find
// nothing wrong.
func TestCrashCyclesUnderMixedLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills node processes")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	res, err := bench.Crash(ctx, bench.CrashOptions{Dir: t.TempDir() + "/node", Cycles: 3, Run: 1500 * time.Millisecond, Writers: 6, Seed: 7,
		Command: nodeCommand}, func(format string, args ...any) { t.Logf(format, args...) })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Lost) > 0 {
		t.Fatalf("%d acknowledged writes lost after SIGKILL, e.g. %+v", len(res.Lost), res.Lost[0])
	}
	if len(res.Forks) > 0 {
		t.Fatalf("the restarted node's tree does not extend what it served before SIGKILL: %v", res.Forks)
	}
	if len(res.DeepProblems) > 0 {
		t.Fatalf("verify --deep after the last kill: %v", res.DeepProblems)
	}
	for _, kind := range []string{"incident", "message", "flightplan", "site", "acknowledgement"} {
		if res.ByKind[kind] == 0 {
			t.Errorf("no %s was acknowledged in %d cycles: the load is not mixed (%v)", kind, res.Cycles, res.ByKind)
		}
	}
	t.Logf("%d cycles, %d writes acknowledged %v, none lost, %d entries", res.Cycles, res.Acked, res.ByKind, res.Entries)
}

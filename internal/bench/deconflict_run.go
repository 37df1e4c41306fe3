package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"truce/internal/deconflict"
)

// DeconflictOptions sizes `truce bench deconflict`.
type DeconflictOptions struct {
	Plans    int           // plans for the all-conflicts and one-plan figures (10,000)
	Tracks   int           // tracks for the ingestion figures (10,000)
	Batch    int           // reports per API request (2,000)
	Clients  int           // API clients per party (2)
	Duration time.Duration // per rate measurement
	Seed     uint64
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Deconflict measures the deconfliction figures and returns them as table
// rows, each with its target and a baseline from the same run. dir is a
// scratch directory for the API node.
func Deconflict(ctx context.Context, dir string, o DeconflictOptions, say Progress) ([]Result, error) {
	var rs []Result
	say("deconflict: generating %d plans (seed %d)", o.Plans, o.Seed)
	dense := Traffic(o.Seed, o.Plans, 0, "p")
	day := Traffic(o.Seed, o.Plans, 22*time.Hour, "p")
	extra := Traffic(o.Seed+1, 100, 0, "x")
	for _, c := range []struct {
		name  string
		plans []deconflict.FlightPlan
	}{{"dense (all airborne)", dense}, {"day (starts over 22 h)", day}} {
		say("deconflict: all conflicts, %s", c.name)
		d, n, inc, err := AllConflicts(c.plans, 3, say)
		if err != nil {
			return nil, err
		}
		rs = append(rs, Result{Name: fmt.Sprintf("all conflicts, %d plans, %s", o.Plans, c.name), Value: ms(d), Unit: "ms", Target: "≤ 250",
			Baseline: fmt.Sprintf("%d conflicts; %.0f ms adding one by one", n, ms(inc))})
	}
	say("deconflict: one new plan against %d", o.Plans)
	one, err := OnePlan(dense, extra, say)
	if err != nil {
		return nil, err
	}
	rs = append(rs, Result{Name: fmt.Sprintf("one new plan against %d (add + remove)", o.Plans), Value: ms(one), Unit: "ms", Target: "≤ 1",
		Baseline: fmt.Sprintf("%.0f ms recomputing all (dense)", rs[0].Value)})
	for _, n := range []int{10_000, 100_000} {
		say("deconflict: tick, %d tracks", n)
		d, k, err := Tick(n, 5, say)
		if err != nil {
			return nil, err
		}
		target := "≤ 10"
		if n > 10_000 {
			target = "≤ 100"
		}
		rs = append(rs, Result{Name: fmt.Sprintf("tick, %d tracks, 300 s look-ahead", n), Value: ms(d), Unit: "ms", Target: target,
			Baseline: fmt.Sprintf("%d predictions; all pairs ~%.0f ms", k, ms(NaiveTick(n)))})
	}
	say("deconflict: position updates in process, %d tracks", o.Tracks)
	eng, svc, base, err := Updates(o.Tracks, o.Batch, o.Duration, say)
	if err != nil {
		return nil, err
	}
	rs = append(rs, Result{Name: "position updates/s in process (engine)", Value: eng, Unit: "updates/s", Target: "≥ 1,000,000",
		Baseline: fmt.Sprintf("%.0f/s into a map", base)},
		Result{Name: fmt.Sprintf("position updates/s in process (service, batches of %d)", o.Batch), Value: svc, Unit: "updates/s", Target: "",
			Baseline: "validation, party check, latest-state table"})
	api, err := deconflictAPI(ctx, dir, o, svc, say)
	if err != nil {
		return nil, err
	}
	return append(rs, api...), nil
}

// deconflictAPI starts a node and measures batched position updates over
// loopback with the conflict tick running.
func deconflictAPI(ctx context.Context, dir string, o DeconflictOptions, inProcess float64, say Progress) ([]Result, error) {
	reps, radius := TrackTraffic(13, o.Tracks, time.Now())
	say("deconflict: starting a node for the API figure")
	heap0 := HeapMiB()
	n, err := StartTrackNode(ctx, filepath.Join(dir, "tracks-node"), radius)
	if err != nil {
		return nil, err
	}
	defer n.Close()
	say("deconflict: warm-up: one round of %d tracks, then a tick that raises their predicted conflicts", o.Tracks)
	if _, _, err := APITrackUpdates(ctx, n, reps, o.Batch, o.Clients, time.Millisecond); err != nil {
		return nil, err
	}
	t0 := time.Now()
	if err := n.App.Flights.Tick(ctx); err != nil {
		return nil, err
	}
	open := countOpen(ctx, n)
	say("deconflict: %d open conflicts raised and alerted in %s", open, time.Since(t0).Round(time.Millisecond))
	say("deconflict: %d clients posting batches of %d for %s, tick every second", 3*o.Clients, o.Batch, o.Duration)
	size := n.App.Hashes.Size()
	rate, reqs, err := APITrackUpdates(ctx, n, reps, o.Batch, o.Clients, o.Duration)
	if err != nil {
		return nil, err
	}
	heap := HeapMiB()
	say("deconflict: %.0f updates/s over the API (%d requests), %d log entries appended meanwhile (conflicts raised, cleared, alerted), live heap %.0f MiB (%.0f MiB before the node)",
		rate, reqs, n.App.Hashes.Size()-size, heap, heap0)
	return []Result{{Name: fmt.Sprintf("API batched updates/s, %d tracks, detection on", o.Tracks), Value: rate, Unit: "updates/s", Target: "≥ 150,000",
		Baseline: fmt.Sprintf("%.0f/s same path in process; heap %.0f MiB", inProcess, heap-heap0)}}, nil
}

// countOpen counts the open conflicts of the node.
func countOpen(ctx context.Context, n *TrackNode) int {
	cs, err := n.App.DB.Flights().Conflicts(ctx, time.Now())
	if err != nil {
		return -1
	}
	k := 0
	for _, c := range cs {
		if c.Status == "open" {
			k++
		}
	}
	return k
}

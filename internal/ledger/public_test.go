package ledger

import (
	"context"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// TestPublicLogBatches checks that the public checkpoint is the newest
// signed before the current batch began, read once per batch, and that a
// checkpoint signed within the batch shows only from the next one on.
func TestPublicLogBatches(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	type signed struct {
		at time.Time
		cp *SignedCheckpoint
	}
	var log []signed
	sign := func(at time.Time, n int64) {
		log = append(log, signed{at, &SignedCheckpoint{Checkpoint: Checkpoint{Tree: tlog.Tree{N: n}}}})
	}
	reads := 0
	before := func(_ context.Context, b time.Time) (*SignedCheckpoint, error) {
		reads++
		var out *SignedCheckpoint
		for _, s := range log {
			if s.at.Before(b) {
				out = s.cp
			}
		}
		return out, nil
	}
	now := t0.Add(10 * time.Minute)
	p := NewPublicLog(time.Hour, before, func() *SignedCheckpoint { return log[len(log)-1].cp }, func() time.Time { return now })
	size := func() int64 {
		t.Helper()
		n, err := p.Size(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	sign(t0.Add(-30*time.Minute), 5)
	sign(t0.Add(5*time.Minute), 9)
	for _, step := range []struct {
		at   time.Duration // since t0
		sign int64         // a checkpoint of this size signed then (0: none)
		want int64
	}{
		{10 * time.Minute, 0, 5},    // 9 was signed within this batch
		{20 * time.Minute, 12, 5},   // and so was 12
		{60 * time.Minute, 0, 12},   // the next batch shows both
		{119 * time.Minute, 20, 12}, // 20 waits for 14:00
		{120 * time.Minute, 0, 20},  // and shows then
		{180 * time.Minute, 0, 20},  // nothing new
		{200 * time.Minute, 0, 20},  // read once per batch
		{-120 * time.Minute, 0, 0},  // before the first checkpoint: none
	} {
		now = t0.Add(step.at)
		if step.sign > 0 {
			sign(now, step.sign)
		}
		if got := size(); got != step.want {
			t.Fatalf("at %s: public size %d, want %d", now.Format(time.TimeOnly), got, step.want)
		}
	}
	if reads != 5 {
		t.Errorf("%d reads of the store, want one per batch (5)", reads)
	}
	live := NewPublicLog(0, before, func() *SignedCheckpoint { return log[len(log)-1].cp }, nil)
	if cp, _ := live.Checkpoint(context.Background()); cp.N != 20 {
		t.Errorf("no batching: size %d, want the latest, 20", cp.N)
	}
}

package ledger_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"truce/internal/ledger"
)

// TestSequencerCancelledContext checks that an Append whose context ends
// before its write is sequenced returns the context's error and writes
// nothing, while others in the same batch commit.
func TestSequencerCancelledContext(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := l.seq.Append(cancelled, event("before")); !errors.Is(err, context.Canceled) {
		t.Fatalf("append with a cancelled context: %v", err)
	}

	// Queued behind a blocked batch, then cancelled.
	release, waitA := blockSequencer(t, l, "a")
	queued, cancelQueued := context.WithCancel(ctx)
	deadline, cancelDeadline := context.WithTimeout(ctx, time.Millisecond)
	defer cancelDeadline()
	var wg sync.WaitGroup
	var errQueued, errDeadline, errOther error
	wg.Go(func() { _, errQueued = l.seq.Append(queued, event("queued")) })
	wg.Go(func() { _, errDeadline = l.seq.Append(deadline, event("deadline")) })
	wg.Go(func() { _, errOther = l.seq.Append(ctx, event("other")) })
	settle()
	cancelQueued()
	<-deadline.Done()
	close(release)
	wg.Wait()
	if err := waitA(); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(errQueued, context.Canceled) {
		t.Errorf("queued then cancelled: %v", errQueued)
	}
	if !errors.Is(errDeadline, context.DeadlineExceeded) {
		t.Errorf("queued past its deadline: %v", errDeadline)
	}
	if errOther != nil {
		t.Errorf("other append in the batch: %v", errOther)
	}
	for s, want := range map[string]int{"before": 0, "queued": 0, "deadline": 0, "a": 1, "other": 1} {
		if got := subjectCount(t, l.db, s); got != want {
			t.Errorf("%d entries about %s, want %d", got, s, want)
		}
	}
	if n := len(checkStoredLog(t, l.db, l.hashes)); n != 2 {
		t.Fatalf("%d entries, want 2", n)
	}

	// A context cancelled after its entry is durable does not undo it.
	after, cancelAfter := context.WithCancel(ctx)
	es, err := l.seq.Append(after, event("after"))
	cancelAfter()
	if err != nil || len(es) != 1 || subjectCount(t, l.db, "after") != 1 {
		t.Fatalf("append: %v, %v", es, err)
	}
}

// steppingClock returns the times in steps in turn, then the last one.
type steppingClock struct {
	mu    sync.Mutex
	steps []time.Time
	i     int
}

func (c *steppingClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.steps[min(c.i, len(c.steps)-1)]
	c.i++
	return t
}

// TestSequencerClockGoesBackwards checks that entry times never go
// backwards, within an Append, across Appends and batches, and across a
// restart given the last entry's time, even when the clock does.
func TestSequencerClockGoesBackwards(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	var steps []time.Time
	for i := range 200 {
		// Forward a second, back an hour, forward, back a nanosecond, …
		switch i % 4 {
		case 0:
			steps = append(steps, t0.Add(time.Duration(i)*time.Second))
		case 1:
			steps = append(steps, t0.Add(-time.Hour))
		case 2:
			steps = append(steps, t0.Add(time.Duration(i)*time.Second+time.Nanosecond))
		case 3:
			steps = append(steps, t0.Add(time.Duration(i)*time.Second))
		}
	}
	clock := &steppingClock{steps: steps}
	l := openSQLiteLog(t, ledger.SequencerOptions{Now: clock.now})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 8 {
				if _, err := l.seq.Append(ctx, event(fmt.Sprintf("w%d-%d-a", w, i)), event(fmt.Sprintf("w%d-%d-b", w, i))); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	entries := checkStoredLog(t, l.db, l.hashes) // checks the times are non-decreasing
	if len(entries) != 128 {
		t.Fatalf("%d entries", len(entries))
	}
	last := entries[len(entries)-1].TimeValue()
	if last.Before(t0) {
		t.Fatalf("last entry at %s, before the clock's first reading", last)
	}

	// A restarted sequencer given the log's last time, with a clock that
	// is a day behind, stamps its entries with that time.
	l.seq.Close()
	behind := &steppingClock{steps: []time.Time{t0.Add(-24 * time.Hour)}}
	seq2 := ledger.NewSequencer(l.db, l.hashes, ledger.SequencerOptions{Now: behind.now, LastTime: last})
	defer seq2.Close()
	es, err := seq2.Append(ctx, event("restart-1"), event("restart-2"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if !e.TimeValue().Equal(last) {
			t.Fatalf("entry after restart at %s, want %s", e.Time, last)
		}
	}
	checkStoredLog(t, l.db, l.hashes)
}

// TestSequencerCloseDrains checks that Close finishes the appends already
// queued and that later Appends return ErrClosed.
func TestSequencerCloseDrains(t *testing.T) {
	ctx := context.Background()
	l := openSQLiteLog(t, ledger.SequencerOptions{})
	release, waitA := blockSequencer(t, l, "a")

	const n = 40
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { _, errs[i] = l.seq.Append(ctx, event(fmt.Sprintf("q%d", i))) })
	}
	settle()
	closed := make(chan struct{})
	go func() {
		l.seq.Close()
		close(closed)
	}()
	select {
	case <-closed:
		t.Fatal("Close returned while a batch was still being written")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	<-closed
	wg.Wait()
	if err := waitA(); err != nil {
		t.Fatal(err)
	}
	var done, refused int
	for i, err := range errs {
		switch {
		case err == nil:
			done++
			if subjectCount(t, l.db, fmt.Sprintf("q%d", i)) != 1 {
				t.Errorf("append q%d returned but is not stored", i)
			}
		case errors.Is(err, ledger.ErrClosed):
			refused++
		default:
			t.Errorf("append q%d: %v", i, err)
		}
	}
	if done == 0 {
		t.Fatal("Close dropped every queued append")
	}
	t.Logf("%d queued appends drained, %d refused", done, refused)
	if _, err := l.seq.Append(ctx, event("late")); !errors.Is(err, ledger.ErrClosed) {
		t.Fatalf("append after Close: %v, want ErrClosed", err)
	}
	l.seq.Close() // a second Close is harmless
	if got := len(checkStoredLog(t, l.db, l.hashes)); got != done+1 {
		t.Fatalf("%d entries stored, %d appends succeeded", got, done+1)
	}
}

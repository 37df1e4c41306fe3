package store

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"truce/internal/testwait"
)

// TestHeadShareNeverAnswersEarlierQuery has a read arrive while a head
// query is running: it must get the answer of a query that started after
// it arrived (the second), never the first; and two reads that arrive
// while that second query runs get the third or a later one. (They
// usually share the third; one that wakes only after the third has ended
// runs a fourth, which is as correct.)
func TestHeadShareNeverAnswersEarlierQuery(t *testing.T) {
	var h headShare
	var calls atomic.Int64
	release := make(chan struct{}, 4)
	query := func(context.Context) (int64, error) {
		n := calls.Add(1)
		<-release
		return n, nil
	}
	ctx := context.Background()
	arrivals := func() uint64 {
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.tick
	}
	first := make(chan int64, 1)
	go func() { v, _ := h.get(ctx, query); first <- v }()
	testwait.For(t, 10*time.Second, "the first query to start", func() bool { return calls.Load() == 1 })
	second := make(chan int64, 1)
	go func() { v, _ := h.get(ctx, query); second <- v }()
	testwait.For(t, 10*time.Second, "the second read to arrive", func() bool { return arrivals() == 3 })
	release <- struct{}{}
	if v := <-first; v != 1 {
		t.Fatalf("first read got query %d", v)
	}
	testwait.For(t, 10*time.Second, "the second query to start", func() bool { return calls.Load() == 2 })
	third, fourth := make(chan int64, 1), make(chan int64, 1)
	go func() { v, _ := h.get(ctx, query); third <- v }()
	go func() { v, _ := h.get(ctx, query); fourth <- v }()
	testwait.For(t, 10*time.Second, "two more reads to arrive", func() bool { return arrivals() == 6 })
	release <- struct{}{}
	if v := <-second; v != 2 {
		t.Fatalf("a read that arrived during query 1 got query %d", v)
	}
	testwait.For(t, 10*time.Second, "the third query to start", func() bool { return calls.Load() == 3 })
	close(release) // the third query, and a fourth if a read woke too late to share it
	if a, b := <-third, <-fourth; a < 3 || b < 3 {
		t.Fatalf("reads that arrived during query 2 got queries %d and %d, want 3 or later", a, b)
	}
	if n := calls.Load(); n > 4 {
		t.Fatalf("%d queries for 4 reads", n)
	}
}

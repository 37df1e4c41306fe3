package store

import (
	"context"
	"sync"
)

// headShare lets concurrent reads share one query of the log's head
// without weakening what each read sees: a read may take the answer of a
// query that started after the read arrived (so the answer includes every
// commit before the read began), never of one already running when it
// arrived; it waits for the next one instead. At most one query runs at a
// time, so with many concurrent readers one query answers a batch of them.
type headShare struct {
	mu   sync.Mutex
	tick uint64    // arrival counter
	cur  *headCall // the query running, if any
}

// headCall is one query of the head: start is the arrival count when it
// began (reads that arrived before may share it); head and err are set
// before done is closed.
type headCall struct {
	start uint64
	done  chan struct{}
	head  int64
	err   error
}

// get returns the log's size as read, through query, by a query that
// started after get was called.
func (h *headShare) get(ctx context.Context, query func(context.Context) (int64, error)) (int64, error) {
	h.mu.Lock()
	arrival := h.tick
	h.tick++
	for {
		call := h.cur
		if call == nil {
			break
		}
		h.mu.Unlock()
		select {
		case <-call.done:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		if call.start > arrival {
			return call.head, call.err
		}
		h.mu.Lock()
	}
	call := &headCall{start: h.tick, done: make(chan struct{})}
	h.tick++
	h.cur = call
	h.mu.Unlock()
	call.head, call.err = query(context.WithoutCancel(ctx))
	h.mu.Lock()
	h.cur = nil
	h.mu.Unlock()
	close(call.done)
	return call.head, call.err
}

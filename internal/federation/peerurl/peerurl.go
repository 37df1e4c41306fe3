// Package peerurl uses every URL the roster gives a member's node: a call
// tries the URL that last answered first, then the others in roster order,
// and remembers the first that answers. A node with two listeners (two
// networks, a standby) stays reachable while one of them is down.
package peerurl

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
)

// Failover chooses among n URLs (indexes 0..n-1, in roster order). It is
// safe for concurrent use.
type Failover struct {
	n    int
	last atomic.Int64 // index of the URL that last answered
}

// New returns a Failover over n URLs, starting with the first. It returns
// an error if n is not positive.
func New(n int) (*Failover, error) {
	if n <= 0 {
		return nil, errors.New("peerurl: a member needs at least one URL")
	}
	return &Failover{n: n}, nil
}

// Last returns the index of the URL that last answered (0 before any did).
func (f *Failover) Last() int { return int(f.last.Load()) }

// Order returns the indexes in the order a call tries them: the last good
// one, then the others in roster order.
func (f *Failover) Order() []int {
	first := f.Last()
	out := []int{first}
	for i := range f.n {
		if i != first {
			out = append(out, i)
		}
	}
	return out
}

// Do calls fn with each URL index in Order until one succeeds, and
// remembers that index. It stops early when ctx is done or fn's error is
// final (Final): the request was answered and another URL would answer the
// same. It returns the errors of every URL tried, joined.
func Do[T any](ctx context.Context, f *Failover, fn func(i int) (T, error)) (T, error) {
	var zero T
	var errs []error
	for _, i := range f.Order() {
		v, err := fn(i)
		if err == nil {
			f.last.Store(int64(i))
			return v, nil
		}
		errs = append(errs, fmt.Errorf("url %d: %w", i, err))
		if ctx.Err() != nil || errors.Is(err, ErrFinal) {
			break
		}
	}
	return zero, errors.Join(errs...)
}

// ErrFinal marks an error (wrapped with Final) that another URL of the
// same node would not change, so Do does not try the others.
var ErrFinal = errors.New("final answer")

// Final wraps err as final (see Do).
func Final(err error) error { return fmt.Errorf("%w: %w", ErrFinal, err) }

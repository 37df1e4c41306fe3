// Package testwait waits in tests for a condition, never for a fixed time.
package testwait

import (
	"testing"
	"time"
)

// For calls cond every few milliseconds until it holds, and fails t
// (naming what it waited for) once limit has passed. Tests wait on the
// condition they need, never for a fixed time, so that a slow machine
// only makes them slower, not flaky.
func For(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(5 * time.Millisecond) // the polling interval, not a wait for an outcome
	}
}

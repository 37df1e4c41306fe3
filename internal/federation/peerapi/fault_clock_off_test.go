//go:build !trucefault

package peerapi

import (
	"testing"
	"time"
)

// TestEntryClockNormalBuild checks that a normal build dates entries by
// the node's clock whatever FaultEnv says.
func TestEntryClockNormalBuild(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock, err := EntryClock(func(string) string { return "backdate:1h" }, func() time.Time { return t0 }, nil)
	if err != nil || !clock().Equal(t0) {
		t.Fatalf("EntryClock: %v; want the node's clock, not a backdated one", err)
	}
}

//go:build !trucefault

package peerapi

import "testing"

// TestNoFaultInANormalBuild checks that a normal build never misbehaves,
// even with FaultEnv set.
func TestNoFaultInANormalBuild(t *testing.T) {
	for _, mode := range []string{"fork:ru", "rewrite", "bad-content", "stale"} {
		f, err := NewFault(FaultDeps{Getenv: func(string) string { return mode }})
		if f != nil || err != nil {
			t.Fatalf("%s=%s: NewFault = %v, %v in a normal build", FaultEnv, mode, f, err)
		}
	}
}

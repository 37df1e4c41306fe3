//go:build trucefault

package peerapi

import (
	"testing"
	"time"
)

// TestEntryClock checks the backdate fault's clock: D before the node's,
// an hour by default, the node's own clock for other modes, and an error
// for a duration that is not positive.
func TestEntryClock(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return t0 }
	tests := []struct {
		env  string
		want time.Time
		err  bool
	}{
		{"", t0, false},
		{"stale", t0, false},
		{"backdate", t0.Add(-time.Hour), false},
		{"backdate:90s", t0.Add(-90 * time.Second), false},
		{"backdate:0s", time.Time{}, true},
		{"backdate:-1h", time.Time{}, true},
		{"backdate:soon", time.Time{}, true},
	}
	for _, tc := range tests {
		t.Run(tc.env, func(t *testing.T) {
			clock, err := EntryClock(func(string) string { return tc.env }, now, nil)
			if tc.err {
				if err == nil {
					t.Fatalf("EntryClock(%q) accepted", tc.env)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := clock(); !got.Equal(tc.want) {
				t.Fatalf("EntryClock(%q)() = %s, want %s", tc.env, got, tc.want)
			}
		})
	}
	if f, err := NewFault(FaultDeps{Getenv: func(string) string { return "backdate:5m" }, Signer: nil, Tree: nil}); err == nil && f != nil {
		t.Fatalf("NewFault(backdate) = %v: the fault is the entry clock's, not the peer API's", f)
	}
}

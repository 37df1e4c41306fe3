package app

import "testing"

// TestFederatedQuorum checks the checkpointer quorum of a federated node:
// every configured witness plus the roster's quorum of peers, and a
// configured quorum that would let external witnesses stand in for the
// peers refused.
func TestFederatedQuorum(t *testing.T) {
	tests := []struct {
		quorum, external, roster int
		want                     int
		ok                       bool
	}{
		{0, 0, 1, 1, true},
		{-1, 0, 2, 2, true},
		{2, 2, 1, 3, true},
		{-1, 2, 1, 3, true}, // the default: all configured
		{1, 2, 1, 0, false}, // two external cosignatures would pass without any peer
		{0, 1, 1, 0, false},
	}
	for _, tc := range tests {
		got, err := federatedQuorum(tc.quorum, tc.external, tc.roster)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("federatedQuorum(%d, %d, %d) = %d, %v; want %d, ok %v", tc.quorum, tc.external, tc.roster, got, err, tc.want, tc.ok)
		}
	}
}

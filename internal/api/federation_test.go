package api

import (
	"net/http/httptest"
	"testing"

	"truce/internal/store"
)

// fixedFederation is a Federation reporting one status.
type fixedFederation FederationStatus

func (f fixedFederation) FederationStatus() FederationStatus { return FederationStatus(f) }

// TestReadyzListsPeersWithoutFailing checks that /readyz lists each
// peer's mirror state after "ready" and stays 200 whatever they are: a
// node cut off from its peers, or holding evidence against one, still
// serves its own users.
func TestReadyzListsPeersWithoutFailing(t *testing.T) {
	tests := []struct {
		name string
		fed  Federation
		want string
	}{
		{"not federated", nil, "ready\n"},
		{"peers in every state", fixedFederation{Federated: true, Peers: []PeerStatus{
			{Party: "ru", State: PeerSynced, AcceptedSize: 12},
			{Party: "un", State: PeerUnreachable, AcceptedSize: 3, Lag: 4},
			{Party: "ngo", State: PeerHalted, AcceptedSize: 7, Halted: true, Evidence: "ev_0123456789abcdef"},
		}}, "ready\n" +
			"peer ru synced accepted=12 lag=0\n" +
			"peer un unreachable accepted=3 lag=4\n" +
			"peer ngo halted accepted=7 lag=0 evidence=ev_0123456789abcdef\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(Deps{DB: pingFails{DB: &store.DB{}}, Ready: func() error { return nil }, Federation: tc.fed}, Options{})
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
			if w.Code != 200 || w.Body.String() != tc.want {
				t.Fatalf("/readyz: %d %q, want 200 %q", w.Code, w.Body, tc.want)
			}
		})
	}
}

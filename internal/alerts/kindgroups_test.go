package alerts

import "testing"

// TestInAckCycle checks which kinds belong to an alert's acknowledgement
// cycle: not the clearing, nor another domain's kinds.
func TestInAckCycle(t *testing.T) {
	want := map[string]bool{EntryRaised: true, EntryAcknowledged: true, EntryEscalated: true}
	for _, k := range append(EntryKinds(), "message.acknowledged", "alert.", "") {
		if got := InAckCycle(k); got != want[k] {
			t.Errorf("InAckCycle(%q) = %v, want %v", k, got, want[k])
		}
	}
}

package incidents

import "testing"

// TestSetsStatus checks which kinds set an incident's verification status.
func TestSetsStatus(t *testing.T) {
	want := map[string]bool{KindReported: true, KindAssessed: true, KindReopened: true}
	for _, k := range append(EntryKinds(), "zone.agreed", "incident.", "") {
		if got := SetsStatus(k); got != want[k] {
			t.Errorf("SetsStatus(%q) = %v, want %v", k, got, want[k])
		}
	}
}

package flights

import "testing"

// TestIsConflictKind checks which kinds record conflicts.
func TestIsConflictKind(t *testing.T) {
	want := map[string]bool{EntryConflictRaised: true, EntryConflictCleared: true}
	for _, k := range append(EntryKinds(), "alert.cleared", "conflict.", "") {
		if got := IsConflictKind(k); got != want[k] {
			t.Errorf("IsConflictKind(%q) = %v, want %v", k, got, want[k])
		}
	}
}

package notify

import "testing"

// TestKindType checks that every kind of this package names its type, the
// same type Kind builds it from, and that other kinds name none.
func TestKindType(t *testing.T) {
	for _, typ := range []Type{TypeSite, TypeMovement} {
		for _, ev := range []string{"notified", "updated", "cancelled", "acknowledged", "refused", "passed_on", "queried", "answered"} {
			if got, ok := KindType(Kind(typ, ev)); !ok || got != typ {
				t.Errorf("KindType(%q) = %q, %v; want %q", Kind(typ, ev), got, ok, typ)
			}
		}
	}
	for _, k := range EntryKinds() {
		if _, ok := KindType(k); !ok {
			t.Errorf("KindType(%q) names no type", k)
		}
	}
	for _, k := range []string{"site.", "movement.created", "incident.reported", ""} {
		if got, ok := KindType(k); ok {
			t.Errorf("KindType(%q) = %q, want none", k, got)
		}
	}
}

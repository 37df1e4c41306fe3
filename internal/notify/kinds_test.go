package notify

import "testing"

// TestChangesNotice checks the kind predicate that replaced matching kinds
// by prefix and suffix: every notified/updated/cancelled kind of both types
// changes a notice, acknowledgements and other domains' kinds do not.
func TestChangesNotice(t *testing.T) {
	for _, tc := range []struct {
		kind string
		want bool
	}{
		{KindSiteNotified, true}, {KindSiteUpdated, true}, {KindSiteCancelled, true},
		{KindMovementNotified, true}, {KindMovementUpdated, true}, {KindMovementCancelled, true},
		{KindSiteAcknowledged, false}, {KindSiteRefused, false},
		{KindMovementAcknowledged, false}, {KindMovementRefused, false},
		{"incident.updated", false}, {"site.", false}, {"", false},
	} {
		if got := ChangesNotice(tc.kind); got != tc.want {
			t.Errorf("ChangesNotice(%q) = %v, want %v", tc.kind, got, tc.want)
		}
	}
	for _, typ := range []Type{TypeSite, TypeMovement} {
		for _, ev := range []string{"notified", "updated", "cancelled"} {
			if !ChangesNotice(Kind(typ, ev)) {
				t.Errorf("ChangesNotice(%q) = false", Kind(typ, ev))
			}
		}
	}
}

// TestSubject checks the notice subject constructor against the subject
// the log has always carried.
func TestSubject(t *testing.T) {
	n := &Notice{Type: TypeMovement, ID: "mov_1"}
	if got := n.Subject(); got != "movement:mov_1" || got != Subject(TypeMovement, "mov_1") {
		t.Errorf("Subject = %q, want movement:mov_1", got)
	}
	if got := Subject(TypeSite, "site_2"); got != "site:site_2" {
		t.Errorf("Subject = %q, want site:site_2", got)
	}
}

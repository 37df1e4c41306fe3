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
		{KindSiteWithheld, true},
		{KindSiteAcknowledged, false}, {KindSiteRefused, false}, {KindSiteQueried, false}, {KindSiteReconfirmed, false},
		{KindMovementAcknowledged, false}, {KindMovementRefused, false}, {KindMovementPassedOn, false},
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

// TestChangesMapView checks which kinds change what a map shows of a
// notice: versions, withdrawal, reconfirmation and receipts, not passing
// on, queries or answers.
func TestChangesMapView(t *testing.T) {
	for _, tc := range []struct {
		kind string
		want bool
	}{
		{KindSiteNotified, true}, {KindSiteWithheld, true}, {KindSiteReconfirmed, true}, {KindSiteAcknowledged, true},
		{KindSiteRefused, true}, {KindMovementCancelled, true}, {KindMovementAcknowledged, true},
		{KindSitePassedOn, false}, {KindSiteQueried, false}, {KindSiteAnswered, false},
		{KindMovementPassedOn, false}, {KindMovementQueried, false}, {KindMovementAnswered, false}, {"alert.raised", false},
	} {
		if got := ChangesMapView(tc.kind); got != tc.want {
			t.Errorf("ChangesMapView(%q) = %v, want %v", tc.kind, got, tc.want)
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

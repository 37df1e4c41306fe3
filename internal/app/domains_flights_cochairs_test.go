package app

import (
	"slices"
	"testing"
	"time"
)

// TestConflictsFollowCoChairChanges: conflict records are released to the
// co-chairs, whose list the flights service caches. A party made a co-chair
// by a membership proposal must be in the audience of the next conflict
// raised (before, the cache was never refreshed).
func TestConflictsFollowCoChairChanges(t *testing.T) {
	n := newTestNode(t)
	t0 := flightTimes()
	file := func(user string, body map[string]any) {
		t.Helper()
		if code, b, _ := n.do("POST", "/api/v1/flightplans", user, body); code != 201 {
			t.Fatalf("%s files: %d %s", user, code, b)
		}
	}
	// A first conflict loads the co-chairs (us, ru) into the cache.
	file("us-liaison", line(35.0, 37.0, 35.0, 38.0, 20000, t0, 30*time.Minute, nil))
	file("ru-liaison", line(34.6, 37.5, 35.4, 37.5, 20000, t0, 30*time.Minute, nil))
	eventually(t, "the first conflict", func() bool { return len(n.conflicts("us-liaison", "?kind=conflict")) == 1 })
	if got := n.conflicts("un-liaison", ""); len(got) != 0 {
		t.Fatalf("un, neither concerned nor a co-chair, sees %d conflicts", len(got))
	}

	p := n.propose("us-liaison", map[string]any{"kind": "set_co_chair", "party": "un"}, 201)
	n.agree("ru-liaison", p.ID, 201)

	// A second conflict, elsewhere: un is a co-chair now and must see it.
	file("us-liaison", line(36.0, 39.0, 36.0, 40.0, 25000, t0, 30*time.Minute, nil))
	file("ru-liaison", line(35.6, 39.5, 36.4, 39.5, 25000, t0, 30*time.Minute, nil))
	eventually(t, "the second conflict", func() bool { return len(n.conflicts("us-liaison", "?kind=conflict")) == 2 })
	got := n.conflicts("un-liaison", "?kind=conflict")
	if len(got) != 1 || !slices.Contains(got[0].Release.Audience, "un") {
		t.Fatalf("the new co-chair un sees %+v, want the second conflict with un in its audience", got)
	}
}

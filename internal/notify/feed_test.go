package notify

import (
	"testing"
	"time"
)

// TestInForce checks which notices a party's feed holds at a time: active
// sites that have not lapsed and are not withheld, and active movements
// whose window has not ended (under way or to come).
func TestInForce(t *testing.T) {
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	mov := func(status, end string) *Notice {
		return &Notice{Type: TypeMovement, Status: status, Movement: &Movement{Window: Window{Start: "2026-12-07T08:00:00Z", End: end}}}
	}
	for _, tc := range []struct {
		name string
		n    *Notice
		want bool
	}{
		{"active site", &Notice{Type: TypeSite, Status: StatusActive, Site: &Site{}}, true},
		{"lapsed site", &Notice{Type: TypeSite, Status: StatusActive, Lapsed: true, Site: &Site{}}, false},
		{"cancelled site", &Notice{Type: TypeSite, Status: StatusCancelled, Site: &Site{}}, false},
		{"withheld site", &Notice{Type: TypeSite, Status: StatusActive, Site: &Site{Withheld: true}}, false},
		{"movement under way", mov(StatusActive, "2026-12-07T18:00:00Z"), true},
		{"movement ending now", mov(StatusActive, "2026-12-07T12:00:00Z"), false},
		{"movement ended", mov(StatusActive, "2026-12-07T11:59:59Z"), false},
		{"movement with a bad end", mov(StatusActive, "tomorrow"), false},
		{"cancelled movement", mov(StatusCancelled, "2026-12-07T18:00:00Z"), false},
	} {
		if got := inForce(tc.n, now); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

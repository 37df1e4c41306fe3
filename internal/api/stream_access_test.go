package api

import (
	"testing"

	"truce/internal/access"
	"truce/internal/fault"
)

// TestAccessLostEndsOnEveryChange is the decision every long-lived
// response applies before each event.
func TestAccessLostEndsOnEveryChange(t *testing.T) {
	start := access.Principal{UserID: "u1", Username: "us-liaison", Party: "us", Role: access.RoleLiaison, Via: "token", TokenID: "tok1"}
	with := func(f func(*access.Principal)) access.Principal {
		p := start
		f(&p)
		return p
	}
	cases := []struct {
		name   string
		now    access.Principal
		err    error
		status int // 0: the stream goes on
	}{
		{"unchanged", start, nil, 0},
		{"co-chair flag or display data only", with(func(p *access.Principal) { p.CoChair = true }), nil, 0},
		{"revoked, expired or disabled", access.Public, fault.ErrUnauthenticated, 401},
		{"logged out (a session falls back to the public)", access.Public, nil, 401},
		{"another user", with(func(p *access.Principal) { p.UserID = "u2" }), nil, 401},
		{"role changed", with(func(p *access.Principal) { p.Role = access.RoleObserver }), nil, 403},
		{"party changed", with(func(p *access.Principal) { p.Party = "ru" }), nil, 403},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := accessLost(start, tc.now, tc.err)
			switch {
			case tc.status == 0 && e != nil:
				t.Fatalf("ended: %v", e)
			case tc.status != 0 && (e == nil || e.Status() != tc.status):
				t.Fatalf("got %v, want status %d", e, tc.status)
			}
		})
	}
}

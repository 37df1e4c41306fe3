package accounts_test

import (
	"context"
	"errors"
	"testing"

	"truce/internal/access"
	"truce/internal/fault"
)

// TestUserPrincipal checks the principal of work done for a user without a
// request: a current user's, and ErrUnauthenticated for an unknown or a
// disabled user.
func TestUserPrincipal(t *testing.T) {
	ctx := context.Background()
	n := newNode(t, true)
	u, _ := n.user(t, "alice", "ru", access.RoleLiaison)
	off, _ := n.user(t, "olga", "ru", access.RoleLiaison)
	n.disable(t, off)
	tests := []struct {
		username string
		ok       bool
	}{
		{"alice", true},
		{"nobody", false},
		{"olga", false},
	}
	for _, tc := range tests {
		t.Run(tc.username, func(t *testing.T) {
			p, err := n.svc.UserPrincipal(ctx, tc.username)
			if !tc.ok {
				if !errors.Is(err, fault.ErrUnauthenticated) || p.Authenticated() {
					t.Fatalf("principal %+v, %v; want ErrUnauthenticated", p, err)
				}
				return
			}
			if err != nil || p.UserID != u.ID || p.Party != "ru" || p.Role != access.RoleLiaison || !p.CoChair || p.Via != "webhook" {
				t.Fatalf("principal %+v, %v", p, err)
			}
		})
	}
}

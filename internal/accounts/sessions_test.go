package accounts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
)

// TestLogin checks that a right password opens a session bound to its CSRF
// token, and that every failure says only ErrUnauthenticated.
func TestLogin(t *testing.T) {
	ctx := context.Background()
	n := newNode(t, true)
	u, _ := n.user(t, "alice", "us", access.RoleReporter)
	off, _ := n.user(t, "olga", "ru", access.RoleReporter)
	n.disable(t, off)
	tests := []struct {
		name, user, password string
		ok                   bool
	}{
		{"right password", "alice", testPassword, true},
		{"wrong password", "alice", testPassword + "!", false},
		{"empty password", "alice", "", false},
		{"unknown user", "nobody", testPassword, false},
		{"disabled user", "olga", testPassword, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := n.svc.Login(ctx, tc.user, tc.password)
			if !tc.ok {
				if !errors.Is(err, fault.ErrUnauthenticated) || s != nil {
					t.Fatalf("login: %+v, %v; want ErrUnauthenticated", s, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("login: %v", err)
			}
			if !strings.HasPrefix(s.Secret, access.SessionPrefix) || s.CSRF == "" || s.Principal.UserID != u.ID || s.Principal.Via != "session" {
				t.Errorf("session %+v", s)
			}
			if want := n.clock.Now().Add(12 * time.Hour).UTC().Format("2006-01-02T15:04:05Z"); s.Expires != want {
				t.Errorf("expires %s, want %s", s.Expires, want)
			}
			p, csrf, err := n.svc.AuthenticateSession(ctx, s.Secret)
			if err != nil || p.UserID != u.ID || csrf != s.CSRF {
				t.Fatalf("authenticate session: %+v %q %v", p, csrf, err)
			}
			if !accounts.CheckCSRF(csrf, s.CSRF) || accounts.CheckCSRF(csrf, s.CSRF+"x") || accounts.CheckCSRF("", "") {
				t.Error("CheckCSRF")
			}
		})
	}
}

// TestSessionEnds checks that logout, expiry and a disabled user each end a
// session, for AuthenticateSession and for RecheckSession, whose cache has
// already seen the session.
func TestSessionEnds(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		end  func(t *testing.T, n *node, u *accounts.User, secret string)
	}{
		{"logout", func(t *testing.T, n *node, _ *accounts.User, secret string) {
			if err := n.svc.Logout(ctx, secret); err != nil {
				t.Fatalf("logout: %v", err)
			}
		}},
		{"expired", func(t *testing.T, n *node, _ *accounts.User, _ string) {
			n.clock.Advance(12 * time.Hour)
		}},
		{"user disabled", func(t *testing.T, n *node, u *accounts.User, _ string) {
			n.disable(t, u)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newNode(t, true)
			u, _ := n.user(t, "alice", "us", access.RoleReporter)
			s, err := n.svc.Login(ctx, "alice", testPassword)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := n.svc.RecheckSession(ctx, s.Secret); err != nil {
				t.Fatalf("recheck: %v", err)
			}
			tc.end(t, n, u, s.Secret)
			if _, _, err := n.svc.AuthenticateSession(ctx, s.Secret); !errors.Is(err, fault.ErrUnauthenticated) {
				t.Errorf("authenticate after %s: %v, want ErrUnauthenticated", tc.name, err)
			}
			if _, _, err := n.svc.RecheckSession(ctx, s.Secret); !errors.Is(err, fault.ErrUnauthenticated) {
				t.Errorf("recheck after %s: %v, want ErrUnauthenticated", tc.name, err)
			}
		})
	}
}

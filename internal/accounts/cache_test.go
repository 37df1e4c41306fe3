package accounts_test

import (
	"context"
	"errors"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// TestObserveClearsCaches checks the contract of Observe: a token
// principal cached by AuthenticateToken and a session principal cached by
// RecheckSession are used until an entry that can end them is committed,
// and Observe drops them at once. Without Observe the caches keep
// answering (the same calls succeed), which shows that the test reaches
// the caches rather than the store.
func TestObserveClearsCaches(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		change func(t *testing.T, n *node, u *accounts.User, p access.Principal, tok *accounts.IssuedToken)
		token  bool // the change ends the token (every change ends it in the store)
		sess   bool // the change ends the session in the store
	}{
		{"token revoked", func(t *testing.T, n *node, _ *accounts.User, p access.Principal, tok *accounts.IssuedToken) {
			if err := n.svc.RevokeToken(ctx, p, tok.ID); err != nil {
				t.Fatal(err)
			}
		}, true, false},
		{"user disabled", func(t *testing.T, n *node, u *accounts.User, _ access.Principal, _ *accounts.IssuedToken) {
			n.disable(t, u)
		}, true, true},
	}
	for _, tc := range tests {
		for _, observe := range []bool{true, false} {
			name := tc.name + map[bool]string{true: ", observed", false: ", not observed"}[observe]
			t.Run(name, func(t *testing.T) {
				n := newNode(t, observe)
				u, p := n.user(t, "alice", "us", access.RoleAnalyst)
				tok, err := n.svc.IssueToken(ctx, p, u.ID, "qgis", 0, false)
				if err != nil {
					t.Fatal(err)
				}
				s, err := n.svc.Login(ctx, "alice", testPassword)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := n.svc.AuthenticateToken(ctx, tok.Secret); err != nil {
					t.Fatal(err)
				}
				if _, _, err := n.svc.RecheckSession(ctx, s.Secret); err != nil {
					t.Fatal(err)
				}
				tc.change(t, n, u, p, tok)

				_, err = n.svc.AuthenticateToken(ctx, tok.Secret)
				if ended := errors.Is(err, fault.ErrUnauthenticated); ended != observe {
					t.Errorf("token after %s: %v; want ended %v", name, err, observe)
				}
				_, _, err = n.svc.RecheckSession(ctx, s.Secret)
				if ended := errors.Is(err, fault.ErrUnauthenticated); ended != (observe && tc.sess) {
					t.Errorf("session recheck after %s: %v; want ended %v", name, err, observe && tc.sess)
				}
			})
		}
	}
}

// TestObserveKinds checks which entry kinds clear the caches: token
// revocations and every user or party change do; other kinds do not.
func TestObserveKinds(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		kind  string
		clear bool
	}{
		{accounts.KindTokenRevoked, true},
		{accounts.KindUserDisabled, true},
		{accounts.KindUserCreated, true},
		{accounts.KindPartyCreated, true},
		{accounts.KindPartyCoChairChange, true},
		{accounts.KindPartyRetired, true},
		{accounts.KindTokenIssued, false},
		{"incident.reported", false},
	}
	n := newNode(t, false)
	u, p := n.user(t, "alice", "us", access.RoleAnalyst)
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			tok, err := n.svc.IssueToken(ctx, p, u.ID, "qgis", 0, false)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := n.svc.AuthenticateToken(ctx, tok.Secret); err != nil {
				t.Fatal(err)
			}
			// End the token in the store without telling the service, so
			// only a cleared cache makes the next call fail.
			if err := n.svc.RevokeToken(ctx, p, tok.ID); err != nil {
				t.Fatal(err)
			}
			n.svc.Observe([]*ledger.Entry{{Kind: "token.issued"}, {Kind: tc.kind}})
			_, err = n.svc.AuthenticateToken(ctx, tok.Secret)
			if cleared := errors.Is(err, fault.ErrUnauthenticated); cleared != tc.clear {
				t.Errorf("after observing %s: %v; want cleared %v", tc.kind, err, tc.clear)
			}
		})
	}
}

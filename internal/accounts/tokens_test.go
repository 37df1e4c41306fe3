package accounts_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
)

// TestTokenLifecycle issues a token, authenticates with it, and checks that
// revocation, expiry and a disabled user each end it at once.
func TestTokenLifecycle(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		ttl  time.Duration
		end  func(t *testing.T, n *node, u *accounts.User, p access.Principal, tok *accounts.IssuedToken)
	}{
		{"revoked", 0, func(t *testing.T, n *node, _ *accounts.User, p access.Principal, tok *accounts.IssuedToken) {
			if err := n.svc.RevokeToken(ctx, p, tok.ID); err != nil {
				t.Fatalf("revoke: %v", err)
			}
			if err := n.svc.RevokeToken(ctx, p, tok.ID); !errors.Is(err, fault.ErrConflict) {
				t.Errorf("second revoke: %v, want ErrConflict", err)
			}
		}},
		{"expired", time.Hour, func(t *testing.T, n *node, _ *accounts.User, _ access.Principal, _ *accounts.IssuedToken) {
			n.clock.Advance(time.Hour)
		}},
		{"user disabled", 0, func(t *testing.T, n *node, u *accounts.User, _ access.Principal, _ *accounts.IssuedToken) {
			n.disable(t, u)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := newNode(t, true)
			u, p := n.user(t, "alice", "us", access.RoleAnalyst)
			tok, err := n.svc.IssueToken(ctx, p, u.ID, "qgis", tc.ttl, false)
			if err != nil {
				t.Fatalf("issue: %v", err)
			}
			if !access.LooksLikeToken(tok.Secret) || tok.UserID != u.ID || tok.Scope != accounts.ScopeFull {
				t.Fatalf("issued %+v", tok)
			}
			if (tok.Expires != "") != (tc.ttl > 0) {
				t.Errorf("expires %q with ttl %s", tok.Expires, tc.ttl)
			}
			got, err := n.svc.AuthenticateToken(ctx, tok.Secret)
			if err != nil {
				t.Fatalf("authenticate: %v", err)
			}
			if got.UserID != u.ID || got.Party != "us" || got.Role != access.RoleAnalyst || got.TokenID != tok.ID || got.ReadOnly || !got.CoChair {
				t.Errorf("principal %+v", got)
			}
			tc.end(t, n, u, p, tok)
			if _, err := n.svc.AuthenticateToken(ctx, tok.Secret); !errors.Is(err, fault.ErrUnauthenticated) {
				t.Errorf("after %s: %v, want ErrUnauthenticated", tc.name, err)
			}
		})
	}
}

// TestTokenSecretHashedAtRest checks that a token's secret is written
// nowhere in the node's files (database, WAL, log) while its SHA-256 is.
func TestTokenSecretHashedAtRest(t *testing.T) {
	ctx := context.Background()
	n := newNode(t, true)
	u, p := n.user(t, "alice", "us", access.RoleAnalyst)
	tok, err := n.svc.IssueToken(ctx, p, u.ID, "qgis", 0, false)
	if err != nil {
		t.Fatal(err)
	}
	found, err := n.db.Access().TokenBySecretHash(ctx, access.HashSecret(tok.Secret))
	if err != nil || found.ID != tok.ID {
		t.Fatalf("token by its secret's hash: %+v, %v", found, err)
	}
	n.close()
	var all []byte
	err = filepath.WalkDir(n.dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		all = append(all, b...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(all), tok.Secret) || strings.Contains(string(all), strings.TrimPrefix(tok.Secret, access.TokenPrefix)) {
		t.Error("the token's secret is stored in clear")
	}
	if !strings.Contains(string(all), access.HashSecret(tok.Secret)) {
		t.Error("the token's secret hash is not stored")
	}
}

// TestReadOnlyToken checks scopes and the link tokens' lifetimes.
func TestReadOnlyToken(t *testing.T) {
	ctx := context.Background()
	n := newNode(t, true)
	u, p := n.user(t, "alice", "us", access.RoleLiaison)
	tests := []struct {
		name     string
		ttl      time.Duration
		scope    string
		wantErr  bool
		readOnly bool
		lives    time.Duration // 0: never expires
	}{
		{"full", 0, accounts.ScopeFull, false, false, 0},
		{"read default ttl", 0, accounts.ScopeRead, false, true, accounts.DefaultLinkTokenTTL},
		{"read max ttl", accounts.MaxLinkTokenTTL, accounts.ScopeRead, false, true, accounts.MaxLinkTokenTTL},
		{"read too long", accounts.MaxLinkTokenTTL + time.Second, accounts.ScopeRead, true, false, 0},
		{"read negative", -time.Second, accounts.ScopeRead, true, false, 0},
		{"unknown scope", 0, "write", true, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := n.db.Access().TokensOfUser(ctx, u.ID)
			tok, err := n.svc.IssueScopedToken(ctx, p, u.ID, "link", tc.ttl, tc.scope)
			if tc.wantErr {
				var inv *fault.InvalidError
				if !errors.As(err, &inv) {
					t.Fatalf("err %v, want *fault.InvalidError", err)
				}
				after, _ := n.db.Access().TokensOfUser(ctx, u.ID)
				if len(after) != len(before) {
					t.Errorf("a refused token was stored: %d tokens, had %d", len(after), len(before))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := n.svc.AuthenticateToken(ctx, tok.Secret)
			if err != nil || got.ReadOnly != tc.readOnly {
				t.Fatalf("principal %+v, %v; want read-only %v", got, err, tc.readOnly)
			}
			if tc.lives == 0 {
				if tok.Expires != "" {
					t.Errorf("expires %s, want never", tok.Expires)
				}
				return
			}
			want := n.clock.Now().Add(tc.lives).UTC().Format(time.RFC3339)
			if tok.Expires != want {
				t.Errorf("expires %s, want %s", tok.Expires, want)
			}
		})
	}
}

// TestTokenAuthorisation checks who may issue and revoke whose tokens.
func TestTokenAuthorisation(t *testing.T) {
	ctx := context.Background()
	n := newNode(t, true)
	alice, pAlice := n.user(t, "alice", "us", access.RoleObserver)
	_, pBob := n.user(t, "bob", "us", access.RoleAnalyst)
	_, pAdmin := n.user(t, "admin", "us", access.RoleAdmin)
	_, pIvan := n.user(t, "ivan", "ru", access.RoleAdmin)
	tests := []struct {
		name string
		by   access.Principal
		want error // nil: allowed
	}{
		{"self, observer", pAlice, nil},
		{"admin of the party", pAdmin, nil},
		{"another user of the party", pBob, fault.ErrForbidden},
		{"admin of another party", pIvan, fault.ErrNotFound},
	}
	for _, tc := range tests {
		t.Run("issue "+tc.name, func(t *testing.T) {
			_, err := n.svc.IssueToken(ctx, tc.by, alice.ID, "cli", 0, false)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("issue: %v, want %v", err, tc.want)
			}
		})
		t.Run("revoke "+tc.name, func(t *testing.T) {
			tok, err := n.svc.IssueToken(ctx, pAlice, alice.ID, "cli", 0, false)
			if err != nil {
				t.Fatal(err)
			}
			err = n.svc.RevokeToken(ctx, tc.by, tok.ID)
			if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
				t.Errorf("revoke: %v, want %v", err, tc.want)
			}
			_, authErr := n.svc.AuthenticateToken(ctx, tok.Secret)
			if revoked := authErr != nil; revoked != (tc.want == nil) {
				t.Errorf("after revoke by %s: authenticate %v", tc.name, authErr)
			}
		})
	}
	if err := n.svc.RevokeToken(ctx, access.Public, "tok_x"); !errors.Is(err, fault.ErrUnauthenticated) {
		t.Errorf("anonymous revoke: %v, want ErrUnauthenticated", err)
	}
	for _, name := range []string{"", strings.Repeat("x", 101)} {
		if _, err := n.svc.IssueToken(ctx, pAlice, alice.ID, name, 0, false); err == nil {
			t.Errorf("token named %q issued", name)
		}
	}
	for _, secret := range []string{"", "password123", access.NewSecret(access.TokenPrefix)} {
		if _, err := n.svc.AuthenticateToken(ctx, secret); !errors.Is(err, fault.ErrUnauthenticated) {
			t.Errorf("authenticate %q: %v, want ErrUnauthenticated", secret, err)
		}
	}
}

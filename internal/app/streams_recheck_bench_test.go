package app

import (
	"context"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/config"
)

// BenchmarkStreamRecheck measures what a long-lived response pays for
// rechecking its caller before each write (api.callerGuard.Check): one
// AuthenticateToken (served from the token cache) or one RecheckSession
// (served from the session cache), beside an uncached AuthenticateSession
// (the sessions, users and parties tables queried).
func BenchmarkStreamRecheck(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := Init(ctx, InitOptions{Dir: dir, Origin: "test.truce.invalid/bench", Party: accounts.NewParty{ID: "un", Name: "UN cell", Kind: "un"},
		AdminUser: "un-admin", AdminPassword: "correct horse battery"}); err != nil {
		b.Fatal(err)
	}
	a, err := Open(ctx, &config.Server{Data: dir}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	u, err := a.Accounts.Store().UserByName(ctx, nil, "un-admin")
	if err != nil {
		b.Fatal(err)
	}
	tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "bench", 0, true)
	if err != nil {
		b.Fatal(err)
	}
	sess, err := a.Accounts.Login(ctx, "un-admin", "correct horse battery")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("token", func(b *testing.B) {
		for b.Loop() {
			if _, err := a.Accounts.AuthenticateToken(ctx, tok.Secret); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("session-recheck", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := a.Accounts.RecheckSession(ctx, sess.Secret); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("session", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := a.Accounts.AuthenticateSession(ctx, sess.Secret); err != nil {
				b.Fatal(err)
			}
		}
	})
}

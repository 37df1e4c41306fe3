package accounts

import (
	"context"
	"crypto/subtle"
	"errors"

	"truce/internal/access"
	"truce/internal/fault"
)

// Session is a logged-in browser session: its secret goes in an HttpOnly
// cookie; CSRF must be echoed in the X-CSRF-Token header of every unsafe
// request made with the cookie.
type Session struct {
	Secret    string           `json:"-"`
	CSRF      string           `json:"csrf_token"`
	Principal access.Principal `json:"principal"`
	Expires   string           `json:"expires"`
}

// Login checks a username and password and opens a session. Wrong username,
// wrong password and disabled user all return ErrUnauthenticated; the
// password is hashed even for an unknown user so timing does not tell.
func (s *Service) Login(ctx context.Context, username, password string) (*Session, error) {
	u, err := s.store.UserByName(ctx, nil, username)
	if err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			_, _ = access.CheckPassword(dummyHash, password)
			return nil, fault.ErrUnauthenticated
		}
		return nil, err
	}
	hash, err := s.store.PasswordHash(ctx, u.ID)
	if err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, fault.ErrUnauthenticated
		}
		return nil, err
	}
	ok, err := access.CheckPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if !ok || u.Disabled {
		return nil, fault.ErrUnauthenticated
	}
	p, err := s.Principal(ctx, u, "session")
	if err != nil {
		return nil, err
	}
	now := s.now()
	exp := now.Add(s.sessionTTL)
	sess := &Session{Secret: access.NewSecret(access.SessionPrefix), CSRF: access.NewSecret(""), Principal: p, Expires: exp.UTC().Format("2006-01-02T15:04:05Z")}
	if err := s.store.CreateSession(ctx, access.HashSecret(sess.Secret), u.ID, sess.CSRF, now, exp); err != nil {
		return nil, err
	}
	return sess, nil
}

// dummyHash is checked against when the user does not exist.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$WQ3qv7b9Oa0hXnM2pX1cI2y7ZrjNw3sQ1fS4b3eS1V0"

// AuthenticateSession returns the principal and CSRF token of a session
// secret, or ErrUnauthenticated.
func (s *Service) AuthenticateSession(ctx context.Context, secret string) (access.Principal, string, error) {
	userID, csrf, err := s.store.Session(ctx, access.HashSecret(secret), s.now())
	if err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return access.Public, "", fault.ErrUnauthenticated
		}
		return access.Public, "", err
	}
	u, err := s.store.User(ctx, nil, userID)
	if err != nil {
		return access.Public, "", err
	}
	if u.Disabled {
		return access.Public, "", fault.ErrUnauthenticated
	}
	p, err := s.Principal(ctx, u, "session")
	return p, csrf, err
}

// CheckCSRF compares a presented CSRF token with the session's in constant
// time.
func CheckCSRF(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// Logout ends a session at once (for RecheckSession in this process too).
func (s *Service) Logout(ctx context.Context, secret string) error {
	hash := access.HashSecret(secret)
	if err := s.store.DeleteSession(ctx, hash); err != nil {
		return err
	}
	s.sessions.forget(hash)
	return nil
}

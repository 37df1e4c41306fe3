package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// IssuedToken is a new token with its secret, which is shown only once.
type IssuedToken struct {
	Token
	Secret string `json:"secret"`
}

// IssueToken creates an API token for user userID. Any user of an active
// party, observers included, may issue tokens for themself (a token carries
// exactly its user's rights, and tools such as desktop GIS need one); an
// admin also for users of the admin's party. A user of another party is
// reported as not found; a user of a retired party gets fault.ErrForbidden.
// ttl 0 means no expiry. bootstrap skips the checks (init, demo), except
// that a party node never issues tokens of another party (ErrOtherPartyNode).
func (s *Service) IssueToken(ctx context.Context, by access.Principal, userID, name string, ttl time.Duration, bootstrap bool) (*IssuedToken, error) {
	return s.issueToken(ctx, by, userID, name, ttl, ScopeFull, bootstrap)
}

// issueToken issues a token of scope (already validated).
func (s *Service) issueToken(ctx context.Context, by access.Principal, userID, name string, ttl time.Duration, scope string, bootstrap bool) (*IssuedToken, error) {
	u, err := s.store.User(ctx, nil, userID)
	if err != nil {
		return nil, err
	}
	if err := s.ownParty(u.Party, "tokens"); err != nil {
		return nil, fmt.Errorf("accounts: issue token: %w", err)
	}
	if !bootstrap {
		if err := by.RequireActive(); err != nil {
			return nil, err
		}
		if by.UserID != userID && !(by.Has(access.RoleAdmin) && by.Party == u.Party) {
			if by.Party != u.Party {
				return nil, fault.ErrNotFound
			}
			return nil, fault.ErrForbidden
		}
	}
	if name == "" || len(name) > 100 {
		return nil, fault.Invalid("name", "a token needs a name of at most 100 bytes saying what uses it")
	}
	if ttl < 0 {
		return nil, fault.Invalid("ttl", "must not be negative")
	}
	tok := Token{ID: access.NewID("tok"), UserID: userID, Name: name, Scope: scope}
	if ttl > 0 {
		tok.Expires = s.now().Add(ttl).UTC().Format(time.RFC3339)
	}
	secret := access.NewSecret(access.TokenPrefix)
	// The secret's hash is stored before the entry: a token whose entry is
	// missing cannot authenticate (the lookup joins the tokens projection).
	if err := s.store.PutTokenSecret(ctx, tok.ID, access.HashSecret(secret)); err != nil {
		return nil, err
	}
	author := by.Username
	if author == "" {
		author = "truce-init"
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{
		Party: u.Party, Author: author, Kind: KindTokenIssued, Subject: TokenSubject(tok.ID),
		Release: access.Releasability{TLP: access.TLPRed, Audience: []string{u.Party}},
		Payload: TokenIssued{Token: tok}}})
	if err != nil {
		return nil, fmt.Errorf("accounts: issue token: %w", err)
	}
	stored, err := s.store.Token(ctx, nil, tok.ID)
	if err != nil {
		return nil, err
	}
	return &IssuedToken{Token: *stored, Secret: secret}, nil
}

// RevokeToken revokes a token at once. Its owner or an admin of the owner's
// party may, also when the party has retired (revoking only takes rights
// away). Tokens of other parties are reported as not found.
func (s *Service) RevokeToken(ctx context.Context, by access.Principal, tokenID string) error {
	if !by.Authenticated() {
		return fault.ErrUnauthenticated
	}
	t, err := s.store.Token(ctx, nil, tokenID)
	if err != nil {
		return err
	}
	u, err := s.store.User(ctx, nil, t.UserID)
	if err != nil {
		return err
	}
	if u.Party != by.Party {
		return fault.ErrNotFound
	}
	if by.UserID != u.ID && !by.Has(access.RoleAdmin) {
		return fault.ErrForbidden
	}
	_, err = s.log.Append(ctx, ledger.Change{
		Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindTokenRevoked, Subject: TokenSubject(tokenID),
			Release: access.Releasability{TLP: access.TLPRed, Audience: []string{u.Party}},
			Payload: TokenRevoked{TokenID: tokenID}},
		Check: func(ctx context.Context, q ledger.Querier) error {
			t, err := s.store.Token(ctx, q, tokenID)
			if err != nil {
				return err
			}
			if t.Revoked != "" {
				return fault.Conflictf("token %s was revoked at %s", tokenID, t.Revoked)
			}
			return nil
		},
	})
	if err != nil {
		return fmt.Errorf("accounts: revoke token %s: %w", tokenID, err)
	}
	return nil
}

// AuthenticateToken returns the principal of a bearer token. It returns
// ErrUnauthenticated for an unknown, revoked or expired token or a disabled
// user, without saying which. Principals are cached until a revocation or a
// disabled user is committed (see Observe); on a party node a cached
// principal of a party the node no longer hosts is refused
// (ErrOtherPartyNode), as Principal refuses it.
func (s *Service) AuthenticateToken(ctx context.Context, secret string) (access.Principal, error) {
	if !access.LooksLikeToken(secret) {
		return access.Public, fault.ErrUnauthenticated
	}
	hash := access.HashSecret(secret)
	now := s.now()
	p, gen, ok := s.tokens.get(hash, now)
	if ok {
		// The parties a party node hosts may change while it runs (a
		// roster change): a cached principal is checked again.
		if err := s.ownParty(p.Party, "users"); err != nil {
			return access.Public, fmt.Errorf("accounts: token of %s: %w", p.Username, err)
		}
		return p, nil
	}
	t, err := s.store.TokenBySecretHash(ctx, hash)
	if err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return access.Public, fault.ErrUnauthenticated
		}
		return access.Public, err
	}
	if t.Revoked != "" {
		return access.Public, fault.ErrUnauthenticated
	}
	var exp time.Time
	if t.Expires != "" {
		if exp, err = time.Parse(time.RFC3339, t.Expires); err != nil || !now.Before(exp) {
			return access.Public, fault.ErrUnauthenticated
		}
	}
	u, err := s.store.User(ctx, nil, t.UserID)
	if err != nil {
		return access.Public, err
	}
	if u.Disabled {
		return access.Public, fault.ErrUnauthenticated
	}
	p, err = s.Principal(ctx, u, "token")
	if err != nil {
		return access.Public, err
	}
	p.TokenID, p.ReadOnly = t.ID, t.Scope == ScopeRead
	s.tokens.put(hash, gen, cachedToken{p: p, expires: exp})
	return p, nil
}

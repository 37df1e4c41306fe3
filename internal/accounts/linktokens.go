package accounts

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// Token scopes. A full token may do whatever its user may; a read-only
// link token only reads (the API refuses it on every request that could
// change state) and always expires soon. Link tokens are what a URL may
// carry for a client that cannot send an Authorization header: such URLs
// end up in logs, histories and shared links, so what they carry must be
// worth little and die young.
const (
	ScopeFull = ""
	ScopeRead = "read"
)

// Lifetimes of read-only link tokens.
const (
	// DefaultLinkTokenTTL is the lifetime of a link token issued without one.
	DefaultLinkTokenTTL = time.Hour
	// MaxLinkTokenTTL is the longest lifetime a link token may have.
	MaxLinkTokenTTL = 24 * time.Hour
)

// IssueScopedToken issues a token of scope ScopeFull (as IssueToken) or
// ScopeRead. A read-only token lives ttl (DefaultLinkTokenTTL if 0, at
// most MaxLinkTokenTTL). The same users may issue either (see IssueToken).
// Returns *fault.InvalidError for an unknown scope or a read-only token's
// ttl out of range.
func (s *Service) IssueScopedToken(ctx context.Context, by access.Principal, userID, name string, ttl time.Duration, scope string) (*IssuedToken, error) {
	switch scope {
	case ScopeFull:
	case ScopeRead:
		if ttl == 0 {
			ttl = DefaultLinkTokenTTL
		}
		if ttl < 0 || ttl > MaxLinkTokenTTL {
			return nil, fault.Invalid("ttl_seconds", "a read-only link token lives at most %d seconds (%s)", int(MaxLinkTokenTTL.Seconds()), MaxLinkTokenTTL)
		}
	default:
		return nil, fault.Invalid("scope", "%q is not a token scope: use \"read\" for a read-only link token, or omit it for a full token", scope)
	}
	t, err := s.issueToken(ctx, by, userID, name, ttl, scope, false)
	if err != nil {
		return nil, fmt.Errorf("accounts: issue %s token: %w", scopeName(scope), err)
	}
	return t, nil
}

func scopeName(scope string) string {
	if scope == ScopeRead {
		return "read-only"
	}
	return "full"
}

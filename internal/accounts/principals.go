package accounts

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/access"
)

// UserPrincipal returns the current principal of the user named username,
// for work done on that user's behalf without a request (a webhook's
// deliveries). It returns an error wrapping access.ErrUnauthenticated if
// the user does not exist or is disabled, and any other error of the store
// as it is.
func (s *Service) UserPrincipal(ctx context.Context, username string) (access.Principal, error) {
	u, err := s.store.UserByName(ctx, nil, username)
	if errors.Is(err, access.ErrNotFound) {
		return access.Public, fmt.Errorf("accounts: user %q: %w", username, access.ErrUnauthenticated)
	}
	if err != nil {
		return access.Public, fmt.Errorf("accounts: user %q: %w", username, err)
	}
	if u.Disabled {
		return access.Public, fmt.Errorf("accounts: user %q is disabled: %w", username, access.ErrUnauthenticated)
	}
	return s.Principal(ctx, u, "webhook")
}

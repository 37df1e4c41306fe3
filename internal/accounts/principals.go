package accounts

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/access"
	"truce/internal/fault"
)

// UserPrincipal returns the current principal of the user named username,
// for work done on that user's behalf without a request (a webhook's
// deliveries). It returns an error wrapping fault.ErrUnauthenticated if
// the user does not exist or is disabled, and any other error of the store
// as it is.
func (s *Service) UserPrincipal(ctx context.Context, username string) (access.Principal, error) {
	u, err := s.store.UserByName(ctx, nil, username)
	if errors.Is(err, fault.ErrNotFound) {
		return access.Public, fmt.Errorf("accounts: user %q: %w", username, fault.ErrUnauthenticated)
	}
	if err != nil {
		return access.Public, fmt.Errorf("accounts: user %q: %w", username, err)
	}
	if u.Disabled {
		return access.Public, fmt.Errorf("accounts: user %q is disabled: %w", username, fault.ErrUnauthenticated)
	}
	return s.Principal(ctx, u, "webhook")
}

package access

import (
	"truce/internal/fault"

	"fmt"
	"slices"
)

// Role is what a user may do within the user's party.
type Role string

// The roles, from least to most capable within their own scope. admin manages
// its own party's users and tokens and nothing else: membership of the centre
// changes only by co-chair agreement (package membership); admin does not
// widen what the admin may see.
const (
	RoleObserver Role = "observer" // reads what the party may see
	RoleReporter Role = "reporter" // reports incidents and notifications
	RoleAnalyst  Role = "analyst"  // assesses incidents for the party
	RoleLiaison  Role = "liaison"  // speaks for the party: agreements, acknowledgements, hotline
	RoleAdmin    Role = "admin"    // manages its own party's users and tokens
)

// Roles lists every role.
var Roles = []Role{RoleObserver, RoleReporter, RoleAnalyst, RoleLiaison, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// Principal is the caller of an operation: a user of a party, or the public.
// The zero Principal is the public (anonymous) caller.
type Principal struct {
	UserID   string `json:"user_id,omitempty"`
	Username string `json:"username,omitempty"`
	Party    string `json:"party,omitempty"`
	Role     Role   `json:"role,omitempty"`
	CoChair  bool   `json:"co_chair,omitempty"`
	// Retired is set when the caller's party has left the centre (a
	// membership proposal retired it): its users may still read what the
	// party may see but MUST NOT write (see Require and RequireActive).
	Retired bool `json:"retired,omitempty"`
	// Via names how the caller authenticated: "token", "session" or "" for
	// the public. Read audits record it.
	Via string `json:"via,omitempty"`
	// TokenID is the id of the API token used, if any (for rate limiting).
	TokenID string `json:"-"`
	// ReadOnly is set for a read-only (link) token: the API refuses every
	// request of such a caller that could change state, in one place (the
	// authentication middleware).
	ReadOnly bool `json:"read_only,omitempty"`
}

// Public is the anonymous caller: it sees only CLEAR records.
var Public = Principal{}

// Authenticated reports whether p is a logged-in user.
func (p Principal) Authenticated() bool { return p.UserID != "" }

// CanSee reports whether p may see a record with releasability r.
func (p Principal) CanSee(r Releasability) bool { return r.VisibleTo(p.Party) }

// Has reports whether p holds role r. Roles do not nest: an admin is not a
// liaison unless the admin's account has that role.
func (p Principal) Has(r Role) bool { return p.Authenticated() && p.Role == r }

// Require returns ErrUnauthenticated for the public and ErrForbidden unless
// p holds one of roles and p's party is an active member (not retired).
func (p Principal) Require(roles ...Role) error {
	if err := p.RequireActive(); err != nil {
		return err
	}
	if slices.Contains(roles, p.Role) {
		return nil
	}
	return fault.ErrForbidden
}

// RequireActive returns ErrUnauthenticated for the public and ErrForbidden
// for a user of a retired party; every write that any role may make (its
// own tokens, read receipts) checks it.
func (p Principal) RequireActive() error {
	if !p.Authenticated() {
		return fault.ErrUnauthenticated
	}
	if p.Retired {
		return fmt.Errorf("party %s has retired from the centre; its users may read but not write: %w", p.Party, fault.ErrForbidden)
	}
	return nil
}

// Visible returns the items p may see, in order; release gives an item's
// releasability. List paths use it so that filtering is decided here too.
func Visible[T any](p Principal, items []T, release func(*T) Releasability) []T {
	out := make([]T, 0, len(items))
	for i := range items {
		if p.CanSee(release(&items[i])) {
			out = append(out, items[i])
		}
	}
	return out
}

package accounts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/hosting"
	"truce/internal/ledger"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Service manages parties, users, tokens and sessions.
type Service struct {
	store      Store
	log        Appender
	now        func() time.Time
	sessionTTL time.Duration
	logger     *slog.Logger
	tokens     tokenCache
	sessions   sessionCache
	nodeParty  string
	hosted     *hosting.Parties // parties hosted on the party node (nodeparty.go)
}

// Deps are what the accounts service is built from. Store is required;
// Log is required for writes (a read-only service may leave it nil); Now
// defaults to time.Now and Logger to slog.Default. NodeParty is set on a
// party node of a federation (truce init --federated): users and tokens of
// any other party are then refused (ErrOtherPartyNode), bootstrap or not,
// and so are principals of such users; "" is a hosted node. Hosted are
// the parties the federation's roster says the party node hosts (members
// whose hosted_by is NodeParty): their users and tokens live on this node
// too, and they act under their own party; a roster change may alter them
// while the node runs (Hosted.Set), and the service reads them on each
// use. Hosted is ignored on a hosted node; nil hosts nobody.
type Deps struct {
	Store     Store
	Log       Appender
	Now       func() time.Time
	Logger    *slog.Logger
	NodeParty string
	Hosted    *hosting.Parties
}

// NewService returns a Service over d; its dependencies never change
// (the parties in d.Hosted may).
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	s := &Service{store: d.Store, log: d.Log, now: d.Now, sessionTTL: 12 * time.Hour, logger: d.Logger, nodeParty: d.NodeParty}
	if d.NodeParty != "" {
		s.hosted = d.Hosted
	}
	return s
}

// Store returns the service's store, for read-only queries.
func (s *Service) Store() Store { return s.store }

var (
	partyIDPattern  = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)
	usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)
)

// NewParty is the input of CreateParty and of a membership proposal that
// adds a party.
type NewParty struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	CoChair bool   `json:"co_chair"`
}

// Validate returns an *fault.InvalidError naming the first bad field of p.
func (p *NewParty) Validate() error {
	if !partyIDPattern.MatchString(p.ID) {
		return fault.Invalid("id", "party id %q must be 2–32 lower-case letters, digits or '-', starting with a letter", p.ID)
	}
	if p.Name == "" || len(p.Name) > 200 {
		return fault.Invalid("name", "a party needs a name of at most 200 bytes")
	}
	if !slices.Contains(PartyKinds, p.Kind) {
		return fault.Invalid("kind", "%q is not a party kind; use one of %v", p.Kind, PartyKinds)
	}
	return nil
}

// ErrMembershipByProposal is returned (wrapping fault.ErrForbidden) when a
// party is created outside the bootstrap: membership of the centre changes
// only through a proposal every co-chair agrees to (package membership).
var ErrMembershipByProposal = fmt.Errorf("a party joins the centre only by a membership proposal that every co-chair agrees to: %w", fault.ErrForbidden)

// CreateParty adds a founding party directly. Only the bootstrap may (truce
// init, demo, CLI administration of the node's own store; bootstrap true);
// any other call returns ErrMembershipByProposal and changes nothing. Party
// membership is released to every member (GREEN). Returns
// fault.ErrConflict if the id is taken.
func (s *Service) CreateParty(ctx context.Context, by access.Principal, p NewParty, bootstrap bool) (*Party, error) {
	if !bootstrap {
		return nil, fmt.Errorf("accounts: create party %s: %w", p.ID, ErrMembershipByProposal)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	check := func(ctx context.Context, q ledger.Querier) error {
		if _, err := s.store.Party(ctx, q, p.ID); err == nil {
			return fault.Conflictf("party %q already exists", p.ID)
		} else if !errors.Is(err, fault.ErrNotFound) {
			return err
		}
		return nil
	}
	author, party := by.Username, by.Party
	if !by.Authenticated() {
		author, party = "truce-init", p.ID
		if s.nodeParty != "" { // a party node speaks only for its own party
			party = s.nodeParty
		}
	}
	_, err := s.log.Append(ctx, ledger.Change{
		Draft: ledger.Draft{Party: party, Author: author, Kind: KindPartyCreated, Subject: PartySubject(p.ID),
			Release: access.Releasability{TLP: access.TLPGreen},
			Payload: PartyCreated{Party: Party{ID: p.ID, Name: p.Name, Kind: p.Kind, CoChair: p.CoChair}}},
		Check: check,
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: create party %s: %w", p.ID, err)
	}
	return s.store.Party(ctx, nil, p.ID)
}

// NewUser is the input of CreateUser.
type NewUser struct {
	Username    string      `json:"username"`
	Party       string      `json:"party"`
	Role        access.Role `json:"role"`
	DisplayName string      `json:"display_name"`
	Password    string      `json:"password"`
}

// CreateUser adds a user with a password. An admin may create users of the
// admin's own party only (fault.ErrForbidden for another party, or when the
// admin's party or the user's party has retired); the first user of a party
// admitted by a membership proposal is created by the bootstrap: bootstrap
// skips the role check (truce init, demo, truce user add). On a party node
// a user of another party is refused (ErrOtherPartyNode), bootstrap or not.
// The user's existence is released to its own party (AMBER).
func (s *Service) CreateUser(ctx context.Context, by access.Principal, u NewUser, bootstrap bool) (*User, error) {
	if !usernamePattern.MatchString(u.Username) {
		return nil, fault.Invalid("username", "%q must be 2–64 lower-case letters, digits, '.', '_' or '-'", u.Username)
	}
	if !u.Role.Valid() {
		return nil, fault.Invalid("role", "%q is not a role; use one of %v", u.Role, access.Roles)
	}
	hash, err := access.HashPassword(u.Password)
	if err != nil {
		return nil, err
	}
	if u.DisplayName == "" {
		u.DisplayName = u.Username
	}
	if !bootstrap {
		if err := by.Require(access.RoleAdmin); err != nil {
			return nil, err
		}
		if u.Party == "" {
			u.Party = by.Party
		}
		if u.Party != by.Party {
			return nil, fmt.Errorf("accounts: an admin of %s may not create users of %s: %w", by.Party, u.Party, fault.ErrForbidden)
		}
	}
	if err := s.ownParty(u.Party, "users"); err != nil {
		return nil, fmt.Errorf("accounts: create user %s: %w", u.Username, err)
	}
	id := access.NewID("usr")
	check := func(ctx context.Context, q ledger.Querier) error {
		p, err := s.store.Party(ctx, q, u.Party)
		if err != nil {
			if errors.Is(err, fault.ErrNotFound) {
				return fault.Invalid("party", "unknown party %q", u.Party)
			}
			return err
		}
		if p.Retired != "" {
			return fmt.Errorf("party %s retired at %s: %w", u.Party, p.Retired, fault.ErrForbidden)
		}
		if _, err := s.store.UserByName(ctx, q, u.Username); err == nil {
			return fault.Conflictf("username %q is taken", u.Username)
		}
		return nil
	}
	author, party := by.Username, by.Party
	if author == "" {
		author, party = "truce-init", u.Party
	}
	_, err = s.log.Append(ctx, ledger.Change{
		Draft: ledger.Draft{Party: party, Author: author, Kind: KindUserCreated, Subject: UserSubject(id),
			Release: access.Releasability{TLP: access.TLPAmber, Audience: []string{u.Party}},
			Payload: UserCreated{User: User{ID: id, Username: u.Username, Party: u.Party, Role: u.Role, DisplayName: u.DisplayName}}},
		Check: check,
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: create user %s: %w", u.Username, err)
	}
	if err := s.store.SetPassword(ctx, id, hash); err != nil {
		return nil, err
	}
	return s.store.User(ctx, nil, id)
}

// Principal returns the principal of user u, with its party's co-chair and
// retired flags as the projection holds them now. On a party node a user of
// another party has no principal: the error wraps ErrOtherPartyNode.
func (s *Service) Principal(ctx context.Context, u *User, via string) (access.Principal, error) {
	if err := s.ownParty(u.Party, "users"); err != nil {
		return access.Public, fmt.Errorf("accounts: user %s: %w", u.Username, err)
	}
	p, err := s.store.Party(ctx, nil, u.Party)
	if err != nil {
		return access.Public, err
	}
	return access.Principal{UserID: u.ID, Username: u.Username, Party: u.Party, Role: u.Role, CoChair: p.CoChair,
		Retired: p.Retired != "", Via: via}, nil
}

package rosterchange

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/federation/cite"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
)

// Appender appends changes to the node's own log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Source reads the roster change entries a node holds verified: those of
// its own log and of its verified mirrors of its peers' logs.
type Source interface {
	// RosterEntries returns every such entry (kinds KindProposed and
	// KindAgreed), in any order. It MUST NOT return an entry it has not
	// verified against its origin's log.
	RosterEntries(ctx context.Context) ([]Entry, error)
}

// Service proposes roster changes and agrees to them on this node, and
// computes the roster in force next from what the node holds.
type Service struct {
	origin  string
	log     Appender
	source  Source
	inForce func() *roster.Roster
	logger  *slog.Logger
	mu      sync.Mutex // one proposal or agreement at a time, so a co-chair never agrees twice
}

// Deps are what the service is built from; every field but Logger is
// required (NewService returns an error naming a missing one).
type Deps struct {
	// Origin is this node's log origin.
	Origin string
	Log    Appender
	Source Source
	// InForce returns the roster in force on this node now.
	InForce func() *roster.Roster
	Logger  *slog.Logger
}

// NewService returns a Service over d; its dependencies never change.
func NewService(d Deps) (*Service, error) {
	if d.Origin == "" || d.Log == nil || d.Source == nil || d.InForce == nil {
		return nil, errors.New("rosterchange: Deps needs Origin, Log, Source and InForce")
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Service{origin: d.Origin, log: d.Log, source: d.Source, inForce: d.InForce, logger: d.Logger}, nil
}

// View returns the roster in force, the proposals pending and refused,
// and those that the node holds agreed but has not installed yet (Applied),
// as Next computes them from what this node holds. Every signed-in user of
// a member party may read it (the roster is known to every member);
// the public gets fault.ErrUnauthenticated.
func (s *Service) View(ctx context.Context, by access.Principal) (View, error) {
	if !by.Authenticated() {
		return View{}, fault.ErrUnauthenticated
	}
	return s.compute(ctx)
}

// Compute returns Next over the roster in force and every entry the node
// holds, for the node itself (it installs the roster it returns).
func (s *Service) Compute(ctx context.Context) (View, error) { return s.compute(ctx) }

func (s *Service) compute(ctx context.Context) (View, error) {
	entries, err := s.source.RosterEntries(ctx)
	if err != nil {
		return View{}, fmt.Errorf("rosterchange: read entries: %w", err)
	}
	return Next(s.inForce(), entries), nil
}

// ProposeRequest is what a proposal asks: the whole new roster, and
// optionally the hash of the roster in force the proposer saw (refused
// with fault.ErrConflict if it is no longer in force).
type ProposeRequest struct {
	Roster   *roster.Roster `json:"roster"`
	Previous string         `json:"previous,omitempty"`
	Note     string         `json:"note,omitempty"`
}

// mayWrite returns nil if by may propose or agree: an admin of a member
// party, or a liaison of a co-chair of r (fault.ErrForbidden otherwise).
func mayWrite(by access.Principal, r *roster.Roster) error {
	if err := by.Require(access.RoleAdmin, access.RoleLiaison); err != nil {
		return err
	}
	m, ok := r.ByParty(by.Party)
	if !ok {
		return &fault.RefusalError{Kind: fault.ErrForbidden, Msg: fmt.Sprintf("party %s is not on the roster in force", by.Party)}
	}
	if by.Role == access.RoleLiaison && !m.CoChair {
		return &fault.RefusalError{Kind: fault.ErrForbidden, Msg: "only an admin, or a liaison of a co-chair, may change the roster"}
	}
	return nil
}

// release returns the releasability of a roster change entry: GREEN,
// addressed to every party of cur and of next, so that every member's
// node (and a node being added) mirrors it.
func release(cur, next *roster.Roster) access.Releasability {
	var aud []string
	for _, r := range []*roster.Roster{cur, next} {
		if r == nil {
			continue
		}
		for _, m := range r.Members {
			aud = append(aud, m.Party)
		}
	}
	slices.Sort(aud)
	return access.Releasability{TLP: access.TLPGreen, Audience: slices.Compact(aud)}
}

// Propose logs req's roster as the next version. It returns
// *fault.InvalidError for a bad roster or note, a version that skips, a
// renamed federation or a roster that changes nothing; fault.ErrConflict
// for a stale version or a Previous no longer in force; fault.ErrForbidden
// unless by may write (mayWrite). Nothing is written on error.
func (s *Service) Propose(ctx context.Context, by access.Principal, req ProposeRequest) (*Proposal, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := s.inForce()
	if err := mayWrite(by, cur); err != nil {
		return nil, fmt.Errorf("rosterchange: propose: %w", err)
	}
	curHash := rosterHash(cur)
	if err := validateProposal(req, cur, curHash); err != nil {
		return nil, err
	}
	if party, reason := foreignKeyChange(cur, req.Roster, s.origin); reason != "" {
		return nil, fault.Invalid("roster.members", "%s: %s", party, reason)
	}
	hash := rosterHash(req.Roster)
	es, err := s.log.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: KindProposed,
		Subject: Subject, Release: release(cur, req.Roster),
		Payload: Proposed{Roster: *req.Roster, Hash: hash, Previous: curHash, Note: req.Note}}})
	if err != nil {
		return nil, fmt.Errorf("rosterchange: propose version %d: %w", req.Roster.Version, err)
	}
	id, err := s.cite(es[0])
	if err != nil {
		return nil, err
	}
	s.logger.InfoContext(ctx, "roster change proposed", "id", id.String(), "version", req.Roster.Version, "hash", hash, "by", by.Username)
	return s.find(ctx, id)
}

// validateProposal checks req against the roster in force.
func validateProposal(req ProposeRequest, cur *roster.Roster, curHash string) error {
	r := req.Roster
	switch {
	case r == nil:
		return fault.Invalid("roster", "give the whole proposed roster (as 'truce federation show --json' prints the one in force)")
	case len(req.Note) > maxNote:
		return fault.Invalid("note", "at most %d bytes", maxNote)
	case req.Previous != "" && req.Previous != curHash:
		return fault.Conflictf("the roster you saw (%s) is no longer in force (%s): read it again", short(req.Previous), short(curHash))
	case r.Version <= cur.Version:
		return fault.Conflictf("stale proposal: version %d is in force; propose version %d", cur.Version, cur.Version+1)
	case r.Version > cur.Version+1:
		return fault.Invalid("roster.version", "%d skips versions: version %d is in force, so the proposal must be version %d", r.Version, cur.Version, cur.Version+1)
	case r.Federation != cur.Federation:
		return fault.Invalid("roster.federation", "%q: a proposal keeps the federation's name %q", r.Federation, cur.Federation)
	}
	if err := r.Validate(); err != nil {
		return fault.Invalid("roster", "%v", err)
	}
	same := *r
	same.Version = cur.Version
	if rosterHash(&same) == curHash {
		return fault.Invalid("roster", "it changes nothing but the version")
	}
	return nil
}

// cite returns the citation of e, an entry of this node's own log.
func (s *Service) cite(e *ledger.Entry) (cite.Citation, error) {
	canon, err := e.Canonical()
	if err != nil {
		return cite.Citation{}, fmt.Errorf("rosterchange: cite entry %d: %w", e.Seq, err)
	}
	return cite.Of(s.origin, e.Seq, ledger.Commitment(canon)), nil
}

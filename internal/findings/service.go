package findings

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/federation/joint"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// Incidents is what the service needs of the incidents domain: an
// incident and its history as a caller may see them (the incidents
// service), and whether an incident exists inside a write transaction.
type Incidents interface {
	Get(ctx context.Context, by access.Principal, id string) (*incidents.Incident, error)
	History(ctx context.Context, by access.Principal, id string) ([]*ledger.Entry, error)
}

// Deps are what the findings service is built from; all but Evidence,
// History and Now are required.
type Deps struct {
	Log       incidents.Appender
	Incidents Incidents
	// Exists returns fault.ErrNotFound (wrapped) unless incident id exists;
	// it runs inside the write transaction.
	Exists func(ctx context.Context, q ledger.Querier, id string) error
	// Parties returns every party of the centre, retired ones included.
	Parties func(ctx context.Context) ([]accounts.Party, error)
	// Evidence reports whether an evidence file is stored.
	Evidence func(sha string) bool
	// History, optional, returns every entry of a log subject in log
	// order, unfiltered (the store's); Viewer uses it to skip reading each
	// incident again.
	History func(ctx context.Context, subject string) ([]*ledger.Entry, error)
	// Joint, optional (a party node's), returns every entry of a log
	// subject across the logs the node holds verified (its own and its
	// mirrors'), unfiltered, in the joint order (package
	// federation/joint), and the logs they were read from. View folds
	// them, so that every node holding the same entries shows the same
	// layers, and says what they were computed from. Each entry names its
	// origin (empty for the node's own log when it has none).
	Joint func(ctx context.Context, subject string) ([]joint.Entry, []joint.Log, error)
	Now   func() time.Time
}

// Service records and shows the layers of findings.
type Service struct {
	deps Deps // fixed by NewService; never change
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Service{deps: d}
}

func (s *Service) centre(ctx context.Context) (Centre, map[string]bool, error) {
	ps, err := s.deps.Parties(ctx)
	if err != nil {
		return Centre{}, nil, fmt.Errorf("findings: parties: %w", err)
	}
	known := map[string]bool{}
	for _, p := range ps {
		known[p.ID] = true
	}
	return centreOf(ps, s.deps.Now()), known, nil
}

// View returns the layered finding about incident id from the entries by
// may see: fault.ErrNotFound if by may not see the incident.
//
// With Deps.Joint, the entries are those of every log the node holds
// (own and mirrored) that by may see, in the joint order, and the view's
// ComputedFrom names the logs read.
func (s *Service) View(ctx context.Context, by access.Principal, id string) (*View, error) {
	if s.deps.Joint != nil {
		return s.jointView(ctx, by, id)
	}
	es, err := s.deps.Incidents.History(ctx, by, id)
	if err != nil {
		return nil, fmt.Errorf("findings: view %s: %w", id, err)
	}
	c, _, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	return Fold(id, es, c), nil
}

// jointView is View from the entries of every log held (Deps.Joint).
func (s *Service) jointView(ctx context.Context, by access.Principal, id string) (*View, error) {
	if _, err := s.deps.Incidents.Get(ctx, by, id); err != nil {
		return nil, fmt.Errorf("findings: view %s: %w", id, err)
	}
	all, from, err := s.jointEntries(ctx, incidents.Subject(id))
	if err != nil {
		return nil, fmt.Errorf("findings: view %s: %w", id, err)
	}
	es := make([]*ledger.Entry, 0, len(all))
	for _, e := range all {
		if by.CanSee(e.Release) {
			es = append(es, e)
		}
	}
	c, _, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	v := Fold(id, es, c)
	v.ComputedFrom = from
	return v, nil
}

// jointEntries returns Deps.Joint's entries about subject, in the joint
// order, and the logs read.
func (s *Service) jointEntries(ctx context.Context, subject string) ([]*ledger.Entry, []joint.Log, error) {
	js, from, err := s.deps.Joint(ctx, subject)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*ledger.Entry, len(js))
	for i, e := range js {
		out[i] = e.Entry
	}
	return out, from, nil
}

// record appends one entry of kind about incident id, released like the
// incident unless rel is given, after the incident is checked visible to
// by; it returns the view after the change.
func (s *Service) record(ctx context.Context, by access.Principal, id, kind string, rel *access.Releasability, payload any) (*View, error) {
	inc, err := s.deps.Incidents.Get(ctx, by, id)
	if err != nil {
		return nil, fmt.Errorf("findings: %s on %s: %w", kind, id, err)
	}
	release := inc.Release
	if rel != nil {
		release = *rel
	}
	_, err = s.deps.Log.Append(ctx, ledger.Change{
		Draft: ledger.Draft{Party: by.Party, Author: by.Username, Kind: kind, Subject: incidents.Subject(id),
			Release: release, Payload: payload},
		Check: func(ctx context.Context, q ledger.Querier) error { return s.deps.Exists(ctx, q, id) },
	})
	if err != nil {
		return nil, fmt.Errorf("findings: %s on %s: %w", kind, id, err)
	}
	return s.View(ctx, by, id)
}

package findings

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/federation/joint"
	"truce/internal/incidents"
)

// Basis returns what View folds for by: the entries about incident id by
// may see, in the order View folds them (with Deps.Joint, those of every
// log the node holds, in the joint order, each with its origin; without
// it, the node's own log in log order, with no origin), and the centre
// they are folded with. It returns fault.ErrNotFound (wrapped) if by may
// not see the incident. A proof bundle (package proofbundle) states both,
// so that anyone can fold them again.
func (s *Service) Basis(ctx context.Context, by access.Principal, id string) ([]joint.Entry, Centre, error) {
	var out []joint.Entry
	if s.deps.Joint != nil {
		if _, err := s.deps.Incidents.Get(ctx, by, id); err != nil {
			return nil, Centre{}, fmt.Errorf("findings: basis of %s: %w", id, err)
		}
		all, _, err := s.deps.Joint(ctx, incidents.Subject(id))
		if err != nil {
			return nil, Centre{}, fmt.Errorf("findings: basis of %s: %w", id, err)
		}
		for _, e := range all {
			if by.CanSee(e.Entry.Release) {
				out = append(out, e)
			}
		}
	} else {
		es, err := s.deps.Incidents.History(ctx, by, id)
		if err != nil {
			return nil, Centre{}, fmt.Errorf("findings: basis of %s: %w", id, err)
		}
		for _, e := range es {
			out = append(out, joint.Entry{Entry: e})
		}
	}
	c, _, err := s.centre(ctx)
	if err != nil {
		return nil, Centre{}, err
	}
	return out, c, nil
}

package findings

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/ledger"
)

// Basis returns what View folds for by: the entries about incident id by
// may see, in log order, and the centre they are folded with. It returns
// fault.ErrNotFound (wrapped) if by may not see the incident. A proof
// bundle (package proofbundle) states both, so that anyone can fold them
// again.
func (s *Service) Basis(ctx context.Context, by access.Principal, id string) ([]*ledger.Entry, Centre, error) {
	es, err := s.deps.Incidents.History(ctx, by, id)
	if err != nil {
		return nil, Centre{}, fmt.Errorf("findings: basis of %s: %w", id, err)
	}
	c, _, err := s.centre(ctx)
	if err != nil {
		return nil, Centre{}, err
	}
	return es, c, nil
}

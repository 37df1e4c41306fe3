package findings

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/federation/joint"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// ViewFunc folds the finding of an incident its caller has already read
// through the incidents service as by.
type ViewFunc func(ctx context.Context, by access.Principal, in *incidents.Incident) (*View, error)

// Viewer returns a ViewFunc for a walk over many incidents (an export, a
// page of the OGC API): it reads the centre once, and reads each
// incident's entries without reading the incident again. The caller MUST
// pass only incidents it read as by through the incidents service (so by
// may see them); the entries are filtered for by as View filters them,
// and the result equals View's at the time the centre was read (with
// Deps.Joint, the entries of every log held, as View reads them). Without
// Deps.History or Deps.Joint it calls View.
func (s *Service) Viewer(ctx context.Context) (ViewFunc, error) {
	if s.deps.History == nil && s.deps.Joint == nil {
		return func(ctx context.Context, by access.Principal, in *incidents.Incident) (*View, error) {
			return s.View(ctx, by, in.ID)
		}, nil
	}
	c, _, err := s.centre(ctx)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, by access.Principal, in *incidents.Incident) (*View, error) {
		if !by.CanSee(in.Release) {
			return nil, fmt.Errorf("findings: view %s: the caller may not see the incident", in.ID)
		}
		var es []*ledger.Entry
		var from []joint.Log
		var err error
		if s.deps.Joint != nil { // the same entries as View
			es, from, err = s.jointEntries(ctx, incidents.Subject(in.ID))
		} else {
			es, err = s.deps.History(ctx, incidents.Subject(in.ID))
		}
		if err != nil {
			return nil, fmt.Errorf("findings: view %s: %w", in.ID, err)
		}
		visible := es[:0:0]
		for _, e := range es {
			if by.CanSee(e.Release) {
				visible = append(visible, e)
			}
		}
		v := Fold(in.ID, visible, c)
		v.ComputedFrom = from
		return v, nil
	}, nil
}

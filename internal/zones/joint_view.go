package zones

import (
	"context"
	"fmt"
	"slices"

	"truce/internal/access"
	"truce/internal/ledger"
)

// jointState replaces z's versions by those computed from the entries
// about z that by may see in every log the node holds (JointVersions), sets
// z.ComputedFrom, and returns the co-chairs it counted.
func (s *Service) jointState(ctx context.Context, by access.Principal, z *Zone, chairs []string, gone []Departure) ([]string, error) {
	if s.joint.CoChairs != nil {
		cs, err := s.joint.CoChairs(ctx)
		if err != nil {
			return nil, fmt.Errorf("zones: co-chairs in force: %w", err)
		}
		chairs = slices.Sorted(slices.Values(cs))
	}
	all, from, err := s.joint.History(ctx, Subject(z.ID))
	if err != nil {
		return nil, fmt.Errorf("zones: joint state of %s: %w", z.ID, err)
	}
	es := access.Visible(by, all, func(e **ledger.Entry) access.Releasability { return (*e).Release })
	z.Versions = JointVersions(z.ID, es, chairs, gone)
	z.Latest = len(z.Versions)
	z.ComputedFrom = from
	return chairs, nil
}

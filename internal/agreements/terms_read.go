package agreements

import (
	"context"
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/fault"
)

// Shown returns the version of a that its features and exports show: the
// current (latest agreed) version, else the latest proposed one. a must be
// decorated (Get and ListPage do so).
func Shown(a *Agreement) *Version {
	if a.Current != nil {
		return a.Current
	}
	if len(a.Versions) == 0 {
		return nil
	}
	return &a.Versions[len(a.Versions)-1]
}

// ZoneAreas returns the agreed area of each zone the obligations of v
// name, keyed by zone id, for the zones by may see. A zone by may not see,
// or that designates no agreed area yet, is left out: a caller learns the
// zone's id from the obligation (which it may see) but never its geometry.
func (s *Service) ZoneAreas(ctx context.Context, by access.Principal, v *Version) (map[string]orb.MultiPolygon, error) {
	out := map[string]orb.MultiPolygon{}
	if v == nil {
		return out, nil
	}
	for _, o := range v.Obligations {
		id := o.Rule.ZoneID
		if id == "" {
			continue
		}
		if _, done := out[id]; done {
			continue
		}
		ok, err := s.zones.Visible(ctx, by, id)
		if err != nil && !errors.Is(err, fault.ErrNotFound) {
			return nil, fmt.Errorf("agreements: zone %s of agreement %s: %w", id, v.AgreementID, err)
		}
		if !ok {
			continue
		}
		mp, err := s.zones.AgreedGeometry(ctx, id)
		if errors.Is(err, fault.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("agreements: zone %s of agreement %s: %w", id, v.AgreementID, err)
		}
		out[id] = mp
	}
	return out, nil
}

// Breaches returns the recorded breaches of agreement id's current version
// that by may see (each is shown only to those who may see its incident),
// in log order, or an error wrapping fault.ErrNotFound if by may not see
// the agreement. An agreement with no agreed version has none.
func (s *Service) Breaches(ctx context.Context, by access.Principal, id string) ([]Breach, error) {
	a, err := s.visibleAgreement(ctx, nil, by, id)
	if err != nil {
		return nil, fmt.Errorf("agreements: breaches of %s: %w", id, err)
	}
	chairs, gone, err := s.coChairs(ctx)
	if err != nil {
		return nil, fmt.Errorf("agreements: breaches of %s: %w", id, err)
	}
	decorate(a, s.now(), chairs, gone)
	if a.Current == nil {
		return nil, nil
	}
	return visibleBreaches(by, a.Breaches, a.Current.Version), nil
}

// Within returns the releasability under which b may be shown as part of
// an agreement released as agreement: visible to a party exactly when
// both the agreement and b's incident are.
func (b *Breach) Within(agreement access.Releasability) access.Releasability {
	return narrower(agreement, b.Release)
}

package cases

import (
	"context"
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/geo"
	"truce/internal/ledger"
)

// CheckKnown implements alerts.FollowUp: it opens a case for every known
// site each of incs lies within the radius of (its geometry comes within
// RadiusM of the site or covers it), once per incident and site, and
// returns how many it opened. The case is released like the import, never
// wider than the incident; it is logged under the importing party and asks
// the party the incident's report alleges responsible, if any, for
// information. A case this node may not log (the importing party is not
// one it speaks for) is left to the node that may.
func (s *Service) CheckKnown(ctx context.Context, incs []alerts.Incident) (int, error) {
	sites, err := s.deps.Store.KnownSites(ctx)
	if err != nil || len(sites) == 0 {
		return 0, err
	}
	items := make([]geo.Item[int], len(sites))
	for i, k := range sites {
		items[i] = geo.Item[int]{ID: i, Geometry: geo.ExpandBound(orb.Point{k.Lon, k.Lat}.Bound(), k.RadiusM)}
	}
	ix := geo.NewIndex(items)
	cen, err := s.centre(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range incs {
		inc := &incs[i]
		if inc.Geometry == nil {
			continue
		}
		for _, j := range ix.Candidates(inc.Geometry.Bound()) {
			k := &sites[j]
			if geo.DistanceToGeometry(orb.Point{k.Lon, k.Lat}, inc.Geometry) > k.RadiusM {
				continue
			}
			opened, err := s.openKnown(ctx, k, inc, cen)
			if err != nil {
				return n, err
			}
			if opened {
				n++
			}
		}
	}
	return n, nil
}

func (s *Service) openKnown(ctx context.Context, k *KnownSite, inc *alerts.Incident, cen centre) (bool, error) {
	key := Key(ConcernsKnownSite, k.ID, inc.ID)
	if _, err := s.deps.Store.CaseByKey(ctx, nil, key); err == nil {
		return false, nil
	} else if !errors.Is(err, fault.ErrNotFound) {
		return false, fmt.Errorf("cases: %s: %w", key, err)
	}
	rel := combine(k.Release, inc.Release)
	if !rel.VisibleTo(k.Party) {
		return false, nil // the importer may not see the incident
	}
	o := &Opened{ID: access.NewID("cas"), Key: key, Alleged: inc.Perpetrator,
		Concern:  Concern{Type: ConcernsKnownSite, ID: k.ID, Seq: k.Seq, Notifier: k.Party, Notified: []string{}, Name: k.Name},
		Incident: Ref{ID: inc.ID, Seq: inc.Seq},
		Requests: requests([]string{inc.Perpetrator}, k.Party, rel, cen, s.deps.Now(), s.deps.Config.RequestWithin)}
	_, err := s.deps.Log.Append(ctx, *s.openChange(o, k.Party, rel))
	switch {
	case errors.Is(err, fault.ErrConflict):
		return false, nil
	case errors.Is(err, ledger.ErrOtherParty):
		s.deps.Logger.InfoContext(ctx, "cases: not opened here; the importing party's node opens it", "key", key)
		return false, nil
	case err != nil:
		return false, fmt.Errorf("cases: open %s: %w", key, err)
	}
	return true, nil
}

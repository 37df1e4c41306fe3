package sources

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/geo"
	"truce/internal/incidents"
	"truce/internal/sources/extract"
)

// Duplicate decisions.
const (
	DuplicateLinked    = "linked"
	DuplicateDismissed = "dismissed"
)

// candidate is an incident as extract.Correlate sees it.
type candidate struct {
	id       string
	cat      incidents.Category
	lat, lon float64
	t0, t1   time.Time
}

func (c candidate) ID() string                       { return c.id }
func (c candidate) Category() incidents.Category     { return c.cat }
func (c candidate) Point() (float64, float64)        { return c.lat, c.lon }
func (c candidate) Interval() (time.Time, time.Time) { return c.t0, c.t1 }

// correlateOptions are the bounds of suggestions: those of package
// extract, at most ten.
var correlateOptions = extract.CorrelateOptions{Limit: 10}

// suggest sets d.Duplicates to the decided duplicates followed by the
// incidents by may see that Correlate proposes and nobody dismissed.
func (s *Service) suggest(ctx context.Context, by access.Principal, d *Draft) error {
	ms, err := s.matches(ctx, by, d)
	if err != nil {
		return err
	}
	decided := map[string]bool{}
	for _, dup := range d.Duplicates {
		decided[dup.ID] = true
	}
	for _, m := range ms {
		if !decided[m.ID] {
			d.Duplicates = append(d.Duplicates, Duplicate{Match: m})
		}
	}
	return nil
}

// matches returns the possible duplicates of d among the incidents by may
// see (the incidents service checks releasability), best first.
func (s *Service) matches(ctx context.Context, by access.Principal, d *Draft) ([]extract.Match, error) {
	p := &d.Proposal
	if len(p.Locations) == 0 {
		return nil, nil
	}
	o := correlateOptions
	from, to := p.Time.Start.Add(-48*time.Hour), p.Time.End.Add(48*time.Hour)
	var cands []extract.Candidate
	seen := map[string]bool{}
	for _, l := range p.Locations {
		km := l.RadiusKM + 25
		dLat := km / 111.0
		dLon := km / (111.0 * math.Max(0.1, math.Cos(l.Lat*math.Pi/180)))
		box := orb.Bound{Min: orb.Point{l.Lon - dLon, l.Lat - dLat}, Max: orb.Point{l.Lon + dLon, l.Lat + dLat}}
		page, err := s.d.Incidents.Search(ctx, by, incidents.Filter{BBox: &box, From: &from, To: &to, Limit: 1000, Brief: true})
		if err != nil {
			return nil, fmt.Errorf("sources: duplicates of %s: %w", d.ID, err)
		}
		for i := range page.Items {
			inc := &page.Items[i]
			if seen[inc.ID] {
				continue
			}
			seen[inc.ID] = true
			if c, ok := asCandidate(inc); ok {
				cands = append(cands, c)
			}
		}
	}
	return extract.NewIndex(cands).Correlate(p, o), nil
}

// asCandidate returns inc as a correlation candidate: its location's
// centre and its span.
func asCandidate(inc *incidents.Incident) (candidate, bool) {
	g, err := geo.Decode(inc.Location, geo.KindPoint|geo.KindPolygon, incidents.LocationLimits)
	if err != nil {
		return candidate{}, false
	}
	c := g.Bound().Center()
	t0, t1 := inc.T0, inc.T1
	if t0 == 0 {
		t0, t1 = incidents.Span(inc.Time)
	}
	return candidate{id: inc.ID, cat: inc.Category, lat: c.Lat(), lon: c.Lon(), t0: time.Unix(t0, 0).UTC(), t1: time.Unix(t1, 0).UTC()}, true
}

// DecideDuplicate records by's decision (DuplicateLinked or
// DuplicateDismissed) on incident incidentID suggested as a duplicate of
// draft id, with the score and reasons shown. Errors: as Accept;
// *fault.InvalidError if incidentID is not a suggestion by may see.
func (s *Service) DecideDuplicate(ctx context.Context, by access.Principal, id, incidentID, decision string) (*Draft, error) {
	if err := MayReview(by); err != nil {
		return nil, fmt.Errorf("sources: duplicate of %s: %w", id, err)
	}
	kind := KindDuplicateLinked
	switch decision {
	case DuplicateLinked:
	case DuplicateDismissed:
		kind = KindDuplicateDismissed
	default:
		return nil, fault.Invalid("decision", "%q: use %s or %s", decision, DuplicateLinked, DuplicateDismissed)
	}
	d, err := s.visibleDraft(ctx, nil, by, id)
	if err != nil {
		return nil, err
	}
	ms, err := s.matches(ctx, by, d)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.ID == incidentID {
			p := &DuplicateDecided{DraftID: id, IncidentID: incidentID, Score: m.Score, Reasons: m.Reasons}
			if _, err := s.d.Log.Append(ctx, changeOf(by, d, kind, p)); err != nil {
				return nil, fmt.Errorf("sources: duplicate of %s: %w", id, err)
			}
			return s.GetDraft(ctx, by, id)
		}
	}
	return nil, fault.Invalid("incident_id", "%q is not a suggested duplicate of draft %s that you may see", incidentID, id)
}

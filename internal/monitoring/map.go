package monitoring

import (
	"context"
	"errors"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/geo"
)

// Coverage map limits.
const (
	DefaultCellDeg = 0.01
	MinCellDeg     = 0.001
	MaxCellDeg     = 1.0
	MaxPeriod      = 92 * 24 * time.Hour
)

// Map returns the coverage map of [from, to) in cells of deg degrees (0:
// DefaultCellDeg) from the patrols and restrictions by may see, with each
// such restriction that applies to a patrol of the period as a Point
// feature ("restriction": its kind, "controlled_by", "time", "patrol_id").
// Errors: *fault.InvalidError for a bad period or cell size, or a map
// needing more than MaxCells cells.
func (s *Service) Map(ctx context.Context, by access.Principal, from, to time.Time, deg float64) (*Map, error) {
	if deg == 0 {
		deg = DefaultCellDeg
	}
	switch {
	case !(deg >= MinCellDeg && deg <= MaxCellDeg):
		return nil, fault.Invalid("cell", "must be between %g and %g degrees", MinCellDeg, MaxCellDeg)
	case !to.After(from):
		return nil, fault.Invalid("to", "must be after from")
	case to.Sub(from) > MaxPeriod:
		return nil, fault.Invalid("to", "a coverage map covers at most %s", MaxPeriod)
	}
	ps, err := s.deps.Store.PatrolsIn(ctx, by.Party, from, to)
	if err != nil {
		return nil, fmt.Errorf("monitoring: patrols: %w", err)
	}
	ps = access.Visible(by, ps, func(p *Patrol) access.Releasability { return p.Release })
	tracks := make([]Track, 0, len(ps))
	ids := make([]string, 0, len(ps))
	lo, hi := from, to
	for _, p := range ps {
		t, err := trackOf(&p)
		if err != nil {
			return nil, err
		}
		tracks, ids = append(tracks, t), append(ids, p.ID)
		lo, hi = minTime(lo, t.Start), maxTime(hi, t.End)
	}
	rs, err := s.deps.Store.RestrictionsFor(ctx, by.Party, ids, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("monitoring: restrictions: %w", err)
	}
	rs = access.Visible(by, rs, func(r *Restriction) access.Releasability { return r.Release })
	blocks := make([]Blocked, 0, len(rs))
	for _, r := range rs {
		b, err := blockOf(&r)
		if err != nil {
			return nil, err
		}
		blocks = append(blocks, b)
	}
	cells, err := Coverage(tracks, blocks, from, to, deg)
	if errors.Is(err, ErrTooManyCells) {
		return nil, fault.Invalid("cell", "the patrols of this period span more than %d cells of %g degrees: ask for larger cells or a shorter period", MaxCells, deg)
	}
	if err != nil {
		return nil, err
	}
	m := &Map{Type: "FeatureCollection", From: from.UTC().Format(time.RFC3339), To: to.UTC().Format(time.RFC3339),
		CellDeg: deg, Features: MapOf(cells, deg)}
	for _, t := range tracks {
		if t.Active(from, to) {
			m.Patrols++
		}
	}
	for i, b := range blocks {
		if applies(b, tracks, from, to) {
			r := rs[i]
			m.Features = append(m.Features, Feature{Type: "Feature", Geometry: Geometry{Type: "Point", Coordinates: b.At},
				Properties: map[string]any{"restriction": r.Kind, "controlled_by": r.ControlledBy, "time": r.Time,
					"patrol_id": r.PatrolID, "id": r.ID}})
		}
	}
	return m, nil
}

// applies reports whether b restricts a track active in [from, to).
func applies(b Blocked, tracks []Track, from, to time.Time) bool {
	for _, t := range tracks {
		if t.Active(from, to) && b.Applies(t) {
			return true
		}
	}
	return false
}

func trackOf(p *Patrol) (Track, error) {
	ls, err := geo.DecodeLineString(p.Route, geo.Limits{})
	if err != nil {
		return Track{}, fmt.Errorf("monitoring: patrol %s route: %w", p.ID, err)
	}
	start, err1 := time.Parse(time.RFC3339Nano, p.Window.Start)
	end, err2 := time.Parse(time.RFC3339Nano, p.Window.End)
	if err := errors.Join(err1, err2); err != nil {
		return Track{}, fmt.Errorf("monitoring: patrol %s window: %w", p.ID, err)
	}
	return Track{ID: p.ID, Route: ls, SightM: p.SightM, Start: start, End: end}, nil
}

func blockOf(r *Restriction) (Blocked, error) {
	pt, err := geo.DecodePoint(r.Location)
	if err != nil {
		return Blocked{}, fmt.Errorf("monitoring: restriction %s location: %w", r.ID, err)
	}
	t, err := time.Parse(time.RFC3339Nano, r.Time)
	if err != nil {
		return Blocked{}, fmt.Errorf("monitoring: restriction %s time: %w", r.ID, err)
	}
	return Blocked{ID: r.ID, PatrolID: r.PatrolID, ControlledBy: r.ControlledBy, At: pt, RadiusM: r.RadiusM, Time: t}, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

package deconflict

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// ProtectedSite is a notified site (hospital, camp, …): a point and a
// buffer radius in metres.
type ProtectedSite struct {
	ID       string
	Lat, Lon float64
	RadiusM  float64
}

// Movement is a notified humanitarian movement: a route (GeoJSON order,
// [lon, lat] pairs) and the window during which it is on the road.
type Movement struct {
	ID       string
	Route    [][2]float64
	From, To time.Time
}

// AdvisoryOptions tunes advisories. Zero fields select the defaults.
type AdvisoryOptions struct {
	// SiteCeilingFt: flights strictly below this altitude strictly within a
	// site's buffer get an advisory (default 10,000 ft).
	SiteCeilingFt float64
	// MovementDistanceM: flights strictly within this horizontal distance
	// of a movement's route during its window get an advisory (default
	// 5,000 m), at any altitude.
	MovementDistanceM float64
}

// Advisory is an interval during which a plan or track passes low over a
// protected site or near a humanitarian movement. MinDistanceM is the
// least horizontal distance to the site or route over the interval.
type Advisory struct {
	Kind         string // "site" or "movement"
	Ref          string // site or movement id
	Subject      string
	SubjectParty string
	Track        bool
	Start, End   time.Time
	MinDistanceM float64
}

type compiledSite struct {
	s    ProtectedSite
	x, y float64
}

type compiledMove struct {
	m        Movement
	xs, ys   []float64
	from, to float64
	bb       box
}

// Advisories returns the advisories of all plans against the given sites
// and movements, sorted by (Kind, Ref, Subject, Start). It returns a
// *ValidationError if a site or movement is invalid.
func (e *Engine) Advisories(sites []ProtectedSite, moves []Movement, opt AdvisoryOptions) ([]Advisory, error) {
	cs, cm, opt, err := e.compileAdvisory(sites, moves, opt)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.advisories(e.plans, false, cs, cm, opt), nil
}

// CheckAdvisoryInputs validates sites and moves as Advisories does,
// without computing any advisory: it returns the *ValidationError
// Advisories would, or nil.
func (e *Engine) CheckAdvisoryInputs(sites []ProtectedSite, moves []Movement, opt AdvisoryOptions) error {
	_, _, _, err := e.compileAdvisory(sites, moves, opt)
	return err
}

// TrackAdvisories is Advisories for tracks predicted along straight lines
// over [now, now+lookahead] (0 selects DefaultLookahead).
func (e *Engine) TrackAdvisories(now time.Time, lookahead time.Duration, sites []ProtectedSite, moves []Movement, opt AdvisoryOptions) ([]Advisory, error) {
	cs, cm, opt, err := e.compileAdvisory(sites, moves, opt)
	if err != nil {
		return nil, err
	}
	if lookahead <= 0 {
		lookahead = DefaultLookahead
	}
	ts := &e.tracks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t0 := seconds(now)
	return e.advisories(ts.predict(t0, t0+lookahead.Seconds()), true, cs, cm, opt), nil
}

func (c *core) compileAdvisory(sites []ProtectedSite, moves []Movement, opt AdvisoryOptions) ([]compiledSite, []compiledMove, AdvisoryOptions, error) {
	if opt.SiteCeilingFt == 0 {
		opt.SiteCeilingFt = 10000
	}
	if opt.MovementDistanceM == 0 {
		opt.MovementDistanceM = 5000
	}
	if !finite(opt.SiteCeilingFt) || !(opt.MovementDistanceM > 0) || !finite(opt.MovementDistanceM) {
		return nil, nil, opt, fmt.Errorf("deconflict: advisories: bad options %+v", opt)
	}
	cs := make([]compiledSite, len(sites))
	for i, s := range sites {
		if s.ID == "" || !(s.RadiusM > 0) || !finite(s.RadiusM) {
			return nil, nil, opt, &ValidationError{Kind: "site", ID: s.ID, Index: -1, Field: "radius_m", Reason: "id and a positive radius are required"}
		}
		x, y, err := c.checkPoint("site", s.ID, -1, s.Lat, s.Lon, 0)
		if err != nil {
			return nil, nil, opt, err
		}
		cs[i] = compiledSite{s: s, x: x, y: y}
	}
	cm := make([]compiledMove, len(moves))
	for i, m := range moves {
		if m.ID == "" || len(m.Route) < 2 || m.From.IsZero() || m.To.Before(m.From) {
			return nil, nil, opt, &ValidationError{Kind: "movement", ID: m.ID, Index: -1, Field: "route", Reason: "id, at least 2 route points and a window are required"}
		}
		c2 := compiledMove{m: m, from: seconds(m.From), to: seconds(m.To), bb: emptyBox()}
		for j, p := range m.Route {
			x, y, err := c.checkPoint("movement", m.ID, j, p[1], p[0], 0)
			if err != nil {
				return nil, nil, opt, err
			}
			c2.xs, c2.ys = append(c2.xs, x), append(c2.ys, y)
			c2.bb.add(x, y, 0)
		}
		cm[i] = c2
	}
	return cs, cm, opt, nil
}

// advisories computes the advisories of trajs (nil entries skipped).
func (c *core) advisories(trajs []*trajectory, track bool, sites []compiledSite, moves []compiledMove, opt AdvisoryOptions) []Advisory {
	var out []Advisory
	var ps []piece
	emit := func(kind, ref string, tr *trajectory) {
		sortPieces(ps)
		for _, p := range mergePieces(ps) {
			out = append(out, Advisory{Kind: kind, Ref: ref, Subject: tr.id, SubjectParty: tr.party, Track: track,
				Start: toTime(p.t0), End: toTime(p.t1), MinDistanceM: p.dh})
		}
	}
	for _, tr := range trajs {
		if tr == nil {
			continue
		}
		for i := range sites {
			s := &sites[i]
			r := s.s.RadiusM
			if s.x+r < tr.minX || s.x-r > tr.maxX || s.y+r < tr.minY || s.y-r > tr.maxY {
				continue
			}
			ps = ps[:0]
			for k := range tr.segs {
				sg := &tr.segs[k]
				ps = disc(sg, sg.t0, sg.t1, s.x, s.y, r, opt.SiteCeilingFt, ps)
			}
			emit("site", s.s.ID, tr)
		}
		for i := range moves {
			m := &moves[i]
			d := opt.MovementDistanceM
			if tr.t1 < m.from || tr.t0 > m.to || m.bb.minX-d > tr.maxX || m.bb.maxX+d < tr.minX || m.bb.minY-d > tr.maxY || m.bb.maxY+d < tr.minY {
				continue
			}
			ps = ps[:0]
			for k := range tr.segs {
				sg := &tr.segs[k]
				lo, hi := max(sg.t0, m.from), min(sg.t1, m.to)
				if lo > hi {
					continue
				}
				for j := 1; j < len(m.xs); j++ {
					ps = capsule(sg, lo, hi, m.xs[j-1], m.ys[j-1], m.xs[j], m.ys[j], d, ps)
				}
			}
			emit("movement", m.m.ID, tr)
		}
	}
	slices.SortFunc(out, func(x, y Advisory) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Ref, y.Ref), cmp.Compare(x.Subject, y.Subject), x.Start.Compare(y.Start))
	})
	return out
}

// disc appends the piece of [lo, hi] during which sg is strictly within r
// of (cx, cy) and strictly below ceil feet.
func disc(sg *segment, lo, hi, cx, cy, r, ceil float64, out []piece) []piece {
	x, y, z := sg.at(lo)
	dx, dy := x-cx, y-cy
	T := hi - lo
	a, b := sg.vx*sg.vx+sg.vy*sg.vy, dx*sg.vx+dy*sg.vy
	s0, s1, ok := quadBelow(a, b, dx*dx+dy*dy-r*r)
	if !ok {
		return out
	}
	zl, zh, ok := linearIn(z, sg.vz, math.Inf(-1), ceil)
	if !ok {
		return out
	}
	s0, s1 = max(s0, zl, 0), min(s1, zh, T)
	if s0 > s1 || (s0 == s1 && T > 0) {
		return out
	}
	s := closestS(a, b, s0, s1)
	return append(out, piece{t0: lo + s0, t1: lo + s1, tc: lo + s, dh: math.Hypot(dx+sg.vx*s, dy+sg.vy*s)})
}

// capsule appends the pieces of [lo, hi] during which sg is strictly within
// d of the route edge (x1, y1)–(x2, y2): the rectangle along the edge and
// the discs at its ends.
func capsule(sg *segment, lo, hi, x1, y1, x2, y2, d float64, out []piece) []piece {
	out = disc(sg, lo, hi, x1, y1, d, inf, out)
	out = disc(sg, lo, hi, x2, y2, d, inf, out)
	ex, ey := x2-x1, y2-y1
	l := math.Hypot(ex, ey)
	if l == 0 {
		return out
	}
	ux, uy := ex/l, ey/l
	x, y, _ := sg.at(lo)
	px, py := x-x1, y-y1
	along0, alongV := px*ux+py*uy, sg.vx*ux+sg.vy*uy
	perp0, perpV := px*uy-py*ux, sg.vx*uy-sg.vy*ux
	a0, a1, ok := linearIn(along0, alongV, 0, l)
	if !ok {
		return out
	}
	p0, p1, ok := linearIn(perp0, perpV, -d, d)
	if !ok {
		return out
	}
	s0, s1 := max(a0, p0, 0), min(a1, p1, hi-lo)
	if s0 >= s1 {
		return out
	}
	return append(out, piece{t0: lo + s0, t1: lo + s1, tc: lo + s0, dh: minAbsLinear(perp0, perpV, s0, s1)})
}

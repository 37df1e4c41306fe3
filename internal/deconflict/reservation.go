package deconflict

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Reservation is a volume of airspace reserved by one party for a time
// window: a polygon (GeoJSON order: [lon, lat] pairs, closed or not), an
// altitude band and a window. Both the band and the window are closed: a
// flight at exactly the ceiling is inside.
type Reservation struct {
	ID, Party          string
	Ring               [][2]float64
	MinAltFt, MaxAltFt float64
	From, To           time.Time
}

// Intrusion is an interval during which a plan or track of a party other
// than the reservation's is inside the reserved volume.
type Intrusion struct {
	Reservation, ReservationParty string
	Subject, SubjectParty         string
	// Track is true when Subject is a track (predicted), false for a plan.
	Track      bool
	Start, End time.Time
}

type reservation struct {
	r        Reservation
	pg       *polygon
	from, to float64
}

// AddReservation validates and stores r, replacing any reservation with
// the same id. It returns a *ValidationError for an invalid reservation.
func (e *Engine) AddReservation(r Reservation) error {
	bad := func(field, reason string) error {
		return &ValidationError{Kind: "reservation", ID: r.ID, Index: -1, Field: field, Reason: reason}
	}
	switch {
	case r.ID == "" || r.Party == "":
		return bad("id", "id and party are required")
	case !finite(r.MinAltFt) || !finite(r.MaxAltFt) || r.MinAltFt > r.MaxAltFt:
		return bad("altitude", fmt.Sprintf("band [%v, %v] is empty", r.MinAltFt, r.MaxAltFt))
	case r.From.IsZero() || r.To.IsZero() || r.To.Before(r.From):
		return bad("window", "from and to are required and from must not be after to")
	}
	pg, err := e.compileRing("reservation", r.ID, r.Ring)
	if err != nil {
		return err
	}
	r.Ring = slices.Clone(r.Ring)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.resv[r.ID] = &reservation{r: r, pg: pg, from: seconds(r.From), to: seconds(r.To)}
	return nil
}

// RemoveReservation deletes a reservation, returning an error wrapping
// ErrNotFound if it is not held.
func (e *Engine) RemoveReservation(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.resv[id]; !ok {
		return fmt.Errorf("deconflict: remove reservation %q: %w", id, ErrNotFound)
	}
	delete(e.resv, id)
	return nil
}

// Intrusions returns the exact intervals during which plans of other
// parties are inside each reservation, sorted by (Reservation, Subject,
// Start).
func (e *Engine) Intrusions() []Intrusion {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []Intrusion
	for _, r := range e.resv {
		for _, tr := range e.plans {
			if tr != nil {
				out = r.intrusions(tr, false, out)
			}
		}
	}
	sortIntrusions(out)
	return out
}

// TrackIntrusions returns the intrusions of tracks predicted along straight
// lines over [now, now+lookahead] (0 selects DefaultLookahead), sorted by
// (Reservation, Subject, Start). It does not expire tracks.
func (e *Engine) TrackIntrusions(now time.Time, lookahead time.Duration) []Intrusion {
	if lookahead <= 0 {
		lookahead = DefaultLookahead
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ts := &e.tracks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t0 := seconds(now)
	var out []Intrusion
	for _, tr := range ts.predict(t0, t0+lookahead.Seconds()) {
		for _, r := range e.resv {
			out = r.intrusions(tr, true, out)
		}
	}
	sortIntrusions(out)
	return out
}

// intrusions appends the intervals during which tr is inside r.
func (r *reservation) intrusions(tr *trajectory, track bool, out []Intrusion) []Intrusion {
	if tr.party == r.r.Party || tr.t1 < r.from || tr.t0 > r.to {
		return out
	}
	var ivs [][2]float64
	for i := range tr.segs {
		s := &tr.segs[i]
		lo, hi := max(s.t0, r.from), min(s.t1, r.to)
		if lo > hi {
			continue
		}
		if b := segBox(s, lo, hi); !overlapsXY(&b, &r.pg.bb, 0) {
			continue
		}
		zlo, zhi, ok := linearIn(s.z0+s.vz*(lo-s.t0), s.vz, r.r.MinAltFt-verticalTolerance, r.r.MaxAltFt+verticalTolerance)
		if !ok {
			continue
		}
		x, y, _ := s.at(lo)
		n := len(ivs)
		ivs = r.pg.insideIntervals(x, y, s.vx, s.vy, hi-lo, ivs)
		for k := n; k < len(ivs); k++ {
			a, b := max(ivs[k][0], zlo), min(ivs[k][1], zhi)
			ivs[k] = [2]float64{lo + a, lo + b}
			if b < a || (b == a && hi > lo) {
				ivs[k] = [2]float64{inf, inf} // dropped below
			}
		}
	}
	var cur *Intrusion
	var curEnd float64
	for _, iv := range ivs {
		if iv[0] == inf {
			continue
		}
		if cur != nil && iv[0] <= curEnd+mergeGap {
			curEnd = max(curEnd, iv[1])
			cur.End = toTime(curEnd)
			continue
		}
		out = append(out, Intrusion{Reservation: r.r.ID, ReservationParty: r.r.Party,
			Subject: tr.id, SubjectParty: tr.party, Track: track, Start: toTime(iv[0]), End: toTime(iv[1])})
		cur, curEnd = &out[len(out)-1], iv[1]
	}
	return out
}

func sortIntrusions(is []Intrusion) {
	slices.SortFunc(is, func(x, y Intrusion) int {
		return cmp.Or(cmp.Compare(x.Reservation, y.Reservation), cmp.Compare(x.Subject, y.Subject), x.Start.Compare(y.Start))
	})
}

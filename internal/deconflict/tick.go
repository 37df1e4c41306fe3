package deconflict

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Prediction is a predicted loss of separation between two tracks of
// different parties within the look-ahead: Conflict's Start and End bound
// the predicted loss (clipped to the look-ahead window), and TimeToLoss is
// Start minus the tick's time (zero if separation is already lost).
type Prediction struct {
	Conflict
	TimeToLoss time.Duration
}

// tickWindow is the length of the sub-windows the look-ahead is cut into
// for the broad phase: short enough that boxes stay small, long enough
// that there are few of them.
const tickWindow = 150.0

// Tick expires tracks whose last report is older than the configured TTL
// before now, then predicts every track along a straight line at its last
// velocity from its last report over [now, now+lookahead] and returns the
// predicted conflicts, sorted by (A, B, Start). A lookahead of 0 selects
// DefaultLookahead; a negative one is an error.
func (e *Engine) Tick(now time.Time, lookahead time.Duration) ([]Prediction, error) {
	if lookahead == 0 {
		lookahead = DefaultLookahead
	}
	if lookahead < 0 {
		return nil, fmt.Errorf("deconflict: tick: negative look-ahead %v", lookahead)
	}
	ts := &e.tracks
	ts.mu.Lock()
	defer ts.mu.Unlock()
	t0 := seconds(now)
	la := lookahead.Seconds()
	ts.expire(t0)
	trajs := ts.predict(t0, t0+la)
	n := max(1, int(math.Ceil(la/tickWindow)))
	ts.pps = e.batch(trajs, nil, n, func(i int) (lo, hi float64) {
		return t0 + la*float64(i)/float64(n), t0 + la*float64(i+1)/float64(n)
	}, ts.pps)
	pps := ts.pps
	out := make([]Prediction, len(pps))
	e.parallel(len(pps), func(i int) {
		p := &pps[i]
		a, b, pc := trajs[p.a], trajs[p.b], p.piece
		if b.id < a.id {
			a, b, pc.ia, pc.ib = b, a, pc.ib, pc.ia
		}
		c := e.conflict(a, b, &pc)
		out[i] = Prediction{Conflict: c, TimeToLoss: time.Duration((p.t0 - t0) * 1e9)}
	})
	sortPredictions(out)
	return out, nil
}

// predict returns one single-segment trajectory per track over [t0, t1],
// reusing the table's buffers. A report newer than t0 (clock skew) is
// extrapolated backwards.
func (ts *tracks) predict(t0, t1 float64) []*trajectory {
	n := len(ts.st)
	if cap(ts.pool) < n {
		ts.pool = make([]trajectory, n)
		ts.segs = make([]segment, n)
		ts.trajs = make([]*trajectory, n)
	}
	ts.pool, ts.segs, ts.trajs = ts.pool[:n], ts.segs[:n], ts.trajs[:n]
	for i := range ts.st {
		s := &ts.st[i]
		d := t0 - s.t
		ts.segs[i] = segment{t0: t0, t1: t1, x0: s.x + s.vx*d, y0: s.y + s.vy*d, z0: s.z + s.vz*d, vx: s.vx, vy: s.vy, vz: s.vz}
		ts.pool[i] = trajectory{id: s.id, party: s.party, pid: s.pid, segs: ts.segs[i : i+1 : i+1], t0: t0, t1: t1}
		ts.trajs[i] = &ts.pool[i]
	}
	return ts.trajs
}

func sortPredictions(ps []Prediction) {
	slices.SortFunc(ps, func(x, y Prediction) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B), x.Start.Compare(y.Start))
	})
}

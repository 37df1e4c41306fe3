package deconflict

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Conflict is one contiguous loss of separation between two aircraft of
// different parties: over (Start, End) their horizontal distance is below
// the lateral minimum and their vertical distance below the vertical one.
// A and B are plan (or track) ids with A < B; PosA belongs to A.
type Conflict struct {
	A, B           string
	PartyA, PartyB string
	Start, End     time.Time
	// CPA is the instant of minimum horizontal distance within the conflict,
	// MinHorizontalM that distance in metres, PosA and PosB the positions
	// there.
	CPA            time.Time
	MinHorizontalM float64
	// MinVerticalFt is the minimum vertical distance during the conflict in
	// feet; it need not occur at CPA.
	MinVerticalFt float64
	PosA, PosB    Position
}

// core holds what every part of the engine shares: configuration, the
// projection and the minima. It is immutable after New.
type core struct {
	cfg  Config
	proj *Projection
	min  minima
	slab float64 // seconds
	// half-extents added to boxes so that boxes overlap whenever separation
	// can be lost: half the minima (less the tolerance) plus slack for
	// rounding. The vertical slack (1e-4 ft) is far above the rounding of
	// altitudes (~1e-11 ft) yet keeps boxes of flights on adjacent levels
	// one minimum apart from overlapping, which prunes most candidates.
	padXY, padZ float64
	// workers keeps the batch's idle slab workers and their buffers
	// between calls (AllConflicts, Load and Tick allocate little in steady
	// state). A channel, not a sync.Pool: a pool is emptied by every
	// garbage collection, and the batches' own garbage made the workers'
	// buffers (tens of MB for 100,000 tracks) be allocated again each call.
	workers chan *slabWorker
}

// getWorker returns an idle slab worker, or a new one.
func (c *core) getWorker() *slabWorker {
	select {
	case w := <-c.workers:
		return w
	default:
		return new(slabWorker)
	}
}

// putWorker keeps w for later calls, or drops it if enough are kept.
func (c *core) putWorker(w *slabWorker) {
	select {
	case c.workers <- w:
	default:
	}
}

func newCore(cfg Config) (core, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return core{}, err
	}
	return core{cfg: cfg, proj: NewProjection(cfg.CentreLat, cfg.CentreLon),
		min:   newMinima(cfg.LateralMinimum, cfg.VerticalMinimum),
		slab:  cfg.Slab.Seconds(),
		padXY: cfg.LateralMinimum/2 + 1, padZ: (cfg.VerticalMinimum-verticalTolerance)/2 + 1e-4,
		workers: make(chan *slabWorker, cfg.Workers)}, nil
}

// position returns where tr is at time t. hint is a segment index at or
// before the one in force at t (segAt(t)); it is checked, and a hint past
// t falls back to the binary search, so the result is always segAt's.
func (c *core) position(tr *trajectory, t float64, hint int32) Position {
	i := int(hint)
	if i < 0 || i >= len(tr.segs) || tr.segs[i].t0 > t {
		i = tr.segAt(t)
	} else {
		// Segments are contiguous: every one before i ends by segs[i].t0 <= t,
		// so the first one ending after t is at or after i.
		for i < len(tr.segs)-1 && tr.segs[i].t1 <= t {
			i++
		}
	}
	x, y, z := walkAt(tr.segs, i, t)
	lat, lon := c.proj.Inverse(x, y)
	return Position{Lat: lat, Lon: lon, AltFt: z}
}

// walkAt returns the projected position at time t on segs from segment i,
// which must be at or before the one in force at t (segs[i].t0 <= t): it
// walks forward to the first segment ending after t (or the last) as
// position does, so both give the same bits for the same segments.
func walkAt(segs []segment, i int, t float64) (x, y, z float64) {
	for i < len(segs)-1 && segs[i].t1 <= t {
		i++
	}
	return segs[i].at(t)
}

// positionAt converts a projected point (x, y) and altitude z.
func (c *core) positionAt(x, y, z float64) Position {
	lat, lon := c.proj.Inverse(x, y)
	return Position{Lat: lat, Lon: lon, AltFt: z}
}

// conflict converts a merged piece between a and b (a.id < b.id).
func (c *core) conflict(a, b *trajectory, p *piece) Conflict {
	return Conflict{A: a.id, B: b.id, PartyA: a.party, PartyB: b.party,
		Start: toTime(p.t0), End: toTime(p.t1), CPA: toTime(p.tc),
		MinHorizontalM: p.dh, MinVerticalFt: p.dv,
		PosA: c.position(a, p.tc, p.ia), PosB: c.position(b, p.tc, p.ib)}
}

// SortConflicts orders conflicts by (A, B, Start), the order every method
// of the engine returns them in.
func SortConflicts(cs []Conflict) {
	slices.SortFunc(cs, func(x, y Conflict) int {
		return cmp.Or(cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B), x.Start.Compare(y.Start))
	})
}

// box is an axis-aligned box in projected metres and feet.
type box struct {
	minX, minY, minZ, maxX, maxY, maxZ float64
}

func emptyBox() box {
	inf := math.Inf(1)
	return box{inf, inf, inf, -inf, -inf, -inf}
}

func (b *box) add(x, y, z float64) {
	b.minX, b.maxX = min(b.minX, x), max(b.maxX, x)
	b.minY, b.maxY = min(b.minY, y), max(b.maxY, y)
	b.minZ, b.maxZ = min(b.minZ, z), max(b.maxZ, z)
}

func (b *box) pad(xy, z float64) {
	b.minX, b.maxX = b.minX-xy, b.maxX+xy
	b.minY, b.maxY = b.minY-xy, b.maxY+xy
	b.minZ, b.maxZ = b.minZ-z, b.maxZ+z
}

// overlaps reports whether the closed boxes intersect.
func (b *box) overlaps(o *box) bool {
	return b.minX <= o.maxX && o.minX <= b.maxX &&
		b.minY <= o.maxY && o.minY <= b.maxY &&
		b.minZ <= o.maxZ && o.minZ <= b.maxZ
}

// boxIn returns tr's bounding box over [lo, hi] ∩ [tr.t0, tr.t1], padded so
// that two such boxes overlap whenever their aircraft can lose separation
// in the window. ok is false if tr is not active in the window.
func (c *core) boxIn(tr *trajectory, lo, hi float64) (b box, ok bool) {
	lo, hi = max(lo, tr.t0), min(hi, tr.t1)
	if lo > hi {
		return b, false
	}
	b = emptyBox()
	for i := tr.segAt(lo); i < len(tr.segs); i++ {
		s := &tr.segs[i]
		if s.t0 > hi {
			break
		}
		b.add(s.at(max(lo, s.t0)))
		b.add(s.at(min(hi, s.t1)))
	}
	b.pad(c.padXY, c.padZ)
	return b, true
}

// slabRange returns the first and last slab indices tr is active in.
func (c *core) slabRange(tr *trajectory) (s0, s1 int64) {
	return int64(math.Floor(tr.t0 / c.slab)), int64(math.Floor(tr.t1 / c.slab))
}

// slabWindow returns the closed time window of slab s.
func (c *core) slabWindow(s int64) (lo, hi float64) {
	return float64(s) * c.slab, float64(s+1) * c.slab
}

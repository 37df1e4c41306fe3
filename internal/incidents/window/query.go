package window

import (
	"math"
	"slices"
	"strings"

	"truce/internal/incidents"
)

// Indexable reports whether a Grid answers f: a brief listing narrowed
// by a bbox and/or a time window, without text or zone (those need the
// database's indexes), with a positive limit.
func Indexable(f *incidents.Filter) bool {
	return f.Brief && (f.BBox != nil || f.From != nil || f.To != nil) &&
		strings.TrimSpace(f.Text) == "" && f.Zone == "" && f.Limit > 0
}

// Query is a filter compiled against one grid: interned ids in
// place of strings, and the viewer's visibility of each releasability.
type Query struct {
	f                             *incidents.Filter
	minLon, minLat                float64
	maxLon, maxLat                float64
	from, to                      int64
	categories, statuses          []uint32
	perp, party                   uint32
	hasPerp, hasParty, anyVisible bool
	visible                       []bool
}

// Compile prepares f for g and viewer; the query is valid for g until g
// next changes. It returns false if f can match nothing (a value no row
// has, or no releasability viewer may see).
func (g *Grid) Compile(f *incidents.Filter, viewer string) (*Query, bool) {
	q := &Query{f: f, minLon: math.Inf(-1), minLat: math.Inf(-1), maxLon: math.Inf(1), maxLat: math.Inf(1),
		from: math.MinInt64, to: math.MaxInt64}
	if b := f.BBox; b != nil {
		q.minLon, q.minLat, q.maxLon, q.maxLat = b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	}
	if f.From != nil {
		q.from = f.From.Unix()
	}
	if f.To != nil {
		q.to = f.To.Unix()
	}
	ids := func(vals []string) ([]uint32, bool) {
		var out []uint32
		for _, v := range vals {
			if id, ok := g.strs.lookup(v); ok {
				out = append(out, id)
			}
		}
		return out, len(out) > 0 || len(vals) == 0
	}
	var ok bool
	if q.categories, ok = ids(stringsOf(f.Categories)); !ok {
		return nil, false
	}
	if q.statuses, ok = ids(stringsOf(f.Statuses)); !ok {
		return nil, false
	}
	if f.Perpetrator != "" {
		if q.perp, q.hasPerp = g.perps.lookup(f.Perpetrator); !q.hasPerp {
			return nil, false
		}
	}
	if f.Party != "" {
		if q.party, q.hasParty = g.strs.lookup(f.Party); !q.hasParty {
			return nil, false
		}
	}
	// The one decision: package access, once per distinct releasability.
	q.visible = make([]bool, len(g.release))
	for k, rel := range g.release {
		q.visible[k] = rel.VisibleTo(viewer)
		q.anyVisible = q.anyVisible || q.visible[k]
	}
	return q, q.anyVisible
}

func stringsOf[T ~string](vals []T) []string {
	out := make([]string, len(vals))
	for k, v := range vals {
		out[k] = string(v)
	}
	return out
}

// matches is the exact filter, the same conditions as the store's SQL
// search.
func (q *Query) matches(r *indexRow) bool {
	if r.maxLon < q.minLon || r.minLon > q.maxLon || r.maxLat < q.minLat || r.minLat > q.maxLat ||
		r.t1 < q.from || r.t0 > q.to || !q.visible[r.rel] {
		return false
	}
	if len(q.categories) > 0 && !slices.Contains(q.categories, r.category) {
		return false
	}
	if len(q.statuses) > 0 && !slices.Contains(q.statuses, r.status) {
		return false
	}
	if (q.hasPerp && r.perp != q.perp) || (q.hasParty && r.party != q.party) {
		return false
	}
	if c := q.f.After; c != nil && (r.t0 > c.T0 || (r.t0 == c.T0 && r.n >= c.N)) {
		return false
	}
	return true
}

// probe returns the cells q visits: its box and span clipped to the
// extent of the rows. It returns false if they are more than
// indexMaxProbe (the caller then asks SQL).
func (g *Grid) probe(q *Query) (cellRange, bool) {
	e := g.extent
	clip := func(lo, hi float64, elo, ehi int64, cell func(float64) int64) (int64, int64) {
		a, b := elo, ehi
		if !math.IsInf(lo, 0) {
			a = max(a, cell(lo))
		}
		if !math.IsInf(hi, 0) {
			b = min(b, cell(hi))
		}
		return a, b
	}
	var c cellRange
	c.x0, c.x1 = clip(q.minLon, q.maxLon, e.x0, e.x1, cellOf)
	c.y0, c.y1 = clip(q.minLat, q.maxLat, e.y0, e.y1, cellOf)
	c.w0, c.w1 = e.w0, e.w1
	if q.from != math.MinInt64 {
		c.w0 = max(c.w0, weekOf(q.from))
	}
	if q.to != math.MaxInt64 {
		c.w1 = min(c.w1, weekOf(q.to))
	}
	if c.x0 > c.x1 || c.y0 > c.y1 || c.w0 > c.w1 {
		return c, true // nothing there
	}
	return c, c.size() <= indexMaxProbe
}

// Search returns the rows matching q (compiled by g), newest first, at
// most q's limit of them, as listing rows. ok is false if the query is too
// wide for the grid (more than indexMaxProbe cells): the caller then asks
// the database.
func (g *Grid) Search(q *Query) (out []incidents.Incident, ok bool) {
	c, ok := g.probe(q)
	if !ok {
		return nil, false
	}
	var hits []*indexRow
	if c.x0 <= c.x1 && c.y0 <= c.y1 && c.w0 <= c.w1 {
		// Coarse bounds for the float32 boxes of the cells: a box that
		// misses them misses the exact one too (boxes are rounded out).
		minLon, minLat, maxLon, maxLat := q.minLon, q.minLat, q.maxLon, q.maxLat
		for w := c.w0; w <= c.w1; w++ {
			for x := c.x0; x <= c.x1; x++ {
				for y := c.y0; y <= c.y1; y++ {
					// A row filed in several cells is taken from the first
					// of them inside the probe only: in each dimension,
					// its first cell, or the probe's first.
					var need uint8
					if x != c.x0 {
						need |= firstX
					}
					if y != c.y0 {
						need |= firstY
					}
					if w != c.w0 {
						need |= firstW
					}
					for _, e := range g.cells[makeCellKey(x, y, w)] {
						if e.first&need != need || (e.rel != relInRow && !q.visible[e.rel]) || e.t1 < q.from || e.t0 > q.to ||
							float64(e.maxLon) < minLon || float64(e.minLon) > maxLon || float64(e.maxLat) < minLat || float64(e.minLat) > maxLat {
							continue
						}
						if r := &g.rows[e.pos]; q.matches(r) {
							hits = append(hits, r)
						}
					}
				}
			}
		}
	}
	for _, pos := range g.wide {
		if r := &g.rows[pos]; q.matches(r) {
			hits = append(hits, r)
		}
	}
	slices.SortFunc(hits, byNewest)
	hits = hits[:min(len(hits), q.f.Limit)]
	return g.listings(hits), true
}

// ScanAll returns what Search returns for q, found by testing every row in
// turn: the brute-force baseline of tests and benchmarks. It never declines.
func (g *Grid) ScanAll(q *Query) []incidents.Incident {
	var hits []*indexRow
	for k := range g.rows {
		if r := &g.rows[k]; q.matches(r) {
			hits = append(hits, r)
		}
	}
	slices.SortFunc(hits, byNewest)
	hits = hits[:min(len(hits), q.f.Limit)]
	return g.listings(hits)
}

// Plan is what Search does for a query: the cells it visits, the entries
// filed in them and the wide rows it scans besides. Declined is true if
// the query is too wide for the grid (Cells then counts the cells it would
// have visited, Entries is 0).
type Plan struct {
	Cells, Entries, Wide int64
	Declined             bool
}

// Explain returns the plan of q (compiled by g), for diagnostics; it
// reads the cells but no row.
func (g *Grid) Explain(q *Query) Plan {
	c, ok := g.probe(q)
	p := Plan{Wide: int64(len(g.wide)), Declined: !ok}
	if c.x0 > c.x1 || c.y0 > c.y1 || c.w0 > c.w1 {
		return p
	}
	if p.Cells = c.size(); !ok {
		return p // no entries counted: too many cells to visit
	}
	for w := c.w0; w <= c.w1; w++ {
		for x := c.x0; x <= c.x1; x++ {
			for y := c.y0; y <= c.y1; y++ {
				p.Entries += int64(len(g.cells[makeCellKey(x, y, w)]))
			}
		}
	}
	return p
}

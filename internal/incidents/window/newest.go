package window

import (
	"slices"

	"truce/internal/incidents"
)

// The newest-first order of a grid's rows, for listings without a bbox or
// a time window (a page of a category, say), which the cells cannot
// narrow: every row's position sorted as listings are (t0, then n,
// descending), built once by BuildOrder, plus the positions of rows put
// since, kept sorted apart and merged in once there are orderMerge of them.

// orderMerge is the most rows put since the last merge.
const orderMerge = 4096

// newestOrder is a grid's order; built is false until BuildOrder.
type newestOrder struct {
	built          bool
	sorted, recent []int32
}

// OrderBuilt reports whether BuildOrder has run, so that Newest answers.
func (g *Grid) OrderBuilt() bool { return g.order.built }

// BuildOrder sorts every row newest first; from then on Put keeps the
// order. It costs a sort of every row: call it once, under the caller's
// write lock.
func (g *Grid) BuildOrder() {
	s := make([]int32, len(g.rows))
	for k := range s {
		s[k] = int32(k)
	}
	slices.SortFunc(s, g.newer)
	g.order = newestOrder{built: true, sorted: s}
}

// newer compares rows a and b as listings order them.
func (g *Grid) newer(a, b int32) int { return byNewest(&g.rows[a], &g.rows[b]) }

// ordered notes that row pos was added (added) or replaced with old as
// its previous (t0, n).
func (g *Grid) ordered(pos int32, added bool, oldT0, oldN int64) {
	o := &g.order
	if !o.built {
		return
	}
	if !added {
		if r := &g.rows[pos]; r.t0 == oldT0 && r.n == oldN {
			return // same place in the order
		}
		o.sorted = slices.DeleteFunc(o.sorted, func(p int32) bool { return p == pos })
		o.recent = slices.DeleteFunc(o.recent, func(p int32) bool { return p == pos })
	}
	at, _ := slices.BinarySearchFunc(o.recent, pos, g.newer)
	o.recent = slices.Insert(o.recent, at, pos)
	if len(o.recent) >= orderMerge {
		o.sorted = append(o.sorted, o.recent...)
		slices.SortFunc(o.sorted, g.newer)
		o.recent = o.recent[:0]
	}
}

// Newest returns the rows matching q (compiled by g), newest first, at
// most q's limit of them, as listing rows, by walking the order from q's
// cursor. ok is false if the order is not built or more than maxScan rows
// were tested (a filter few rows match): the caller then asks the
// database.
func (g *Grid) Newest(q *Query, maxScan int) (out []incidents.Incident, ok bool) {
	o := &g.order
	if !o.built {
		return nil, false
	}
	start := func(s []int32) int {
		c := q.f.After
		if c == nil {
			return 0
		}
		// The first row older than the cursor.
		at, _ := slices.BinarySearchFunc(s, c, func(p int32, c *incidents.Cursor) int {
			r := &g.rows[p]
			if r.t0 > c.T0 || (r.t0 == c.T0 && r.n >= c.N) {
				return -1
			}
			return 1
		})
		return at
	}
	i, j := start(o.sorted), start(o.recent)
	var hits []*indexRow
	for scanned := 0; len(hits) < q.f.Limit; scanned++ {
		if scanned == maxScan {
			return nil, false
		}
		var pos int32
		switch {
		case i < len(o.sorted) && (j == len(o.recent) || g.newer(o.sorted[i], o.recent[j]) < 0):
			pos, i = o.sorted[i], i+1
		case j < len(o.recent):
			pos, j = o.recent[j], j+1
		default:
			return g.listings(hits), true
		}
		if r := &g.rows[pos]; q.matches(r) {
			hits = append(hits, r)
		}
	}
	return g.listings(hits), true
}

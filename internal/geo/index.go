package geo

import (
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
)

// Item is one geometry to be indexed under an identifier of the caller's
// choosing (a zone id, a site id, …).
type Item[ID any] struct {
	ID       ID
	Geometry orb.Geometry
}

// Index answers "which of these geometries may meet this bounding box" for
// a fixed set of items: a static R-tree packed by Sort-Tile-Recursive over
// the items' bounding boxes. Callers apply their exact test (Intersects,
// PointInPolygon, DistanceToGeometry) to the candidates it returns. Build a
// new Index when the set changes. Results are returned in
// the order the items were given, so they are deterministic. An Index is
// immutable and safe for concurrent use.
type Index[ID any] struct {
	items  []Item[ID]
	bounds []orb.Bound
	levels [][]rnode // levels[0] holds leaves over items; the last level is the root
}

// rnode is a node's bounding box and the range [start, start+count) of its
// children in the level below (or of item indices for level 0).
type rnode struct {
	b            orb.Bound
	start, count int32
}

const rtreeFanout = 16

// NewIndex builds an index over items (which it does not copy or modify;
// the caller must not modify them afterwards). Items whose geometry is nil
// are never returned.
func NewIndex[ID any](items []Item[ID]) *Index[ID] {
	ix := &Index[ID]{items: items, bounds: make([]orb.Bound, len(items))}
	entries := make([]rnode, 0, len(items))
	for i, it := range items {
		if it.Geometry == nil {
			continue
		}
		ix.bounds[i] = it.Geometry.Bound()
		entries = append(entries, rnode{b: ix.bounds[i], start: int32(i), count: 1})
	}
	if len(entries) == 0 {
		return ix
	}
	for {
		strSort(entries)
		ix.levels = append(ix.levels, entries)
		if len(entries) == 1 {
			return ix
		}
		parents := make([]rnode, 0, (len(entries)+rtreeFanout-1)/rtreeFanout)
		for s := 0; s < len(entries); s += rtreeFanout {
			e := min(s+rtreeFanout, len(entries))
			b := entries[s].b
			for _, c := range entries[s+1 : e] {
				b = b.Union(c.b)
			}
			parents = append(parents, rnode{b: b, start: int32(s), count: int32(e - s)})
		}
		entries = parents
	}
}

// strSort orders entries so that consecutive runs of rtreeFanout form
// compact tiles: sort by centre x, cut into vertical slices, sort each slice
// by centre y.
func strSort(es []rnode) {
	cx := func(n rnode) float64 { return n.b.Min[0] + n.b.Max[0] }
	cy := func(n rnode) float64 { return n.b.Min[1] + n.b.Max[1] }
	sort.SliceStable(es, func(i, j int) bool { return cx(es[i]) < cx(es[j]) })
	pages := (len(es) + rtreeFanout - 1) / rtreeFanout
	slice := int(math.Ceil(math.Sqrt(float64(pages)))) * rtreeFanout
	for s := 0; s < len(es); s += slice {
		part := es[s:min(s+slice, len(es))]
		sort.SliceStable(part, func(i, j int) bool { return cy(part[i]) < cy(part[j]) })
	}
}

// Len returns the number of items the index was built over.
func (ix *Index[ID]) Len() int { return len(ix.items) }

// search calls fn with the index of every item whose bounding box meets b.
func (ix *Index[ID]) search(b orb.Bound, fn func(i int)) {
	if len(ix.levels) == 0 {
		return
	}
	top := len(ix.levels) - 1
	var walk func(level int, n rnode)
	walk = func(level int, n rnode) {
		if level < 0 {
			fn(int(n.start))
			return
		}
		for _, c := range ix.levels[level][n.start : n.start+n.count] {
			if c.b.Intersects(b) {
				walk(level-1, c)
			}
		}
	}
	walk(top, rnode{start: 0, count: int32(len(ix.levels[top]))})
}

// collect runs search and returns the matching ids in item order.
func (ix *Index[ID]) collect(b orb.Bound) []ID {
	var hits []int
	ix.search(b, func(i int) { hits = append(hits, i) })
	slices.Sort(hits)
	ids := make([]ID, len(hits))
	for k, i := range hits {
		ids[k] = ix.items[i].ID
	}
	return ids
}

// Candidates returns the ids of items whose bounding box meets b, in item
// order, without an exact test: callers apply their own (a zone's version in
// force at a time, a site's own buffer radius) to the few candidates.
func (ix *Index[ID]) Candidates(b orb.Bound) []ID {
	return ix.collect(b)
}

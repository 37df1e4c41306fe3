package deconflict

import "math"

// index is the incremental broad phase: every plan's padded box in every
// time slab it is active in (an entry) is registered in each coarse cell
// (space × altitude) it touches, keyed by (slab, cell). Two plans can lose
// separation in a slab only if their entries for it overlap, and
// overlapping entries share at least one key.
type index struct {
	cellXY, cellZ float64
	cells         map[uint64][]int32 // key → entry ids
	entries       []entry
	free          []int32
	byPlan        map[int32][]int32 // slot → entry ids
	mark          uint32
}

// entry is one plan's padded box in one slab.
type entry struct {
	b    box
	slab int64
	slot int32
	pid  int32
	mark uint32 // last query that saw this entry
}

// cand is a candidate for the narrow phase: another plan and a slab.
type cand struct {
	slot int32
	slab int64
}

func newIndex(cellXY, cellZ float64) index {
	return index{cellXY: cellXY, cellZ: cellZ, cells: make(map[uint64][]int32), byPlan: make(map[int32][]int32)}
}

// cellRange returns the cell coordinates spanned by b.
func (ix *index) cellRange(b *box) (x0, y0, z0, x1, y1, z1 int) {
	f := func(v, s float64) int { return int(math.Floor(v / s)) }
	return f(b.minX, ix.cellXY), f(b.minY, ix.cellXY), f(b.minZ, ix.cellZ),
		f(b.maxX, ix.cellXY), f(b.maxY, ix.cellXY), f(b.maxZ, ix.cellZ)
}

// key packs a slab and cell. Wrap-around of far cells or slabs only merges
// keys, which costs time, never correctness: entries are checked for slab
// and overlap.
func key(slab int64, x, y, z int) uint64 {
	return uint64(uint32(slab))<<32 | uint64(uint32(x)&0xfff)<<20 | uint64(uint32(y)&0xfff)<<8 | uint64(uint32(z)&0xff)
}

// forCells calls fn with every key of the cells b touches in slab s.
func (ix *index) forCells(s int64, b *box, fn func(k uint64)) {
	x0, y0, z0, x1, y1, z1 := ix.cellRange(b)
	for x := x0; x <= x1; x++ {
		for y := y0; y <= y1; y++ {
			for z := z0; z <= z1; z++ {
				fn(key(s, x, y, z))
			}
		}
	}
}

// insert registers tr (held in slot with interned party pid).
func (ix *index) insert(c *core, slot, pid int32, tr *trajectory) {
	s0, s1 := c.slabRange(tr)
	ids := make([]int32, 0, s1-s0+1)
	for s := s0; s <= s1; s++ {
		lo, hi := c.slabWindow(s)
		b, ok := c.boxIn(tr, lo, hi)
		if !ok {
			continue
		}
		var id int32
		if n := len(ix.free); n > 0 {
			id, ix.free = ix.free[n-1], ix.free[:n-1]
		} else {
			id = int32(len(ix.entries))
			ix.entries = append(ix.entries, entry{})
		}
		ix.entries[id] = entry{b: b, slab: s, slot: slot, pid: pid}
		ix.forCells(s, &b, func(k uint64) { ix.cells[k] = append(ix.cells[k], id) })
		ids = append(ids, id)
	}
	ix.byPlan[slot] = ids
}

// remove unregisters the plan in slot.
func (ix *index) remove(slot int32) {
	for _, id := range ix.byPlan[slot] {
		e := &ix.entries[id]
		ix.forCells(e.slab, &e.b, func(k uint64) {
			l := ix.cells[k]
			for i, v := range l {
				if v == id {
					l[i] = l[len(l)-1]
					l = l[:len(l)-1]
					break
				}
			}
			if len(l) == 0 {
				delete(ix.cells, k)
			} else {
				ix.cells[k] = l
			}
		})
		*e = entry{slot: -1}
		ix.free = append(ix.free, id)
	}
	delete(ix.byPlan, slot)
}

// query returns, in unspecified order and without duplicates, every
// (other plan, slab) whose entry overlaps tr's box in that slab and belongs
// to a party other than pid. tr itself need not be inserted.
func (ix *index) query(c *core, slot, pid int32, tr *trajectory, out []cand) []cand {
	ix.mark++
	mark := ix.mark
	s0, s1 := c.slabRange(tr)
	for s := s0; s <= s1; s++ {
		lo, hi := c.slabWindow(s)
		b, ok := c.boxIn(tr, lo, hi)
		if !ok {
			continue
		}
		ix.forCells(s, &b, func(k uint64) {
			for _, id := range ix.cells[k] {
				e := &ix.entries[id]
				if e.slab != s || e.mark == mark {
					continue
				}
				e.mark = mark
				if e.pid != pid && e.slot != slot && e.b.overlaps(&b) {
					out = append(out, cand{slot: e.slot, slab: s})
				}
			}
		})
	}
	return out
}

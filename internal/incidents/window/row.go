package window

import (
	"math"
	"strings"
	"unsafe"
)

const (
	// indexCellDeg is the side of a grid cell, degrees.
	indexCellDeg = 0.25
	// indexWeek is the time bucket, seconds.
	indexWeek = 604800
	// indexMaxSpan is the most cells an incident is filed in; larger ones
	// (a governorate-wide polygon, a months-long span) go to the wide list
	// that every query scans.
	indexMaxSpan = 64
	// indexMaxProbe is the most cells a query visits; a wider query (no
	// bbox over a long period, say) is left to SQL.
	indexMaxProbe = 16384
)

// indexRow is one incident's listing row. It holds no pointer, so that
// the garbage collector never scans the rows: strings of few values
// (category, status, parties, precisions, perpetrator, releasability) are
// interned, the others are stored one after another in the grid's arena,
// field k ending at ends[k] (from off, in arena chunk chunk).
type indexRow struct {
	n, t0, t1, seq                                                int64
	minLon, minLat, maxLon, maxLat                                float64
	killed, injured, round, place                                 int32
	category, status, party, author, perp, timePrec, locPrec, rel uint32
	origin                                                        uint32 // interned: "" for an own incident
	chunk, off                                                    uint32
	ends                                                          [blobFields]uint32
}

// Fields of a row in the arena, in order.
const (
	blobID = iota
	blobKey
	blobExternalID
	blobReportedAt
	blobTimeStart
	blobTimeEnd
	blobLocation
	blobPlaceName
	blobDuplicateOf
	blobFields
)

// arenaChunk is the size of an arena chunk; a larger row gets a chunk of
// its own.
const arenaChunk = 1 << 20

// store appends fields to g's arena and records where in r.
func (g *Grid) store(r *indexRow, fields *[blobFields]string) {
	size := 0
	for _, f := range fields {
		size += len(f)
	}
	if len(g.arena) == 0 || len(g.arena[len(g.arena)-1])+size > cap(g.arena[len(g.arena)-1]) {
		g.arena = append(g.arena, make([]byte, 0, max(arenaChunk, size)))
	}
	c := &g.arena[len(g.arena)-1]
	r.chunk, r.off = uint32(len(g.arena)-1), uint32(len(*c))
	for k, f := range fields {
		*c = append(*c, f...)
		r.ends[k] = uint32(len(*c)) - r.off
	}
}

// arenaField returns field k of r from fields, r's bytes in the arena, as
// a string that shares them. It relies on the arena's invariant: bytes once
// appended to a chunk MUST NOT be modified (store only appends, and a full
// chunk is replaced, never grown), so the string is immutable as Go
// requires.
func arenaField(r *indexRow, fields []byte, k int) string {
	start := uint32(0)
	if k > 0 {
		start = r.ends[k-1]
	}
	if start == r.ends[k] {
		return ""
	}
	return unsafe.String(&fields[start], r.ends[k]-start)
}

// id returns r's incident id without allocating.
func (g *Grid) id(r *indexRow) []byte {
	return g.arena[r.chunk][r.off : r.off+r.ends[blobID]]
}

// interner numbers strings: equal strings get equal ids.
type interner struct {
	ids  map[string]uint32
	strs []string
}

func (in *interner) id(s string) uint32 {
	if id, ok := in.ids[s]; ok {
		return id
	}
	if in.ids == nil {
		in.ids = map[string]uint32{}
	}
	id := uint32(len(in.strs))
	s = strings.Clone(s)
	in.ids[s] = id
	in.strs = append(in.strs, s)
	return id
}

// lookup returns s's id, or false if s was never interned (then no row
// has that value).
func (in *interner) lookup(s string) (uint32, bool) {
	id, ok := in.ids[s]
	return id, ok
}

// cellKey packs a cell's column, row and week.
type cellKey uint64

func makeCellKey(cx, cy, w int64) cellKey {
	return cellKey(uint64(uint16(cx+32768))<<48 | uint64(uint16(cy+32768))<<32 | uint64(uint32(w+1<<31)))
}

// cellRange is the cells (inclusive) that a box and span meet.
type cellRange struct{ x0, x1, y0, y1, w0, w1 int64 }

func cellOf(deg float64) int64 { return int64(math.Floor(deg / indexCellDeg)) }

func weekOf(t int64) int64 { return floorDiv(t, indexWeek) }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func (c cellRange) size() int64 { return (c.x1 - c.x0 + 1) * (c.y1 - c.y0 + 1) * (c.w1 - c.w0 + 1) }

func rowCells(r *indexRow) cellRange {
	return cellRange{cellOf(r.minLon), cellOf(r.maxLon), cellOf(r.minLat), cellOf(r.maxLat), weekOf(r.t0), weekOf(r.t1)}
}

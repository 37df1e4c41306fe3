package window

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strings"

	"truce/internal/access"
	"truce/internal/incidents"
)

// cellEntry is a row filed in a cell: its bbox rounded outwards to
// float32 and its exact span, so that a query tests most candidates without
// touching the row, and first, which of the row's cells this is (the
// firstX, firstY, firstW bits: the row's first column, row, week), so that
// a row filed in several cells is reported once.
type cellEntry struct {
	minLon, minLat, maxLon, maxLat float32
	t0, t1                         int64
	pos                            int32
	first                          uint8
	// rel is the row's interned releasability, or relInRow if its id
	// does not fit: a query skips a row its viewer may not see without
	// touching the row.
	rel uint16
}

// relInRow marks a cell entry whose releasability is read from its row.
const relInRow = math.MaxUint16

// entryRel returns the rel of a cell entry for releasability id.
func entryRel(id uint32) uint16 {
	if id >= relInRow {
		return relInRow
	}
	return uint16(id)
}

const (
	firstX = 1 << iota
	firstY
	firstW
)

// down and up round x to a float32 no greater (no less) than x.
func down(x float64) float32 {
	f := float32(x)
	if float64(f) > x {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up(x float64) float32 {
	f := float32(x)
	if float64(f) < x {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// Grid is the index proper. It is not safe for concurrent use:
// incidentIndex guards it.
type Grid struct {
	rows  []indexRow
	arena [][]byte
	// byID finds a row by the FNV-1a hash of its id; the rare ids whose
	// hash another id has are in collided.
	byID     map[uint64]int32
	collided map[string]int32
	cells    map[cellKey][]cellEntry
	wide     []int32 // rows in more than indexMaxSpan cells
	// extent is the cells any row meets, for queries with an open side.
	extent  cellRange
	strs    interner
	rels    interner // "TLP\x00audience\x00…" -> id
	release []access.Releasability
	// perps interns perpetrator keys; perpetrators holds each one's value.
	perps        interner
	perpetrators []incidents.Perpetrator
	// order is the rows newest first, once built (newest.go).
	order newestOrder
}

// New returns an empty grid with room for capacity rows.
func New(capacity int) *Grid {
	return &Grid{rows: make([]indexRow, 0, capacity), byID: make(map[uint64]int32, capacity),
		collided: map[string]int32{}, cells: map[cellKey][]cellEntry{},
		extent: cellRange{math.MaxInt64, math.MinInt64, math.MaxInt64, math.MinInt64, math.MaxInt64, math.MinInt64}}
}

func hashID(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// find returns the position of incident id's row.
func (g *Grid) find(id string) (int32, bool) {
	if pos, ok := g.collided[id]; ok {
		return pos, true
	}
	pos, ok := g.byID[hashID(id)]
	if ok && string(g.id(&g.rows[pos])) == id {
		return pos, true
	}
	return 0, false
}

// Put adds in (a brief listing row, with its exact bbox) or replaces the
// row of the same id. A replaced row's strings stay in the arena until the
// grid is dropped: a caller that replaces many rows builds a new Grid.
func (g *Grid) Put(in *incidents.Incident, minLon, minLat, maxLon, maxLat float64) {
	r := indexRow{n: in.N, t0: in.T0, t1: in.T1, seq: in.Seq, minLon: minLon, minLat: minLat, maxLon: maxLon, maxLat: maxLat,
		killed: int32(in.Killed), injured: int32(in.Injured), round: int32(in.Round), place: int32(in.PlaceID),
		category: g.strs.id(string(in.Category)), status: g.strs.id(string(in.Status)), party: g.strs.id(in.Party),
		author: g.strs.id(in.Author), perp: g.perpID(in.Perpetrator), timePrec: g.strs.id(in.Time.Precision),
		locPrec: g.strs.id(in.LocationPrecision), rel: g.relID(in.Release), origin: g.strs.id(in.Origin)}
	g.store(&r, &[blobFields]string{in.ID, in.Key, in.ExternalID, in.ReportedAt, in.Time.Start, in.Time.End,
		string(in.Location), in.PlaceName, in.DuplicateOf})
	if pos, ok := g.find(in.ID); ok {
		g.unfile(pos)
		oldT0, oldN := g.rows[pos].t0, g.rows[pos].n
		g.rows[pos] = r
		g.file(pos)
		g.ordered(pos, false, oldT0, oldN)
		return
	}
	pos := int32(len(g.rows))
	g.rows = append(g.rows, r)
	h := hashID(in.ID)
	if _, taken := g.byID[h]; taken {
		g.collided[in.ID] = pos
	} else {
		g.byID[h] = pos
	}
	g.file(pos)
	g.ordered(pos, true, 0, 0)
}

func (g *Grid) relID(rel access.Releasability) uint32 {
	id := g.rels.id(string(rel.TLP) + "\x00" + strings.Join(rel.Audience, "\x00"))
	if int(id) == len(g.release) {
		g.release = append(g.release, access.Releasability{TLP: rel.TLP, Audience: slices.Clone(rel.Audience)})
	}
	return id
}

// perpID interns p by its key.
func (g *Grid) perpID(p incidents.Perpetrator) uint32 {
	id := g.perps.id(p.Key())
	if int(id) == len(g.perpetrators) {
		g.perpetrators = append(g.perpetrators, p)
	}
	return id
}

// PutAll puts every row of src into g, as Put does.
func (g *Grid) PutAll(src *Grid) {
	for k := range src.rows {
		r := &src.rows[k]
		in := src.listings([]*indexRow{r})[0]
		g.Put(&in, r.minLon, r.minLat, r.maxLon, r.maxLat)
	}
}

// Len returns the number of incidents g holds.
func (g *Grid) Len() int { return len(g.rows) }

// Cells returns the number of non-empty cells of g.
func (g *Grid) Cells() int { return len(g.cells) }

// Wide returns the number of incidents spanning too many cells to be
// filed in each (every query scans them).
func (g *Grid) Wide() int { return len(g.wide) }

// file adds row pos to the cells it meets (or to wide).
func (g *Grid) file(pos int32) {
	r := &g.rows[pos]
	c := rowCells(r)
	g.extent = cellRange{min(g.extent.x0, c.x0), max(g.extent.x1, c.x1), min(g.extent.y0, c.y0),
		max(g.extent.y1, c.y1), min(g.extent.w0, c.w0), max(g.extent.w1, c.w1)}
	if c.size() > indexMaxSpan {
		g.wide = append(g.wide, pos)
		return
	}
	e := cellEntry{minLon: down(r.minLon), minLat: down(r.minLat), maxLon: up(r.maxLon), maxLat: up(r.maxLat), t0: r.t0, t1: r.t1, pos: pos, rel: entryRel(r.rel)}
	for w := c.w0; w <= c.w1; w++ {
		for x := c.x0; x <= c.x1; x++ {
			for y := c.y0; y <= c.y1; y++ {
				e.first = 0
				if x == c.x0 {
					e.first |= firstX
				}
				if y == c.y0 {
					e.first |= firstY
				}
				if w == c.w0 {
					e.first |= firstW
				}
				k := makeCellKey(x, y, w)
				g.cells[k] = append(g.cells[k], e)
			}
		}
	}
}

// unfile removes row pos from the cells it was filed in.
func (g *Grid) unfile(pos int32) {
	c := rowCells(&g.rows[pos])
	if c.size() > indexMaxSpan {
		g.wide = slices.DeleteFunc(g.wide, func(p int32) bool { return p == pos })
		return
	}
	for w := c.w0; w <= c.w1; w++ {
		for x := c.x0; x <= c.x1; x++ {
			for y := c.y0; y <= c.y1; y++ {
				k := makeCellKey(x, y, w)
				g.cells[k] = slices.DeleteFunc(g.cells[k], func(e cellEntry) bool { return e.pos == pos })
			}
		}
	}
}

// listings returns rows as the listing rows they were put from. Their strings
// share the index's memory (arena bytes and interned strings, never
// modified once written); the bytes a caller may modify are copied: the
// locations into one allocation, the audiences into another, each capped
// so that appending to one cannot overwrite the next.
func (g *Grid) listings(rows []*indexRow) []incidents.Incident {
	locSize, audSize := 0, 0
	for _, r := range rows {
		locSize += int(r.ends[blobLocation] - r.ends[blobLocation-1])
		audSize += len(g.release[r.rel].Audience)
	}
	// The locations first, in a loop of its own: its reads of the rows'
	// arena bytes (cache misses) overlap, as they cannot among the stores
	// of the loop below.
	locs := make([]byte, 0, locSize)
	for _, r := range rows {
		locs = append(locs, g.arena[r.chunk][r.off+r.ends[blobLocation-1]:r.off+r.ends[blobLocation]]...)
	}
	auds := make([]string, 0, audSize)
	out := make([]incidents.Incident, len(rows))
	at := 0
	for k, r := range rows {
		chunk := g.arena[r.chunk][r.off : r.off+r.ends[blobFields-1]]
		rel := g.release[r.rel]
		in := &out[k]
		in.ID, in.Key, in.ExternalID = arenaField(r, chunk, blobID), arenaField(r, chunk, blobKey), arenaField(r, chunk, blobExternalID)
		in.Category = incidents.Category(g.strs.strs[r.category])
		in.Time.Start, in.Time.End, in.Time.Precision = arenaField(r, chunk, blobTimeStart), arenaField(r, chunk, blobTimeEnd), g.strs.strs[r.timePrec]
		end := at + int(r.ends[blobLocation]-r.ends[blobLocation-1])
		in.Location, at = locs[at:end:end], end
		in.LocationPrecision, in.PlaceName, in.PlaceID = g.strs.strs[r.locPrec], arenaField(r, chunk, blobPlaceName), int(r.place)
		in.Perpetrator = g.perpetrators[r.perp]
		in.Party, in.Author, in.ReportedAt = g.strs.strs[r.party], g.strs.strs[r.author], arenaField(r, chunk, blobReportedAt)
		in.Release.TLP, in.Release.Audience = rel.TLP, rel.Audience // nil, or copied below
		if len(rel.Audience) > 0 {
			start := len(auds)
			auds = append(auds, rel.Audience...)
			in.Release.Audience = auds[start:len(auds):len(auds)]
		}
		in.Status, in.Round, in.DuplicateOf = incidents.Status(g.strs.strs[r.status]), int(r.round), arenaField(r, chunk, blobDuplicateOf)
		in.Killed, in.Injured, in.Seq, in.T0, in.T1, in.N = int(r.killed), int(r.injured), r.seq, r.t0, r.t1, r.n
		in.Origin = g.strs.strs[r.origin]
	}
	return out
}

// byNewest orders rows as listings do: t0, then n, descending.
func byNewest(a, b *indexRow) int {
	if c := cmp.Compare(b.t0, a.t0); c != 0 {
		return c
	}
	return cmp.Compare(b.n, a.n)
}

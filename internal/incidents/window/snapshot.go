package window

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"unsafe"

	"truce/internal/access"
	"truce/internal/incidents"
)

// The grid's encoding, so that a node restarts from a snapshot of its index
// instead of rebuilding it from the incidents table (store's
// incidents_index_snapshot.go frames it with the log position it covers and
// a checksum). The pointer-free parts (rows, cell entries, the arena, the
// order) are written as the bytes they are in memory, so that reading them
// back is a copy; the maps are rebuilt (byID) or read as one allocation
// sliced per cell (cells). An encoding is read only by a build with the
// same layout: the header carries the sizes of a row and a cell entry and a
// byte-order mark, and Decode refuses any other.

// encodingMagic starts an encoded grid; its last two bytes are the
// encoding's version.
const encodingMagic = "TRUCEGRID\x00v1"

// byteOrderMark is written in the machine's byte order (the other numbers
// of the framing are little-endian).
const byteOrderMark = 0x01020304

// ErrEncoding is returned (wrapped) by Decode for input that is not a
// grid encoded by this build.
var ErrEncoding = errors.New("window: not a grid encoding of this build")

// Encode writes g to w. g MUST NOT change meanwhile (the caller holds its
// read lock). It returns the error of w, wrapped.
func (g *Grid) Encode(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	e := &encoder{w: bw}
	e.bytes([]byte(encodingMagic))
	e.u64(uint64(unsafe.Sizeof(indexRow{})))
	e.u64(uint64(unsafe.Sizeof(cellEntry{})))
	e.bytes(rawBytes([]int32{byteOrderMark}))
	e.u64(uint64(len(g.rows)))
	e.bytes(rawBytes(g.rows))
	e.u64(uint64(len(g.arena)))
	for _, c := range g.arena {
		e.u64(uint64(len(c)))
		e.bytes(c)
	}
	e.strings(g.strs.strs)
	e.strings(g.rels.strs)
	for _, r := range g.release {
		e.string(string(r.TLP))
		e.strings(r.Audience)
	}
	e.strings(g.perps.strs)
	for _, p := range g.perpetrators {
		e.strings([]string{p.Kind, p.Party, p.Group})
	}
	e.u64(uint64(len(g.wide)))
	e.bytes(rawBytes(g.wide))
	for _, v := range []int64{g.extent.x0, g.extent.x1, g.extent.y0, g.extent.y1, g.extent.w0, g.extent.w1} {
		e.u64(uint64(v))
	}
	total := 0
	for _, c := range g.cells {
		total += len(c)
	}
	e.u64(uint64(len(g.cells)))
	e.u64(uint64(total))
	for k, c := range g.cells {
		e.u64(uint64(k))
		e.u64(uint64(len(c)))
		e.bytes(rawBytes(c))
	}
	if g.order.built {
		e.u64(1)
		e.u64(uint64(len(g.order.sorted)))
		e.bytes(rawBytes(g.order.sorted))
		e.u64(uint64(len(g.order.recent)))
		e.bytes(rawBytes(g.order.recent))
	} else {
		e.u64(0)
	}
	if e.err != nil {
		return fmt.Errorf("window: encode: %w", e.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("window: encode: %w", err)
	}
	return nil
}

// Decode reads a grid that Encode wrote, size bytes long (every count read
// is checked against it, so that damaged input cannot make Decode allocate
// more than the input could hold). It returns an error wrapping
// ErrEncoding for input of another layout, and an error for input that
// ends early or whose references do not hold (a row's bytes beyond its
// arena chunk, an interned id or a position out of range): a decoded grid
// is safe to query.
func Decode(r io.Reader, size int64) (*Grid, error) {
	d := &decoder{r: bufio.NewReaderSize(r, 1<<20), left: size}
	g, err := d.grid()
	if err == nil {
		err = d.err
	}
	if err != nil {
		return nil, fmt.Errorf("window: decode: %w", err)
	}
	if err := g.check(); err != nil {
		return nil, fmt.Errorf("window: decode: %w", err)
	}
	return g, nil
}

func (d *decoder) grid() (*Grid, error) {
	magic := make([]byte, len(encodingMagic))
	d.read(magic)
	if d.err != nil || string(magic) != encodingMagic {
		return nil, fmt.Errorf("%w: bad magic", ErrEncoding)
	}
	rowSize, entrySize := d.u64(), d.u64()
	mark := []int32{0}
	d.read(rawBytes(mark))
	if rowSize != uint64(unsafe.Sizeof(indexRow{})) || entrySize != uint64(unsafe.Sizeof(cellEntry{})) || mark[0] != byteOrderMark {
		return nil, fmt.Errorf("%w: layout %d/%d/%#x", ErrEncoding, rowSize, entrySize, mark[0])
	}
	g := &Grid{collided: map[string]int32{}}
	g.rows = make([]indexRow, d.count(rowSize))
	d.read(rawBytes(g.rows))
	g.arena = make([][]byte, d.count(8))
	for k := range g.arena {
		n := d.count(1)
		// A full chunk's capacity, as store leaves it: store appends
		// only to the last one, so the others need none beyond their
		// length.
		g.arena[k] = make([]byte, n, max(n, arenaChunk))
		d.read(g.arena[k])
	}
	g.strs = d.interner()
	g.rels = d.interner()
	g.release = make([]access.Releasability, len(g.rels.strs))
	for k := range g.release {
		g.release[k].TLP = access.TLP(d.string())
		g.release[k].Audience = d.strings()
	}
	g.perps = d.interner()
	g.perpetrators = make([]incidents.Perpetrator, len(g.perps.strs))
	for k := range g.perpetrators {
		if p := d.strings(); len(p) == 3 {
			g.perpetrators[k] = incidents.Perpetrator{Kind: p[0], Party: p[1], Group: p[2]}
		} else if d.err == nil {
			d.err = errors.New("malformed perpetrator")
		}
	}
	g.wide = make([]int32, d.count(4))
	d.read(rawBytes(g.wide))
	x := make([]int64, 6)
	for k := range x {
		x[k] = int64(d.u64())
	}
	g.extent = cellRange{x[0], x[1], x[2], x[3], x[4], x[5]}
	ncells := d.count(8)
	entries := make([]cellEntry, d.count(entrySize))
	g.cells = make(map[cellKey][]cellEntry, ncells)
	at := 0
	for range ncells {
		k := cellKey(d.u64())
		n := d.count(entrySize)
		if d.err != nil || n > len(entries)-at {
			return nil, errors.New("cell entries beyond their total")
		}
		// Capped, so that an append to one cell never writes into the next.
		c := entries[at : at+n : at+n]
		d.read(rawBytes(c))
		g.cells[k], at = c, at+n
	}
	if at != len(entries) {
		return nil, errors.New("cell entries short of their total")
	}
	if d.u64() == 1 {
		g.order.built = true
		g.order.sorted = make([]int32, d.count(4))
		d.read(rawBytes(g.order.sorted))
		g.order.recent = make([]int32, d.count(4))
		d.read(rawBytes(g.order.recent))
	}
	if d.err != nil {
		return nil, d.err
	}
	g.byID = make(map[uint64]int32, len(g.rows)+len(g.rows)/16)
	return g, nil
}

// check verifies every reference of a decoded grid, and fills byID.
func (g *Grid) check() error {
	for k := range g.rows {
		r := &g.rows[k]
		if int(r.chunk) >= len(g.arena) || uint64(r.off)+uint64(r.ends[blobFields-1]) > uint64(len(g.arena[r.chunk])) {
			return fmt.Errorf("row %d: bytes beyond its arena chunk", k)
		}
		for f := 1; f < blobFields; f++ {
			if r.ends[f] < r.ends[f-1] {
				return fmt.Errorf("row %d: field %d ends before it starts", k, f)
			}
		}
		for _, id := range []uint32{r.category, r.status, r.party, r.author, r.timePrec, r.locPrec, r.origin} {
			if int(id) >= len(g.strs.strs) {
				return fmt.Errorf("row %d: interned string %d of %d", k, id, len(g.strs.strs))
			}
		}
		if int(r.perp) >= len(g.perpetrators) || int(r.rel) >= len(g.release) {
			return fmt.Errorf("row %d: perpetrator or releasability out of range", k)
		}
		id := g.id(r)
		h := hashID(string(id))
		if _, taken := g.byID[h]; taken {
			g.collided[string(id)] = int32(k)
		} else {
			g.byID[h] = int32(k)
		}
	}
	n := len(g.rows)
	inRange := func(ps []int32) bool {
		for _, p := range ps {
			if p < 0 || int(p) >= n {
				return false
			}
		}
		return true
	}
	if !inRange(g.wide) || !inRange(g.order.sorted) || !inRange(g.order.recent) {
		return errors.New("row position out of range")
	}
	if g.order.built && len(g.order.sorted)+len(g.order.recent) != n {
		return errors.New("order does not hold every row")
	}
	for _, c := range g.cells {
		for k := range c {
			if c[k].pos < 0 || int(c[k].pos) >= n {
				return errors.New("cell entry position out of range")
			}
			if c[k].rel != relInRow && int(c[k].rel) >= len(g.release) {
				return errors.New("cell entry releasability out of range")
			}
		}
	}
	return nil
}

// rawBytes returns the memory of s, a slice of a pointer-free type, as
// bytes.
func rawBytes[T indexRow | cellEntry | int32](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

type encoder struct {
	w   *bufio.Writer
	err error
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) u64(v uint64) { e.bytes(binary.LittleEndian.AppendUint64(nil, v)) }

func (e *encoder) string(s string) {
	e.u64(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

// strings writes ss's length plus one, 0 for nil (an empty audience and
// none are kept apart, as the rows put held them).
func (e *encoder) strings(ss []string) {
	if ss == nil {
		e.u64(0)
		return
	}
	e.u64(uint64(len(ss)) + 1)
	for _, s := range ss {
		e.string(s)
	}
}

type decoder struct {
	r    *bufio.Reader
	left int64 // the bytes of the input not read yet
	err  error
}

func (d *decoder) read(b []byte) {
	if d.err == nil {
		_, d.err = io.ReadFull(d.r, b)
		d.left -= int64(len(b))
	}
}

func (d *decoder) u64() uint64 {
	var b [8]byte
	d.read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// count reads a number of items of size bytes each (at least 1), failing
// on one that the rest of the input or an int32 position cannot hold.
func (d *decoder) count(size uint64) int {
	n := d.u64()
	if d.err == nil && (n > math.MaxInt32 || d.left < 0 || n*size > uint64(d.left)) {
		d.err = fmt.Errorf("count %d out of range", n)
	}
	if d.err != nil {
		return 0
	}
	return int(n)
}

func (d *decoder) string() string {
	b := make([]byte, d.count(1))
	d.read(b)
	return string(b)
}

func (d *decoder) strings() []string {
	n := d.count(8)
	if n == 0 {
		return nil
	}
	out := make([]string, n-1)
	for k := range out {
		out[k] = d.string()
	}
	return out
}

func (d *decoder) interner() interner {
	in := interner{strs: d.strings()}
	in.ids = make(map[string]uint32, len(in.strs))
	for k, s := range in.strs {
		in.ids[s] = uint32(k)
	}
	return in
}

// Package joint derives the joint state of a federation (DESIGN
// "Federation", "Joint state") from the entries a node holds: its own and
// those its verified mirrors stored. Joint state is a deterministic
// function of those entries: [Order] puts a record's entries from several
// logs into one order that does not depend on the order in which they
// arrived, so two nodes holding the same entries fold them (for incidents,
// findings.Fold) into the same state. Every answer about joint state says
// what it was computed from ([Log]): the checkpoint of each log used.
package joint

import (
	"container/heap"
	"fmt"
	"strings"

	"truce/internal/federation/cite"
	"truce/internal/ledger"
)

// Entry is one entry of one origin's log that a node holds verified, as
// Order reads it. Entry.Seq is its index in Origin's log.
type Entry struct {
	Origin   string
	LeafHash string
	Entry    *ledger.Entry
	// Cites are the entry's citations (cite.Extract).
	Cites []cite.Citation
}

// Log is one log a joint answer was computed from: its origin and the
// size and root hash (lower-case hex) of the tree the entries were read
// within (the origin's checkpoint this node accepted, or its own tree).
type Log struct {
	Origin   string `json:"origin"`
	TreeSize int64  `json:"tree_size"`
	RootHash string `json:"root_hash"`
}

// String returns "ORIGIN at index N" with N the last index of the tree
// (size - 1), as the UI states it.
func (l Log) String() string { return fmt.Sprintf("%s at index %d", l.Origin, l.TreeSize-1) }

// key orders entries with no citation between them: by time, then origin,
// then index. Times are each origin's clock; the order only needs to be
// the same on every node, which these three fields are.
func key(e Entry) (string, string, int64) { return e.Entry.Time, e.Origin, e.Entry.Seq }

func less(a, b Entry) bool {
	at, ao, ai := key(a)
	bt, bo, bi := key(b)
	if at != bt {
		return at < bt
	}
	if ao != bo {
		return ao < bo
	}
	return ai < bi
}

// id is an entry's place: origin and index.
type id struct {
	origin string
	index  int64
}

// Order returns es in the joint order: every entry after the entries of
// es it cites (the cited chain), and otherwise by (time, origin, index).
// It is a pure function of the set es: any permutation of the same
// entries gives the same order. An entry listed twice (same origin and
// index) is kept once. A citation cycle, which verified logs cannot hold
// (an entry cites only entries that existed before it), is broken by the
// (time, origin, index) order.
func Order(es []Entry) []Entry {
	byID := make(map[id]int, len(es))
	uniq := make([]Entry, 0, len(es))
	for _, e := range es {
		k := id{e.Origin, e.Entry.Seq}
		if _, dup := byID[k]; dup {
			continue
		}
		byID[k] = len(uniq)
		uniq = append(uniq, e)
	}
	waits := make([]int, len(uniq))     // citations of entries in the set not yet placed
	citedBy := make([][]int, len(uniq)) // entries waiting for each
	for i, e := range uniq {
		for _, c := range e.Cites {
			j, ok := byID[id{c.Origin, c.Index}]
			if !ok || j == i {
				continue
			}
			waits[i]++
			citedBy[j] = append(citedBy[j], i)
		}
	}
	ready := &entryHeap{es: uniq}
	for i := range uniq {
		if waits[i] == 0 {
			ready.idx = append(ready.idx, i)
		}
	}
	heap.Init(ready)
	out := make([]Entry, 0, len(uniq))
	placed := make([]bool, len(uniq))
	for len(out) < len(uniq) {
		if ready.Len() == 0 { // a cycle: place its earliest entry
			first := -1
			for i := range uniq {
				if !placed[i] && (first < 0 || less(uniq[i], uniq[first])) {
					first = i
				}
			}
			waits[first] = 0
			heap.Push(ready, first)
		}
		i := heap.Pop(ready).(int)
		if placed[i] {
			continue
		}
		placed[i] = true
		out = append(out, uniq[i])
		for _, k := range citedBy[i] {
			if waits[k]--; waits[k] == 0 && !placed[k] {
				heap.Push(ready, k)
			}
		}
	}
	return out
}

// entryHeap is a min-heap of indexes into es by less.
type entryHeap struct {
	es  []Entry
	idx []int
}

func (h *entryHeap) Len() int           { return len(h.idx) }
func (h *entryHeap) Less(i, j int) bool { return less(h.es[h.idx[i]], h.es[h.idx[j]]) }
func (h *entryHeap) Swap(i, j int)      { h.idx[i], h.idx[j] = h.idx[j], h.idx[i] }
func (h *entryHeap) Push(x any)         { h.idx = append(h.idx, x.(int)) }
func (h *entryHeap) Pop() any {
	n := len(h.idx)
	x := h.idx[n-1]
	h.idx = h.idx[:n-1]
	return x
}

// Describe returns from as the UI's phrase, "us.example/log at index
// 1204, ru.example/log at index 988".
func Describe(from []Log) string {
	parts := make([]string, len(from))
	for i, l := range from {
		parts[i] = l.String()
	}
	return strings.Join(parts, ", ")
}

package gazetteer

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"
)

// Gazetteer is an immutable, in-memory index of places. Its methods are safe
// for concurrent use.
type Gazetteer struct {
	places []Place       // sorted by ID
	byID   map[int]int32 // ID → index in places
	strict map[string][]int32
	loose  map[string][]int32
	// strictKeys and looseKeys are the sorted distinct keys, for prefix
	// search.
	strictKeys, looseKeys []string
	// fuzzyByLen groups the loose keys by their length in runes, for edit
	// distance search.
	fuzzyByLen map[int][]fuzzyKey
}

// builder accumulates places and their names, then computes every name's
// keys (in parallel) and indexes them.
type builder struct {
	g     *Gazetteer
	names []string // every name of every place, in place order
	owner []int32  // owner[i] is the index in g.places of names[i]
}

func newBuilder() *builder {
	return &builder{g: &Gazetteer{byID: make(map[int]int32)}}
}

// add records p and its names and alternates. It returns an error wrapping
// ErrFormat if p.ID was added before.
func (b *builder) add(p Place, alts []string) error {
	g := b.g
	if _, dup := g.byID[p.ID]; dup {
		return fmt.Errorf("%w: duplicate id %d", ErrFormat, p.ID)
	}
	idx := int32(len(g.places))
	g.places = append(g.places, p)
	g.byID[p.ID] = idx
	for _, n := range [...]string{p.Name, p.ASCIIName, p.NameAR, p.NameRU} {
		if n != "" {
			b.names = append(b.names, n)
			b.owner = append(b.owner, idx)
		}
	}
	for _, n := range alts {
		b.names = append(b.names, n)
		b.owner = append(b.owner, idx)
	}
	return nil
}

// appendOnce appends idx unless it is already the last element (a place's
// names are indexed one after another, so that is the only place a
// duplicate can be).
func appendOnce(s []int32, idx int32) []int32 {
	if n := len(s); n > 0 && s[n-1] == idx {
		return s
	}
	return append(s, idx)
}

// build computes the keys and finishes the index.
func (b *builder) build() *Gazetteer {
	g := b.g
	if !slices.IsSortedFunc(g.places, func(a, b Place) int { return a.ID - b.ID }) {
		b.resort()
	}
	strict, loose := b.allKeys()
	g.strict = make(map[string][]int32, len(b.names)/2)
	g.loose = make(map[string][]int32, len(b.names)/2)
	for i, s := range strict {
		if s == "" {
			continue
		}
		g.strict[s] = appendOnce(g.strict[s], b.owner[i])
		g.loose[loose[i]] = appendOnce(g.loose[loose[i]], b.owner[i])
	}
	g.strictKeys = sortedKeys(g.strict)
	g.looseKeys = sortedKeys(g.loose)
	g.fuzzyByLen = make(map[int][]fuzzyKey)
	for _, k := range g.looseKeys {
		n := utf8.RuneCountInString(k)
		g.fuzzyByLen[n] = append(g.fuzzyByLen[n], fuzzyKey{k, runeMask(k)})
	}
	b.names, b.owner = nil, nil
	return g
}

// allKeys returns the strict and loose key of every name, computed by up to
// GOMAXPROCS goroutines.
func (b *builder) allKeys() (strict, loose []string) {
	n := len(b.names)
	strict, loose = make([]string, n), make([]string, n)
	workers := min(runtime.GOMAXPROCS(0), 4)
	chunk := (n + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				strict[i], loose[i] = keys(b.names[i])
			}
		})
	}
	wg.Wait()
	return strict, loose
}

// resort sorts places by ID and rewrites every index that points into them.
func (b *builder) resort() {
	g := b.g
	order := make([]int32, len(g.places))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return g.places[x].ID - g.places[y].ID })
	newIdx := make([]int32, len(order))
	sorted := make([]Place, len(order))
	for n, old := range order {
		newIdx[old] = int32(n)
		sorted[n] = g.places[old]
		g.byID[sorted[n].ID] = int32(n)
	}
	g.places = sorted
	for i, old := range b.owner {
		b.owner[i] = newIdx[old]
	}
	// appendOnce relies on a place's names being consecutive.
	perm := make([]int, len(b.owner))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(x, y int) int { return int(b.owner[x] - b.owner[y]) })
	names, owner := make([]string, len(perm)), make([]int32, len(perm))
	for n, i := range perm {
		names[n], owner[n] = b.names[i], b.owner[i]
	}
	b.names, b.owner = names, owner
}

func sortedKeys(m map[string][]int32) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ByID returns the place with the given GeoNames id and true, or the zero
// Place and false if the gazetteer has no such place.
func (g *Gazetteer) ByID(id int) (Place, bool) {
	i, ok := g.byID[id]
	if !ok {
		return Place{}, false
	}
	return g.places[i], true
}

// Len returns the number of places in the gazetteer.
func (g *Gazetteer) Len() int { return len(g.places) }

// Places returns a copy of every place, sorted by ID.
func (g *Gazetteer) Places() []Place { return slices.Clone(g.places) }

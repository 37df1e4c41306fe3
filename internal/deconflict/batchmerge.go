package deconflict

// mergeBuf holds mergePairs' buffers, kept by a slab worker between calls.
type mergeBuf struct {
	flat   []pairPiece // the windows' pieces, oriented, in window order
	ka, kb []int32     // rank of each flat piece's a and b
	byB    []int32     // flat indices sorted by kb
	byA    []int32     // flat indices sorted by (ka, kb), stably
}

// mergePairs orients every piece of perWindow (the windows' pieces, in
// time order) by rank, so that rank[a] < rank[b], groups them by pair in
// the order of (rank[a], rank[b]) with each pair's pieces in time order,
// and merges each pair's pieces that meet (absorb; the positions follow
// the closest approach). The grouping is a least-significant-digit radix
// sort on the packed key (rank[a], rank[b]) done on 4-byte indices: a
// stable counting pass by rank[b], then one by rank[a]. Both are stable,
// so each pair keeps the windows' time order without comparing times.
// The pieces themselves are copied once in window order and read once in
// pair order, rather than scattered twice. The result is appended to
// dst[:0]; buf's buffers are reused.
func mergePairs(perWindow [][]pairPiece, rank []int32, buf *mergeBuf, dst []pairPiece) []pairPiece {
	total := 0
	for _, o := range perWindow {
		total += len(o)
	}
	if total == 0 {
		return dst[:0]
	}
	n := len(rank)
	countA := make([]int32, n+1)
	countB := make([]int32, n+1)
	flat := grow(buf.flat, total)
	ka, kb := grow(buf.ka, total), grow(buf.kb, total)
	g := 0
	for _, o := range perWindow {
		for i := range o {
			p := &flat[g]
			*p = o[i]
			if rank[p.a] > rank[p.b] {
				p.a, p.b = p.b, p.a
				p.ia, p.ib = p.ib, p.ia
				p.pa, p.pb = p.pb, p.pa
			}
			ka[g], kb[g] = rank[p.a], rank[p.b]
			countA[ka[g]+1]++
			countB[kb[g]+1]++
			g++
		}
	}
	for i := 1; i <= n; i++ {
		countA[i] += countA[i-1]
		countB[i] += countB[i-1]
	}
	byB := grow(buf.byB, total)
	for g, r := range kb {
		byB[countB[r]] = int32(g)
		countB[r]++
	}
	byA := grow(buf.byA, total)
	for _, g := range byB {
		r := ka[g]
		byA[countA[r]] = g
		countA[r]++
	}
	merged := dst[:0]
	for _, g := range byA {
		p := &flat[g]
		if k := len(merged); k > 0 && merged[k-1].a == p.a && merged[k-1].b == p.b {
			c := &merged[k-1]
			closer := p.dh < c.dh // absorb takes p's tc then
			if absorb(&c.piece, &p.piece) {
				if closer {
					c.pa, c.pb = p.pa, p.pb
				}
				continue
			}
		}
		merged = append(merged, *p)
	}
	buf.flat, buf.ka, buf.kb, buf.byB, buf.byA = flat, ka, kb, byB, byA
	return merged
}

// grow returns s resized to n, reallocated (with some room) if too small;
// its contents are unspecified.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/8)
	}
	return s[:n]
}

package deconflict

import "sync"

// mergeBuf holds mergePairs' buffers, kept by a slab worker between calls.
type mergeBuf struct {
	ka, kb []int32 // rank of each piece's a and b, in mergePairs' numbering
	byB    []int32 // piece numbers sorted by kb, stably
	byA    []int32 // piece numbers sorted by (ka, kb), stably
	cnt    []int32 // per part and rank: counts, then offsets
}

// mergePairs groups the pieces the workers ws found (in ws[w].out, already
// oriented so that rank[a] < rank[b], with those ranks in ws[w].ka and
// ws[w].kb) by pair in the order of (rank[a], rank[b]), with each pair's
// pieces in time order, and merges each pair's pieces that meet (absorb;
// the positions follow the closest approach). Pieces are numbered across
// the workers: ws[w].out[i] is number base[w]+i. wins lists, in time
// order, each window's numbers [wins[i][0], wins[i][1]), its pieces in
// time order for each pair. n is the number of ranks.
//
// The grouping is a least-significant-digit radix sort on the packed key
// (rank[a], rank[b]) done on 4-byte numbers: a stable counting pass by
// rank[b] over the windows in order, then one by rank[a]. Both are stable,
// so each pair keeps the windows' time order without comparing times.
// Every pass runs on len(ws) goroutines: each counting pass is split into
// contiguous parts, each with its own offsets per rank (bucket by bucket,
// part by part, which keeps it stable), and the final merge into parts
// that each hold whole ranks of a, each writing its merged pieces where
// its input starts in dst, then moved down. The pieces are read once, in
// pair order, from the workers' buffers. The result is appended to
// dst[:0]; buf's buffers are reused.
func mergePairs(ws []*slabWorker, base []int, wins [][2]int, n int, buf *mergeBuf, dst []pairPiece) []pairPiece {
	np := len(ws)
	total := base[np]
	if total == 0 {
		return dst[:0]
	}
	ka, kb := grow(buf.ka, total), grow(buf.kb, total)
	byB, byA := grow(buf.byB, total), grow(buf.byA, total)
	cnt := growZero(buf.cnt, np*n)
	buf.ka, buf.kb, buf.byB, buf.byA, buf.cnt = ka, kb, byB, byA, cnt
	parts(np, func(p int) {
		copy(ka[base[p]:], ws[p].ka)
		copy(kb[base[p]:], ws[p].kb)
	})
	// Parts of the windows, in time order, of about total/np pieces each.
	wcut := make([]int, np+1)
	for i, sum, p := 0, 0, 1; i < len(wins) && p < np; i++ {
		sum += wins[i][1] - wins[i][0]
		for p < np && sum >= total*p/np {
			wcut[p] = i + 1
			p++
		}
	}
	wcut[np] = len(wins)
	parts(np, func(p int) {
		c := cnt[p*n : (p+1)*n]
		for _, w := range wins[wcut[p]:wcut[p+1]] {
			for _, r := range kb[w[0]:w[1]] {
				c[r]++
			}
		}
	})
	offsets(cnt, n, np, nil)
	parts(np, func(p int) {
		c := cnt[p*n : (p+1)*n]
		for _, w := range wins[wcut[p]:wcut[p+1]] {
			for g := w[0]; g < w[1]; g++ {
				r := kb[g]
				byB[c[r]] = int32(g)
				c[r]++
			}
		}
	})
	clear(cnt)
	part := func(p int) []int32 { return byB[total*p/np : total*(p+1)/np] }
	parts(np, func(p int) {
		c := cnt[p*n : (p+1)*n]
		for _, g := range part(p) {
			c[ka[g]]++
		}
	})
	// Cut the final merge at the start of a rank of a, so that no pair
	// spans two parts.
	cut := make([]int, np+1)
	offsets(cnt, n, np, cut)
	parts(np, func(p int) {
		c := cnt[p*n : (p+1)*n]
		for _, g := range part(p) {
			r := ka[g]
			byA[c[r]] = g
			c[r]++
		}
	})
	dst = grow(dst, total)
	m := make([]int, np)
	parts(np, func(p int) {
		merged := dst[cut[p]:cut[p]:cut[p+1]]
		for _, g := range byA[cut[p]:cut[p+1]] {
			w := 0
			for int(g) >= base[w+1] {
				w++
			}
			pc := &ws[w].out[int(g)-base[w]]
			if k := len(merged); k > 0 && merged[k-1].a == pc.a && merged[k-1].b == pc.b {
				c := &merged[k-1]
				closer := pc.dh < c.dh // absorb takes pc's tc then
				if absorb(&c.piece, &pc.piece) {
					if closer {
						c.pa, c.pb = pc.pa, pc.pb
					}
					continue
				}
			}
			merged = append(merged, *pc)
		}
		m[p] = len(merged)
	})
	out := m[0]
	for p := 1; p < np; p++ {
		out += copy(dst[out:], dst[cut[p]:cut[p]+m[p]])
	}
	return dst[:out]
}

// offsets turns cnt, np parts' counts per rank (part p's at cnt[p*n:]),
// into each part's first position per rank: rank by rank, and within a
// rank part by part. If cut is not nil, cut[p] is set to the first
// position, at the start of a rank, at or after total*p/np (cut[np] to
// the total).
func offsets(cnt []int32, n, np int, cut []int) {
	total := 0
	for _, c := range cnt {
		total += int(c)
	}
	pos, p := int32(0), 1
	for r := range n {
		for cut != nil && p < np && int(pos) >= total*p/np {
			cut[p] = int(pos)
			p++
		}
		for q := range np {
			c := cnt[q*n+r]
			cnt[q*n+r] = pos
			pos += c
		}
	}
	for cut != nil && p <= np {
		cut[p] = total
		p++
	}
}

// parts runs fn(0..np-1) on np goroutines (the caller's is part 0).
func parts(np int, fn func(p int)) {
	var wg sync.WaitGroup
	for p := 1; p < np; p++ {
		wg.Go(func() { fn(p) })
	}
	fn(0)
	wg.Wait()
}

// grow returns s resized to n, reallocated (with some room) if too small;
// its contents are unspecified.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/8)
	}
	return s[:n]
}

package gazetteer

import "math/bits"

// fuzzyKey is a loose key with its rune mask (see runeMask).
type fuzzyKey struct {
	key  string
	mask uint64
}

// runeMask returns a 64-bit set of the runes of s, each rune hashed to one
// bit. A rune of one string absent from another costs at least one edit,
// and one edit removes or adds at most one rune each way, so
//
//	max(popcount(a &^ b), popcount(b &^ a)) ≤ distance(a, b)
//
// (collisions only lower the left side). maskFar uses this to skip most
// keys before computing a distance.
func runeMask(s string) uint64 {
	var m uint64
	for _, r := range s {
		m |= 1 << (uint32(r) * 2654435761 >> 26)
	}
	return m
}

// maskFar reports whether two strings with masks a and b are certainly more
// than max edits apart.
func maskFar(a, b uint64, max int) bool {
	return bits.OnesCount64(a&^b) > max || bits.OnesCount64(b&^a) > max
}

// boundedLevenshtein returns the Levenshtein distance between a and b
// (insertions, deletions and substitutions of runes, each costing 1) if it is
// at most max, and max+1 otherwise. It stops as soon as every entry of a row
// exceeds max. row is scratch space reused between calls.
func boundedLevenshtein(a, b []rune, max int, row *[]int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	if cap(*row) < len(b)+1 {
		*row = make([]int, len(b)+1)
	}
	r := (*row)[:len(b)+1]
	for j := range r {
		r[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := r[0] // r[i-1][j-1]
		r[0] = i
		rowMin := r[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(r[j]+1, r[j-1]+1, diag+cost)
			diag = r[j]
			r[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
	}
	if r[len(b)] > max {
		return max + 1
	}
	return r[len(b)]
}

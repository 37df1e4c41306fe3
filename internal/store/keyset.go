package store

import (
	"fmt"

	"truce/internal/listing"
)

// keysetBefore adds to where and args the condition of a newest-first
// keyset page on (seqCol, id): the rows strictly after the position after
// in (seqCol DESC, id DESC) order. A nil after adds nothing.
func keysetBefore(where []string, args []any, seqCol string, after *listing.Cursor) ([]string, []any) {
	if after == nil {
		return where, args
	}
	args = append(args, after.Seq, after.ID)
	n := len(args)
	return append(where, fmt.Sprintf("(%[1]s < $%[2]d OR (%[1]s = $%[2]d AND id < $%[3]d))", seqCol, n-1, n)), args
}

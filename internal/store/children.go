package store

import (
	"context"
	"fmt"
	"strings"

	"truce/internal/ledger"
)

// fillChildren loads the child rows of parents (acknowledgements of alerts
// and notices, receipts of messages) in one query. query is a SELECT whose
// first column is the parent id and that ends with "IN (" + the id list is
// appended, then ") ORDER BY …" from order; scan reads one row's child after
// the id; add attaches it to its parent.
func fillChildren[P any, C any](ctx context.Context, q ledger.Querier, parents []P, id func(P) string,
	query, order string, scan func(id *string, c *C) []any, add func(P, C)) error {
	if len(parents) == 0 {
		return nil
	}
	byID := make(map[string]P, len(parents))
	args := make([]any, len(parents))
	marks := make([]string, len(parents))
	for i, p := range parents {
		byID[id(p)] = p
		args[i] = id(p)
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := q.QueryContext(ctx, query+" IN ("+strings.Join(marks, ",")+") "+order, args...)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid string
		var c C
		if err := rows.Scan(scan(&pid, &c)...); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		if p, ok := byID[pid]; ok {
			add(p, c)
		}
	}
	return rows.Err()
}

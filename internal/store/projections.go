package store

import (
	"context"
	"encoding/json"
	"fmt"

	"truce/internal/ledger"
)

// A projector applies one kind of entry to the projection tables. It MUST
// depend only on the entry (never on the clock or node-local state), so that
// replaying the log rebuilds identical tables.
type projector func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error

var projectors = map[string]projector{}

// projectionTables lists the projection tables, in an order that satisfies
// their foreign keys when filled (cleared in reverse).
var projectionTables []string

// register adds projectors for kinds; domains call it from init in their
// store file.
func register(tables []string, ps map[string]projector) {
	projectionTables = append(projectionTables, tables...)
	for k, p := range ps {
		if _, dup := projectors[k]; dup {
			panic("store: two projectors for " + k)
		}
		projectors[k] = p
	}
}

func project(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	p, ok := projectors[e.Kind]
	if !ok {
		return nil // kinds without a projection (e.g. comments kept only in the log)
	}
	if err := p(ctx, q, e); err != nil {
		return fmt.Errorf("store: project %s #%d: %w", e.Kind, e.Seq, err)
	}
	return nil
}

// decode unmarshals an entry's payload into a value of type T.
func decode[T any](e *ledger.Entry) (*T, error) {
	var v T
	if err := json.Unmarshal(e.Payload, &v); err != nil {
		return nil, fmt.Errorf("payload of %s: %w", e.Kind, err)
	}
	return &v, nil
}

// exec runs one statement and reports an error if it touched no row, which
// for a projection means the entry refers to a record that does not exist.
func execOne(ctx context.Context, q ledger.Querier, query string, args ...any) error {
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("no row matched (%s)", query)
	}
	return nil
}

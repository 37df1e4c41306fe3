package joint

import (
	"context"

	"truce/internal/ledger"
)

// Source is how a domain service reads a record's joint state on a node:
// the record's entries across the logs the node holds, and whose
// agreement counts. The zero Source reads nothing (History nil): the
// service then serves its own projection.
type Source struct {
	// History returns every entry of a log subject across the logs the
	// node holds verified (its own and its mirrors'), unfiltered, in the
	// joint order (Order), and the logs read, the node's own first.
	History func(ctx context.Context, subject string) ([]*ledger.Entry, []Log, error)
	// CoChairs, optional, returns the co-chair parties whose agreement
	// counts: on a party node those of the roster in force. Without it
	// the centre's co-chairs (its parties' flags) count.
	CoChairs func(ctx context.Context) ([]string, error)
}

// Package txn names the one database capability that domain services,
// preconditions and projectors share: running SQL inside a transaction (or
// outside one). It exists so that domains and the ledger can agree on it
// without importing each other.
package txn

import (
	"context"
	"database/sql"
)

// Querier is the subset of *sql.DB and *sql.Tx that reads and writes.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

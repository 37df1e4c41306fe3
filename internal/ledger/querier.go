package ledger

import (
	"context"
	"database/sql"
)

// Querier is the one database capability that domain services,
// preconditions and projectors share with the log: running SQL inside
// the log's transaction (or outside one). It is the subset of *sql.DB and
// *sql.Tx that reads and writes; domains name it here, beside the Change
// whose Check and Bind receive it, rather than importing the store.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

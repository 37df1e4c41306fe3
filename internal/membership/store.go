package membership

import (
	"context"

	"truce/internal/accounts"
	"truce/internal/ledger"
)

// Store is what the membership service needs from storage. Reads take a
// ledger.Querier so that preconditions can run them inside the write
// transaction; pass nil to read outside one.
type Store interface {
	// Party returns a party, or fault.ErrNotFound (wrapped).
	Party(ctx context.Context, q ledger.Querier, id string) (*accounts.Party, error)
	// CoChairs returns the ids of the co-chair parties, sorted.
	CoChairs(ctx context.Context, q ledger.Querier) ([]string, error)
	// Proposal returns a proposal with its agreements, or
	// fault.ErrNotFound (wrapped).
	Proposal(ctx context.Context, q ledger.Querier, id string) (*Proposal, error)
	// Proposals returns the proposals with status (every one for ""),
	// newest first.
	Proposals(ctx context.Context, status Status) ([]Proposal, error)
	// PendingFor returns the id of the pending proposal concerning party,
	// or "" if there is none.
	PendingFor(ctx context.Context, q ledger.Querier, party string) (string, error)
}

package zones

import (
	"context"

	"truce/internal/access"
	"truce/internal/ledger"
)

// Store is what the zones service needs from storage. Reads take a
// ledger.Querier so that preconditions can run them inside the write
// transaction; pass nil to read outside one. Stores apply no
// releasability: the service decides what a caller sees.
type Store interface {
	// CoChairs returns the ids of the co-chair parties, sorted (a party
	// that left the centre is no longer one).
	CoChairs(ctx context.Context, q ledger.Querier) ([]string, error)
	// Departed returns the parties that were co-chairs when they left the
	// centre, with the time they left, sorted by party.
	Departed(ctx context.Context, q ledger.Querier) ([]Departure, error)
	// Zone returns a zone with every version (Status and Current unset).
	// It returns fault.ErrNotFound (wrapped) if there is no such zone.
	Zone(ctx context.Context, q ledger.Querier, id string) (*Zone, error)
	// Zones returns every zone with its versions, ordered by id.
	Zones(ctx context.Context) ([]Zone, error)
	// Releases returns every zone's releasability by zone id. The map may
	// be shared with other callers: they MUST NOT modify it.
	Releases(ctx context.Context) (map[string]access.Releasability, error)
	// History returns the log entries whose subject is subject, in log order.
	History(ctx context.Context, subject string) ([]*ledger.Entry, error)
}

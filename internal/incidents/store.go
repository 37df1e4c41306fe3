package incidents

import (
	"context"

	"truce/internal/ledger"
)

// Store is what the incidents service needs from storage. Reads take a
// ledger.Querier so that preconditions can run them inside the write
// transaction; pass nil to read outside one.
//
// Stores decide no visibility: Search may pre-filter rows by the viewer's
// party for efficiency, but the service checks every record it returns with
// package access, and Counts and Aggregate group by releasability so that
// the service counts only the groups the caller may see.
type Store interface {
	// CoChairs returns the ids of the co-chair parties, sorted.
	CoChairs(ctx context.Context, q ledger.Querier) ([]string, error)
	// Incident returns an incident with its current round's assessments
	// and all its attributed zones; fault.ErrNotFound (wrapped) if none.
	Incident(ctx context.Context, q ledger.Querier, id string) (*Incident, error)
	// ExistingKeys returns, of keys, those already used, mapped to the id
	// of the incident that has each.
	ExistingKeys(ctx context.Context, q ledger.Querier, keys []string) (map[string]string, error)
	// Search returns up to f.Limit incidents matching f, newest first
	// (by start time, then by N), after f.After.
	Search(ctx context.Context, f *Filter, viewer string) ([]Incident, error)
	// Counts returns the number of incidents matching f grouped by
	// releasability, status and category.
	Counts(ctx context.Context, f *Filter) ([]CountBucket, error)
	// Aggregate returns incidents matching f grouped by day, zone,
	// category and releasability, with conservative casualty sums. Each
	// incident counts once under each zone of visible it is attributed
	// to, and once under zone "" if it is attributed to none of them;
	// zones not in visible never appear.
	Aggregate(ctx context.Context, f *Filter, visible []string) ([]AggregateBucket, error)
	// Comments returns the comments on incident id in log order.
	Comments(ctx context.Context, id string) ([]Comment, error)
	// Attachments returns the sources attached to incident id after its
	// report, in log order, whoever may see them.
	Attachments(ctx context.Context, id string) ([]Attachment, error)
	// History returns the log entries whose subject is subject, in log order.
	History(ctx context.Context, subject string) ([]*ledger.Entry, error)
}

package alerts

import (
	"context"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Filter selects alerts; zero fields select everything.
type Filter struct {
	Kind     Kind
	Status   string
	Severity Severity
	// PendingFor keeps open alerts that this party has yet to acknowledge.
	PendingFor string
	Limit      int
}

// Store is what the service needs from storage. It decides no visibility
// (it may pre-filter by the viewer's party); the service checks each alert.
type Store interface {
	// Alert returns alert id with its acknowledgements; fault.ErrNotFound
	// (wrapped) if none.
	Alert(ctx context.Context, q ledger.Querier, id string) (*Alert, error)
	// AlertByKey returns the alert raised under key, or fault.ErrNotFound.
	AlertByKey(ctx context.Context, q ledger.Querier, key string) (*Alert, error)
	// AlertsBefore returns up to limit alerts matching f (f.Limit
	// ignored), pre-filtered for viewer, newest first by RaisedSeq then ID
	// (both descending), strictly after the position after (nil for the
	// start).
	AlertsBefore(ctx context.Context, f Filter, viewer string, after *Cursor, limit int) ([]Alert, error)
	// AlertCounts returns the number of alerts per releasability, status,
	// severity and whether party's acknowledgement of an open alert is
	// pending. It decides no visibility: every alert is counted.
	AlertCounts(ctx context.Context, party string) ([]CountBucket, error)
	// Overdue returns open alerts whose deadline is before t and whose
	// severity is below extreme.
	Overdue(ctx context.Context, t time.Time) ([]Alert, error)
	// PendingByParty returns, per party and releasability, the open
	// alerts whose acknowledgement by the party is pending, and how many
	// of them have a deadline before t. It decides no visibility.
	PendingByParty(ctx context.Context, t time.Time) ([]access.PendingBucket, error)
}

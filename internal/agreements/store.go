package agreements

import (
	"context"
	"time"

	"github.com/paulmach/orb"

	"truce/internal/access"
	"truce/internal/agreements/rules"
	"truce/internal/alerts"
	"truce/internal/cochair"
	"truce/internal/ledger"
)

// Store is what the service needs from storage. Reads take a
// ledger.Querier so that preconditions can run them inside the write
// transaction; pass nil to read outside one. Stores apply no
// releasability: the service decides what a caller sees.
type Store interface {
	// CoChairs returns the ids of the co-chair parties, sorted.
	CoChairs(ctx context.Context, q ledger.Querier) ([]string, error)
	// Departed returns the parties that were co-chairs when they left the
	// centre, and when they left.
	Departed(ctx context.Context, q ledger.Querier) ([]cochair.Departure, error)
	// Agreement returns an agreement as folded from the log, or an error
	// wrapping fault.ErrNotFound if there is none.
	Agreement(ctx context.Context, q ledger.Querier, id string) (*Agreement, error)
	// Agreements returns every agreement, ordered by id.
	Agreements(ctx context.Context) ([]Agreement, error)
	// Passage returns a passage as folded from the log, or an error
	// wrapping fault.ErrNotFound if there is none.
	Passage(ctx context.Context, q ledger.Querier, id string) (*Passage, error)
	// Passages returns every passage, ordered by id.
	Passages(ctx context.Context) ([]Passage, error)
	// History returns the log entries whose subject is subject, in log order.
	History(ctx context.Context, subject string) ([]*ledger.Entry, error)
}

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Zones resolves the zone an obligation names.
type Zones interface {
	// AgreedGeometry returns the geometry of zone id's latest agreed
	// version that designates an area, deciding no visibility (the
	// evaluator needs it, the caller is not shown it), or an error
	// wrapping fault.ErrNotFound if there is no such zone or version.
	AgreedGeometry(ctx context.Context, id string) (orb.MultiPolygon, error)
	// AgreedAreas returns every area zone id's agreed versions designate
	// (all) and the area in force at a time (at; nil when none is),
	// deciding no visibility, or an error wrapping fault.ErrNotFound if
	// there is no such zone or no agreed area.
	AgreedAreas(ctx context.Context, id string) (all orb.MultiPolygon, at func(time.Time) orb.MultiPolygon, err error)
	// Visible reports whether by may see zone id.
	Visible(ctx context.Context, by access.Principal, id string) (bool, error)
}

// Events are the recorded facts obligations are checked against, as a
// caller may see them.
type Events interface {
	// Events returns the incidents, flight positions and observations by
	// may see whose location meets b and whose time lies in [from, to].
	Events(ctx context.Context, by access.Principal, b orb.Bound, from, to time.Time) ([]rules.Event, error)
	// Incident returns incident id as an event with its releasability,
	// or an error wrapping fault.ErrNotFound if by may not see it.
	Incident(ctx context.Context, by access.Principal, id string) (*rules.Event, access.Releasability, error)
	// Sites returns the protected sites by's party was notified of and
	// that are in force (none for the public).
	Sites(ctx context.Context, by access.Principal) ([]rules.Site, error)
	// Findings returns, for each of the incidents ids that by may see and
	// that the monitors' finding has reached at least the alleged layer,
	// that finding from the entries by may see (findings.View).
	Findings(ctx context.Context, by access.Principal, ids []string) (map[string]Finding, error)
}

// Documents finds a signed document in the node's evidence store.
type Documents interface {
	// Stat returns the stored file with that SHA-256 (lower-case hex) and
	// whether there is one.
	Stat(sha256 string) (Document, bool)
}

// Alerter raises alerts in the same write as their cause (an
// *alerts.Service).
type Alerter interface {
	RaiseChange(spec alerts.Spec, bind func(seq int64, spec *alerts.Spec)) (ledger.Change, alerts.Ref, error)
}

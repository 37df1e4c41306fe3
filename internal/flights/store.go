package flights

import (
	"context"
	"time"

	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/txn"
)

// Appender appends changes to the log (a *ledger.Sequencer).
type Appender interface {
	Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error)
}

// Parties looks up member parties (accounts.Store satisfies it).
type Parties interface {
	// Parties returns every party.
	Parties(ctx context.Context) ([]accounts.Party, error)
}

// Alerter raises and clears alerts (an *alerts.Service satisfies it).
type Alerter interface {
	Raise(ctx context.Context, spec alerts.Spec) (*alerts.Alert, bool, error)
	// Clear marks the alert raised under key as cleared; fault.ErrNotFound
	// (wrapped) if there is none.
	Clear(ctx context.Context, key, reason string) (*alerts.Alert, error)
}

// Notices returns the active notified sites and movements (a
// *notify.Service satisfies it).
type Notices interface {
	Active(ctx context.Context, t notify.Type) ([]notify.Notice, error)
}

// Store is what the service needs from storage. It decides no visibility:
// the service checks every record it returns with package access.
type Store interface {
	// Plan returns plan id; fault.ErrNotFound (wrapped) if none.
	Plan(ctx context.Context, q txn.Querier, id string) (*Plan, error)
	// Plans returns every plan, cancelled ones included, newest first.
	Plans(ctx context.Context) ([]Plan, error)
	// Reservation returns reservation id; fault.ErrNotFound (wrapped) if none.
	Reservation(ctx context.Context, q txn.Querier, id string) (*Reservation, error)
	// Reservations returns every reservation, newest first.
	Reservations(ctx context.Context) ([]Reservation, error)
	// Conflict returns conflict id; fault.ErrNotFound (wrapped) if none.
	Conflict(ctx context.Context, q txn.Querier, id string) (*Conflict, error)
	// Conflicts returns the open conflicts and those cleared at or after
	// since, newest first.
	Conflicts(ctx context.Context, since time.Time) ([]Conflict, error)
}

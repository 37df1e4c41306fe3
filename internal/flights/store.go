package flights

import (
	"context"
	"time"

	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// Parties looks up member parties (accounts.Store satisfies it).
type Parties interface {
	// Parties returns every party.
	Parties(ctx context.Context) ([]accounts.Party, error)
}

// Alerter builds the log changes that raise and clear the alerts of
// conflict records, which the service puts in the Append of the records
// themselves (an *alerts.Service satisfies it; see alerts.RaiseChange).
type Alerter interface {
	// RaiseChange returns the change that raises spec's alert, bind
	// completing spec from the entry's sequence number, and the alert's
	// reference; *fault.InvalidError or alerts.ErrNoAudience if it can never
	// be raised.
	RaiseChange(spec alerts.Spec, bind func(seq int64, spec *alerts.Spec)) (ledger.Change, alerts.Ref, error)
	// ClearChange returns the change that clears alert r with reason.
	ClearChange(r alerts.Ref, reason string) ledger.Change
	// ByKey returns the alert raised under key; fault.ErrNotFound
	// (wrapped) if there is none.
	ByKey(ctx context.Context, key string) (*alerts.Alert, error)
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
	Plan(ctx context.Context, q ledger.Querier, id string) (*Plan, error)
	// Plans returns every plan, cancelled ones included, newest first.
	Plans(ctx context.Context) ([]Plan, error)
	// Reservation returns reservation id; fault.ErrNotFound (wrapped) if none.
	Reservation(ctx context.Context, q ledger.Querier, id string) (*Reservation, error)
	// Reservations returns every reservation, newest first.
	Reservations(ctx context.Context) ([]Reservation, error)
	// Conflict returns conflict id; fault.ErrNotFound (wrapped) if none.
	Conflict(ctx context.Context, q ledger.Querier, id string) (*Conflict, error)
	// Conflicts returns the open conflicts and those cleared at or after
	// since, newest first.
	Conflicts(ctx context.Context, since time.Time) ([]Conflict, error)
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"truce/internal/alerts"
	"truce/internal/fault"
	"truce/internal/flights"
	"truce/internal/ledger"
	"truce/internal/notify"
)

// holderKinds are the entry kinds that change a record as the one who
// holds it: the notifier's update, cancellation, withholding and
// reconfirmation of a notification, the filer's amendment and cancellation
// of a flight plan or reservation, and the raising node's escalation or
// clearing of an alert or conflict. On a party node, a record first logged
// by a peer is held by that peer's node: only it can append these, so an
// own entry of one of these kinds about a mirrored record is refused. The
// other kinds about another party's record are statements of this node's
// party (an assessment, an acknowledgement, an agreement, a comment) and
// stay allowed.
var holderKinds = map[string]bool{
	notify.KindSiteUpdated: true, notify.KindSiteCancelled: true, notify.KindSiteWithheld: true,
	notify.KindSiteReconfirmed: true, notify.KindMovementUpdated: true, notify.KindMovementCancelled: true,
	flights.EntryPlanAmended: true, flights.EntryPlanCancelled: true, flights.EntryReservationCancelled: true,
	flights.EntryConflictCleared: true, alerts.EntryEscalated: true, alerts.EntryCleared: true,
}

// ErrHeldByPeer is the kind of refusal (wrapping fault.ErrConflict) of an
// own entry that would change a record another party's node holds.
var ErrHeldByPeer = fmt.Errorf("the record is held by another party's node: %w", fault.ErrConflict)

// refuseHeldByPeer returns a *fault.RefusalError of kind ErrHeldByPeer if
// e, an own entry about to be appended, is of a holderKinds kind and its
// subject was first logged by a peer whose entry this node applied (before
// any own entry about it). It reads through q, inside the batch.
func refuseHeldByPeer(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
	if !holderKinds[e.Kind] {
		return nil
	}
	var origin string
	var after int64
	err := q.QueryRowContext(ctx, `SELECT origin, after FROM local_mirror_applied WHERE subject = $1 ORDER BY pos LIMIT 1`, e.Subject).
		Scan(&origin, &after)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: holder of %s: %w", e.Subject, err)
	}
	var own int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM log_entries WHERE subject = $1 AND seq < $2`, e.Subject, after).Scan(&own); err != nil {
		return fmt.Errorf("store: holder of %s: %w", e.Subject, err)
	}
	if own > 0 {
		return nil // this node logged the record first: it holds it
	}
	return &fault.RefusalError{Kind: ErrHeldByPeer, Msg: fmt.Sprintf(
		"%s is held by node %s: only that party's node can change it (%s refused, nothing was written)", e.Subject, origin, e.Kind)}
}

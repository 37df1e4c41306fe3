package store

import (
	"context"

	"truce/internal/alerts"
	"truce/internal/ledger"
)

// The projection of alert.cleared, which deconfliction writes (through
// alerts.Service.Clear) when a conflict's cause no longer holds. It lives
// beside the flights projections because deconfliction is its only writer
// so far; it touches only the alerts table's status and seq.
func init() {
	register(nil, map[string]projector{
		alerts.EntryCleared: func(ctx context.Context, q ledger.Querier, e *ledger.Entry) error {
			p, err := decode[alerts.Cleared](e)
			if err != nil {
				return err
			}
			return execOne(ctx, q, `UPDATE alerts SET status = 'cleared', seq = $2 WHERE id = $1`, p.ID, e.Seq)
		},
	})
}

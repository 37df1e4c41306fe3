package agreements

import (
	"context"
	"fmt"

	"truce/internal/incidents"
	"truce/internal/ledger"
)

// CatchUp queues, for recording, every agreement that has an agreed
// version: Drain (or Run) then judges against each agreement's version in
// force every incident that could bear on its recorded rules
// (RecordAgreement), and records each breach not recorded yet. A node
// calls it once as it starts, so that an incident committed before a
// crash, whose breaches the recorder had not yet written, is judged after
// all. Recording is idempotent: a breach already in the log is never
// recorded twice, so a catch-up after a clean stop records nothing.
func (r *Recorder) CatchUp(ctx context.Context) error {
	as, err := r.svc.store.Agreements(ctx)
	if err != nil {
		return fmt.Errorf("agreements: catch up on breaches: %w", err)
	}
	var ids []string
	for i := range as {
		for _, v := range as[i].Versions {
			if v.Agreed() {
				ids = append(ids, as[i].ID)
				break
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	r.mu.Lock()
	r.agreements = append(r.agreements, ids...)
	r.mu.Unlock()
	r.poke()
	return nil
}

// ObserveMirrored queues the incidents reported among the entries a mirror
// applied from a peer's log: they are judged against the agreements as
// this node's own incidents are, and their breaches recorded on this
// node's log under the party it speaks for, released to those who may
// see both the agreement and the incident. Agreement versions agreed on a
// peer are left to the peer's own recorder. It never blocks.
func (r *Recorder) ObserveMirrored(entries []*ledger.Entry) {
	var incs []*ledger.Entry
	for _, e := range entries {
		if e.Kind == incidents.KindReported {
			incs = append(incs, e)
		}
	}
	if len(incs) > 0 {
		r.Observe(incs)
	}
}

// poke wakes Run without blocking.
func (r *Recorder) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

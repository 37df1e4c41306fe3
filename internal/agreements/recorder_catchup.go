package agreements

import (
	"context"
	"fmt"

	"truce/internal/incidents"
	"truce/internal/ledger"
)

// CatchUp queues, for recording, what the Recorder may not have judged
// before the node last stopped: with Marks, the incidents reported and the
// agreement versions agreed in the own log after its mark, and the
// mirrored incidents applied after the mirror timeline's mark; without,
// every agreement that has an agreed version (RecordAgreement judges every
// incident in its zones again). Drain (or Run) then records each breach
// not recorded yet. A node calls it once as it starts, after Observe is
// subscribed, so that an incident committed before a crash, whose
// breaches the recorder had not yet written, is judged after all.
// Recording is idempotent: a breach already in the log is never recorded
// twice. It returns how many incidents and versions it queued.
func (r *Recorder) CatchUp(ctx context.Context) (int, error) {
	r.poke() // the judge's index is built at the first Drain
	if r.marks == nil {
		return r.catchUpAll(ctx)
	}
	own, err := r.marks.Mark(ctx, TimelineOwn)
	if err != nil {
		return 0, fmt.Errorf("agreements: catch up on breaches: %w", err)
	}
	var incs, ags []queued
	var last int64 = -1
	err = r.marks.EntriesAfter(ctx, []string{incidents.KindReported, KindAgreed}, own, func(e *ledger.Entry) error {
		last = max(last, e.Seq)
		if id, ok := incidents.ParseSubject(e.Subject); ok && e.Kind == incidents.KindReported {
			incs = append(incs, queued{id, TimelineOwn, e.Seq})
		} else if kind, id, err := RecordOf(e); err == nil && kind == RecordAgreement && e.Kind == KindAgreed {
			ags = append(ags, queued{id, TimelineOwn, e.Seq})
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("agreements: catch up on breaches: %w", err)
	}
	r.enqueue(incs, ags, TimelineOwn, last)
	n := len(incs) + len(ags)
	mirrored, err := r.marks.Mark(ctx, TimelineMirror)
	if err != nil {
		return n, fmt.Errorf("agreements: catch up on mirrored breaches: %w", err)
	}
	var mincs []queued
	last = -1
	err = r.marks.MirroredAfter(ctx, mirrored, func(pos int64, subject string) error {
		last = max(last, pos)
		if id, ok := incidents.ParseSubject(subject); ok {
			mincs = append(mincs, queued{id, TimelineMirror, pos})
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("agreements: catch up on mirrored breaches: %w", err)
	}
	r.enqueue(mincs, nil, TimelineMirror, last)
	r.mu.Lock()
	r.caughtUp += n + len(mincs)
	r.mu.Unlock()
	return n + len(mincs), nil
}

// catchUpAll queues every agreement that has an agreed version.
func (r *Recorder) catchUpAll(ctx context.Context) (int, error) {
	as, err := r.svc.store.Agreements(ctx)
	if err != nil {
		return 0, fmt.Errorf("agreements: catch up on breaches: %w", err)
	}
	var ags []queued
	for i := range as {
		for _, v := range as[i].Versions {
			if v.Agreed() {
				ags = append(ags, queued{as[i].ID, "", 0})
				break
			}
		}
	}
	r.enqueue(nil, ags, "", -1)
	return len(ags), nil
}

// CaughtUp returns how many incidents and agreed versions CatchUp queued
// since the Recorder was made.
func (r *Recorder) CaughtUp() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.caughtUp
}

// ObserveMirrored queues the incidents reported among the entries a mirror
// applied from a peer's log, at their positions on the mirror timeline:
// they are judged against the agreements as this node's own incidents
// are, and their breaches recorded on this node's log under the party it
// speaks for, released to those who may see both the agreement and the
// incident. Agreement versions agreed on a peer are left to the peer's own
// recorder. It never blocks.
func (r *Recorder) ObserveMirrored(entries []*ledger.Entry, positions []int64) {
	var incs []queued
	var last int64 = -1
	for i, e := range entries {
		if r.judge != nil && changesRules(e.Kind) {
			r.rulesDirty.Store(true)
			r.poke()
		}
		if i >= len(positions) {
			break
		}
		last = max(last, positions[i])
		if id, ok := incidents.ParseSubject(e.Subject); ok && e.Kind == incidents.KindReported {
			incs = append(incs, queued{id, TimelineMirror, positions[i]})
		}
	}
	r.enqueue(incs, nil, TimelineMirror, last)
}

// poke wakes Run without blocking.
func (r *Recorder) poke() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

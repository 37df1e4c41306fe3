package agreements

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// Recorder records breaches as the log commits what they come from: each
// incident reported (RecordIncident) and each agreement version agreed
// (RecordAgreement). Observe queues, Run or Drain records; recording is
// idempotent, so what fails is queued again.
//
// With Marks, the Recorder keeps a watermark of each timeline (the own
// log, the mirrored entries): after a Drain, every incident and agreed
// version at or before the mark was judged and its breaches are in the
// log. A mark MUST NOT pass an entry whose judgement failed or is still
// queued; CatchUp judges only what comes after it.
type Recorder struct {
	svc    *Service
	marks  Marks
	judge  *TrackJudge
	logger *slog.Logger
	wake   chan struct{}
	// rulesDirty is set when an agreement or a zone changed: the judge's
	// index is rebuilt at the next Drain.
	rulesDirty atomic.Bool
	// drain serialises Drain: a mark is raised only past what one Drain
	// judged in full.
	drain sync.Mutex

	mu         sync.Mutex
	incidents  []queued
	agreements []queued
	// seen is, per timeline, the highest entry observed: every queued
	// entry at or before it is in the queues above.
	seen map[string]int64
	// caughtUp counts the incidents and versions CatchUp queued.
	caughtUp int
}

// queued is an entry to judge: the id of its incident or agreement and
// where it is on its timeline.
type queued struct {
	id       string
	timeline string
	at       int64
}

// NewRecorder returns a Recorder writing through svc; marks may be nil
// (no watermark is then kept, and CatchUp judges every agreement again),
// and judge may be nil (live tracks are then not judged).
func NewRecorder(svc *Service, marks Marks, judge *TrackJudge) *Recorder {
	r := &Recorder{svc: svc, marks: marks, judge: judge, logger: svc.logger, wake: make(chan struct{}, 1), seen: map[string]int64{}}
	r.rulesDirty.Store(true)
	return r
}

// seenFor is how long the judge remembers a track episode's hit of an
// obligation after its last report that hit it.
const seenFor = 6 * time.Hour

// changesRules reports whether an entry of kind may change the rules over
// the air (an agreement's version or a zone's area).
func changesRules(kind string) bool {
	return kind != KindBreachRecorded && (strings.HasPrefix(kind, "agreement.") || strings.HasPrefix(kind, "zone."))
}

// Observe queues the incidents reported and the agreement versions agreed
// among committed entries of the own log. It never blocks (the sequencer
// calls it).
func (r *Recorder) Observe(entries []*ledger.Entry) {
	var incs, ags []queued
	var last int64 = -1
	for _, e := range entries {
		last = max(last, e.Seq)
		if r.judge != nil && changesRules(e.Kind) {
			r.rulesDirty.Store(true)
			r.poke()
		}
		switch e.Kind {
		case incidents.KindReported:
			if id, ok := incidents.ParseSubject(e.Subject); ok {
				incs = append(incs, queued{id, TimelineOwn, e.Seq})
			}
		case KindAgreed:
			if kind, id, err := RecordOf(e); err == nil && kind == RecordAgreement {
				ags = append(ags, queued{id, TimelineOwn, e.Seq})
			}
		}
	}
	r.enqueue(incs, ags, TimelineOwn, last)
}

// enqueue adds incs and ags to the queues, raises what was seen of
// timeline to last, and wakes Run if anything was queued.
func (r *Recorder) enqueue(incs, ags []queued, timeline string, last int64) {
	r.mu.Lock()
	r.incidents = append(r.incidents, incs...)
	r.agreements = append(r.agreements, ags...)
	if last > r.seen[timeline] {
		r.seen[timeline] = last
	}
	r.mu.Unlock()
	if len(incs)+len(ags) > 0 {
		r.poke()
	}
}

// judgeWake is the judge's wake-up, nil (never ready) without a judge.
func (r *Recorder) judgeWake() <-chan struct{} {
	if r.judge == nil {
		return nil
	}
	return r.judge.wake
}

// Run records what is queued as it comes, until ctx ends.
func (r *Recorder) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
			r.Drain(ctx)
		case <-r.judgeWake():
			r.Drain(ctx)
		}
	}
}

// Drain records every breach of what is queued now and returns how many
// it recorded; what fails (e.g. the log is closing) is queued again. With
// Marks, it then raises each timeline's mark to what was seen of it, or
// to just before the first entry that failed.
func (r *Recorder) Drain(ctx context.Context) int {
	r.drain.Lock()
	defer r.drain.Unlock()
	r.mu.Lock()
	incs, ags := r.incidents, r.agreements
	r.incidents, r.agreements = nil, nil
	upTo := make(map[string]int64, len(r.seen))
	for tl, at := range r.seen {
		upTo[tl] = at
	}
	r.mu.Unlock()
	n := 0
	var failedIncs, failedAgs []queued
	for _, q := range incs {
		k, err := retry(func() (int, error) { return r.svc.RecordIncident(ctx, q.id) })
		switch {
		case errors.Is(err, fault.ErrNotFound):
		case err != nil:
			failedIncs = append(failedIncs, q)
			r.logger.ErrorContext(ctx, "agreements: breaches of an incident not recorded; will retry", "incident", q.id, "err", err)
		}
		n += k
	}
	for _, q := range ags {
		k, err := retry(func() (int, error) { return r.svc.RecordAgreement(ctx, q.id) })
		if err != nil && !errors.Is(err, fault.ErrNotFound) {
			failedAgs = append(failedAgs, q)
			r.logger.ErrorContext(ctx, "agreements: breaches of an agreement not recorded; will retry", "agreement", q.id, "err", err)
		}
		n += k
	}
	if len(failedIncs)+len(failedAgs) > 0 {
		if ctx.Err() == nil {
			r.mu.Lock()
			r.incidents = append(failedIncs, r.incidents...)
			r.agreements = append(failedAgs, r.agreements...)
			r.mu.Unlock()
		}
		for _, q := range append(failedIncs, failedAgs...) {
			if q.at-1 < upTo[q.timeline] {
				upTo[q.timeline] = q.at - 1
			}
		}
	}
	r.setMarks(ctx, upTo)
	return n + r.drainTracks(ctx)
}

// drainTracks rebuilds the judge's index if the rules changed, then
// records the track hits it queued; what fails is queued again.
func (r *Recorder) drainTracks(ctx context.Context) int {
	if r.judge == nil {
		return 0
	}
	if r.rulesDirty.Swap(false) {
		rs, names, err := r.svc.trackRules(ctx)
		if err != nil {
			r.rulesDirty.Store(true)
			r.logger.ErrorContext(ctx, "agreements: the rules over the air not indexed; will retry", "err", err)
		} else {
			r.judge.setRules(rs, names)
		}
	}
	n := 0
	var failed []TrackHit
	for _, h := range r.judge.take(r.svc.now().Add(-seenFor)) {
		k, err := retry(func() (int, error) { return r.svc.RecordTrack(ctx, h) })
		switch {
		case errors.Is(err, fault.ErrNotFound):
		case err != nil:
			failed = append(failed, h)
			r.logger.ErrorContext(ctx, "agreements: breach of a track not recorded; will retry", "track", h.Report.ID, "err", err)
		}
		n += k
	}
	if len(failed) > 0 && ctx.Err() == nil {
		r.judge.requeue(failed)
	}
	return n
}

// setMarks raises each timeline's mark to upTo's (marks only grow).
func (r *Recorder) setMarks(ctx context.Context, upTo map[string]int64) {
	if r.marks == nil {
		return
	}
	for tl, at := range upTo {
		if at < 0 {
			continue
		}
		if err := r.marks.SetMark(ctx, tl, at); err != nil && ctx.Err() == nil {
			// A mark left behind only makes the next catch-up judge more.
			r.logger.WarnContext(ctx, "agreements: breach mark not raised", "timeline", tl, "at", at, "err", err)
		}
	}
}

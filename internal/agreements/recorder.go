package agreements

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/ledger"
)

// Recorder records breaches as the log commits what they come from: each
// incident reported (RecordIncident) and each agreement version agreed
// (RecordAgreement). Observe queues, Run or Drain records; recording is
// idempotent, so what fails is queued again.
type Recorder struct {
	svc    *Service
	logger *slog.Logger
	wake   chan struct{}

	mu         sync.Mutex
	incidents  []string
	agreements []string
}

// NewRecorder returns a Recorder writing through svc.
func NewRecorder(svc *Service) *Recorder {
	return &Recorder{svc: svc, logger: svc.logger, wake: make(chan struct{}, 1)}
}

// Observe queues the incidents reported and the agreement versions agreed
// among committed entries. It never blocks (the sequencer calls it).
func (r *Recorder) Observe(entries []*ledger.Entry) {
	var incs, ags []string
	for _, e := range entries {
		switch e.Kind {
		case incidents.KindReported:
			if id, ok := incidents.ParseSubject(e.Subject); ok {
				incs = append(incs, id)
			}
		case KindAgreed:
			if kind, id, err := RecordOf(e); err == nil && kind == RecordAgreement {
				ags = append(ags, id)
			}
		}
	}
	if len(incs)+len(ags) == 0 {
		return
	}
	r.mu.Lock()
	r.incidents = append(r.incidents, incs...)
	r.agreements = append(r.agreements, ags...)
	r.mu.Unlock()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run records what is queued as it comes, until ctx ends.
func (r *Recorder) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.wake:
			r.Drain(ctx)
		}
	}
}

// Drain records every breach of what is queued now and returns how many
// it recorded; what fails (e.g. the log is closing) is queued again.
func (r *Recorder) Drain(ctx context.Context) int {
	r.mu.Lock()
	incs, ags := r.incidents, r.agreements
	r.incidents, r.agreements = nil, nil
	r.mu.Unlock()
	n := 0
	var failedIncs, failedAgs []string
	for _, id := range incs {
		k, err := retry(func() (int, error) { return r.svc.RecordIncident(ctx, id) })
		switch {
		case errors.Is(err, fault.ErrNotFound):
		case err != nil:
			failedIncs = append(failedIncs, id)
			r.logger.ErrorContext(ctx, "agreements: breaches of an incident not recorded; will retry", "incident", id, "err", err)
		}
		n += k
	}
	for _, id := range ags {
		k, err := retry(func() (int, error) { return r.svc.RecordAgreement(ctx, id) })
		if err != nil && !errors.Is(err, fault.ErrNotFound) {
			failedAgs = append(failedAgs, id)
			r.logger.ErrorContext(ctx, "agreements: breaches of an agreement not recorded; will retry", "agreement", id, "err", err)
		}
		n += k
	}
	if len(failedIncs)+len(failedAgs) > 0 && ctx.Err() == nil {
		r.mu.Lock()
		r.incidents = append(failedIncs, r.incidents...)
		r.agreements = append(failedAgs, r.agreements...)
		r.mu.Unlock()
	}
	return n
}

package sitrep

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
)

// SchedulerDeps are what the daily draft needs.
type SchedulerDeps struct {
	Issuer *Issuer
	// Raise raises an alert at most once per key (alerts.Service.Raise).
	Raise func(ctx context.Context, spec alerts.Spec) (*alerts.Alert, bool, error)
	// Party is the party node's party, in whose name drafts are issued;
	// empty on a hosted node, where the first co-chair's name is used.
	Party  string
	Now    func() time.Time
	Logger *slog.Logger
}

// Scheduler issues the draft report of each period once its cut-off has
// passed, in every language, and alerts the co-chairs to sign it off.
// Each step is idempotent (one issued report per period and language, one
// alert per period, both read from the log), so a restart, or two ticks
// of one period, never issue or alert twice.
type Scheduler struct{ d SchedulerDeps }

// NewScheduler returns a Scheduler of d.
func NewScheduler(d SchedulerDeps) *Scheduler {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	return &Scheduler{d: d}
}

// Tick issues the drafts of the last period whose cut-off has passed, and
// raises the co-chairs' alert for it. It returns the period's date.
func (s *Scheduler) Tick(ctx context.Context) (string, error) {
	p := s.d.Issuer.d.Builder.Config().LastEnded(s.d.Now())
	chairs, err := s.d.Issuer.d.CoChairs(ctx)
	if err != nil {
		return p.Date, fmt.Errorf("sitrep: co-chairs: %w", err)
	}
	if len(chairs) == 0 {
		return p.Date, nil // nobody to sign it off yet
	}
	party := s.d.Party
	if party == "" {
		party = chairs[0]
	}
	var first *IssuedReport
	for _, lang := range Langs {
		rep, created, err := s.d.Issuer.issue(ctx, party, "scheduler", p.Date, lang)
		if err != nil {
			return p.Date, fmt.Errorf("sitrep: draft of %s (%s): %w", p.Date, lang, err)
		}
		if created {
			s.d.Logger.InfoContext(ctx, "situation report issued", "date", p.Date, "lang", lang, "sha256", rep.SHA256)
		}
		if first == nil {
			first = rep
		}
	}
	_, _, err = s.d.Raise(ctx, alerts.Spec{Key: "sitrep_draft:" + p.Date, Kind: alerts.KindOther, Severity: alerts.SeverityMinor,
		Title:       "Situation report of " + p.Date + " ready for sign-off",
		Description: "The draft situation report of the period ending " + p.To.UTC().Format(time.RFC3339) + " was issued; each co-chair's liaison signs it off.",
		Concerned:   chairs, Links: []alerts.Link{{Type: "sitrep", ID: p.Date, Seq: first.Seq}},
		Causes: []access.Releasability{{TLP: access.TLPClear}}})
	if err != nil {
		return p.Date, fmt.Errorf("sitrep: alert for %s: %w", p.Date, err)
	}
	return p.Date, nil
}

// Run ticks every interval until ctx ends, logging failures (the next
// tick retries).
func (s *Scheduler) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.d.Logger.ErrorContext(ctx, "situation report draft failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

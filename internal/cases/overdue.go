package cases

import (
	"context"
	"errors"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
)

// OverdueSpec is the alert for party's request on case c being unanswered
// past its deadline: moderate, concerning that party and the notifier,
// raised once per case and party.
func OverdueSpec(c *Case, r *Request) alerts.Spec {
	about := &alerts.About{Case: c.ID, Incident: c.Incident.ID, Party: r.Party, Notifier: c.Concern.Notifier, Deadline: r.Deadline}
	switch c.Concern.Type {
	case "site":
		about.Site = c.Concern.ID
	case "movement":
		about.Movement = c.Concern.ID
	}
	return alerts.Spec{
		Key:      fmt.Sprintf("case_request_overdue:%s:%s", c.ID, r.Party),
		Kind:     alerts.KindCaseRequestOverdue,
		Severity: alerts.SeverityModerate,
		Title:    fmt.Sprintf("Request for information overdue: %s has not answered on case %s", r.Party, c.ID),
		Description: fmt.Sprintf("%s was asked for information on case %s (incident %s at %s %s) and had to answer by %s; it has not.",
			r.Party, c.ID, c.Incident.ID, c.Concern.Type, c.Concern.ID, r.Deadline),
		Concerned: []string{c.Concern.Notifier, r.Party},
		Links:     []alerts.Link{{Type: "case", ID: c.ID, Seq: c.FirstSeq}, {Type: "incident", ID: c.Incident.ID, Seq: c.Incident.Seq}},
		Causes:    []access.Releasability{c.Release},
		About:     about,
	}
}

// Tick raises an alert for every request of an open case unanswered past
// its deadline (each once), none for a party that has left the centre,
// and returns how many it raised. The background loop calls it.
func (s *Service) Tick(ctx context.Context) (int, error) {
	cs, err := s.deps.Store.Cases(ctx, StatusOpen)
	if err != nil {
		return 0, fmt.Errorf("cases: overdue requests: %w", err)
	}
	cen, err := s.centre(ctx)
	if err != nil {
		return 0, err
	}
	gone, now, n := cen.gone(), s.deps.Now(), 0
	for i := range cs {
		c := &cs[i]
		Mark(c, now, gone)
		for j := range c.Requests {
			if c.Requests[j].Status != RequestOverdue {
				continue
			}
			_, fresh, err := s.deps.Alerts.Raise(ctx, OverdueSpec(c, &c.Requests[j]))
			if errors.Is(err, alerts.ErrNoAudience) || errors.Is(err, alerts.ErrNoNodeParty) {
				continue
			}
			if err != nil {
				return n, fmt.Errorf("cases: overdue request on %s: %w", c.ID, err)
			}
			if fresh {
				n++
			}
		}
	}
	return n, nil
}

// Run calls Tick every interval until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
				s.deps.Logger.ErrorContext(ctx, "cases: tick failed", "err", err)
			}
		}
	}
}

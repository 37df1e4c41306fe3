package alerts

import (
	"context"
	"fmt"

	"truce/internal/accounts"
)

// AckWithdrawn is the status read for the pending acknowledgement of a
// party that has withdrawn from the centre: "unanswered (withdrawn)".
// Nothing waits for it: an alert whose only pending parties have withdrawn
// does not escalate, and no overdue-acknowledgement alert is raised for a
// withdrawn party.
const AckWithdrawn = "withdrawn"

// Withdrawn returns the parties that have left the centre (retired
// parties). A nil Withdrawn means none has.
type Withdrawn func(ctx context.Context) (map[string]bool, error)

// withdrawn returns the parties that have left the centre.
func (s *Service) withdrawn(ctx context.Context) (map[string]bool, error) {
	if s.gone == nil {
		return nil, nil
	}
	w, err := s.gone(ctx)
	if err != nil {
		return nil, fmt.Errorf("alerts: withdrawn parties: %w", err)
	}
	return w, nil
}

// markWithdrawn reads the pending acknowledgements of withdrawn parties as
// AckWithdrawn.
func markWithdrawn(a *Alert, w map[string]bool) {
	for i := range a.Acks {
		if a.Acks[i].Status == "pending" && w[a.Acks[i].Party] {
			a.Acks[i].Status = AckWithdrawn
		}
	}
}

// waitingFor returns the parties still to acknowledge a that have not
// withdrawn.
func waitingFor(a *Alert, w map[string]bool) []string {
	var out []string
	for _, k := range a.Acks {
		if k.Status == "pending" && !w[k.Party] {
			out = append(out, k.Party)
		}
	}
	return out
}

// WithdrawnFrom returns the Withdrawn of a list of the centre's parties:
// those retired.
func WithdrawnFrom(parties func(ctx context.Context) ([]accounts.Party, error)) Withdrawn {
	return func(ctx context.Context) (map[string]bool, error) {
		ps, err := parties(ctx)
		if err != nil {
			return nil, err
		}
		out := map[string]bool{}
		for _, p := range ps {
			if p.Retired != "" {
				out[p.ID] = true
			}
		}
		return out, nil
	}
}

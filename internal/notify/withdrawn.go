package notify

import (
	"context"
	"fmt"
)

// AckWithdrawn is the status read for a receipt its party had not given
// when it left the centre (its party was retired: a walk-out): "unanswered
// (withdrawn)". It is computed at read time and never stored. Nothing
// waits for it: a withdrawn receipt is never overdue, never late, never
// returned by Service.Overdue (so no overdue-acknowledgement alert is
// raised for it), and counts as neither on time nor late.
const AckWithdrawn = "withdrawn"

// withdrawn returns the parties that have left the centre (retired
// parties).
func (s *Service) withdrawn(ctx context.Context) (map[string]bool, error) {
	ps, err := s.parties.Parties(ctx)
	if err != nil {
		return nil, fmt.Errorf("notify: withdrawn parties: %w", err)
	}
	out := map[string]bool{}
	for _, p := range ps {
		if p.Retired != "" {
			out[p.ID] = true
		}
	}
	return out, nil
}

// withoutWithdrawn drops from os the acknowledgements of parties that have
// left the centre.
func withoutWithdrawn(os []OverdueAck, gone map[string]bool) []OverdueAck {
	out := os[:0]
	for _, o := range os {
		if !gone[o.Party] {
			out = append(out, o)
		}
	}
	return out
}

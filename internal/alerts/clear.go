package alerts

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/fault"
)

// StatusCleared is the status of an alert whose cause no longer holds (an
// air conflict resolved by an amended plan, say). A cleared alert no longer
// escalates; its acknowledgements stay as they were.
const StatusCleared = "cleared"

// EntryCleared is the kind of the entry that clears an alert; its subject
// is "alert:<id>".
const EntryCleared = "alert.cleared"

// Cleared is the payload of alert.cleared.
type Cleared struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Clear records that the cause of the alert raised under key no longer
// holds, with reason, and returns the alert. Clearing an alert cleared
// already changes nothing. Returns fault.ErrNotFound (wrapped) if no alert
// was raised under key. (Deconfliction clears its alerts with their
// record, through ClearChange.)
func (s *Service) Clear(ctx context.Context, key, reason string) (*Alert, error) {
	a, err := s.store.AlertByKey(ctx, nil, key)
	if err != nil {
		return nil, fmt.Errorf("alerts: clear %s: %w", key, err)
	}
	if a.Status == StatusCleared {
		return a, nil
	}
	_, err = s.log.Append(ctx, s.ClearChange(a.Ref(), reason))
	if err != nil && !errors.Is(err, fault.ErrConflict) {
		return nil, fmt.Errorf("alerts: clear %s: %w", a.ID, err)
	}
	return s.store.Alert(ctx, nil, a.ID)
}

package flights

import (
	"slices"

	"truce/internal/fault"
)

// Validate reports a status outside the plan statuses as a
// *fault.BadRequestError (400) naming the allowed values; an empty status
// (any) is valid.
func (f PlanFilter) Validate() error {
	if f.Status != "" && !slices.Contains([]string{StatusFiled, StatusActive, StatusCompleted, StatusCancelled}, f.Status) {
		return fault.BadRequestf("status must be filed, active, completed or cancelled")
	}
	return nil
}

// Validate reports a kind or a status outside their allowed values as a
// *fault.BadRequestError (400), the kind first; empty values (any) are
// valid.
func (f ConflictFilter) Validate() error {
	if f.Kind != "" && f.Kind != KindConflict && f.Kind != KindIntrusion && f.Kind != KindAdvisory {
		return fault.BadRequestf("kind must be conflict, intrusion or advisory")
	}
	if f.Status != "" && f.Status != ConflictOpen && f.Status != ConflictCleared {
		return fault.BadRequestf("status must be open or cleared")
	}
	return nil
}

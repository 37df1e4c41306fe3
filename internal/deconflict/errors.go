package deconflict

import (
	"errors"
	"fmt"
)

// Sentinel errors that callers distinguish with errors.Is.
var (
	// ErrInvalid is wrapped by every *ValidationError.
	ErrInvalid = errors.New("invalid")
	// ErrExists is returned when adding an object whose id is already held.
	ErrExists = errors.New("already exists")
	// ErrNotFound is returned when updating or removing an id that is not held.
	ErrNotFound = errors.New("not found")
)

// ValidationError describes why an input was rejected. Index is the
// offending waypoint or vertex index, or -1 when the problem is not tied to
// one. It unwraps to ErrInvalid.
type ValidationError struct {
	Kind   string // "plan", "track", "reservation", "site" or "movement"
	ID     string
	Index  int
	Field  string
	Reason string
}

// Error returns a message naming the object, the index and the field.
func (e *ValidationError) Error() string {
	if e.Index >= 0 {
		return fmt.Sprintf("deconflict: %s %q: waypoint %d: %s: %s", e.Kind, e.ID, e.Index, e.Field, e.Reason)
	}
	return fmt.Sprintf("deconflict: %s %q: %s: %s", e.Kind, e.ID, e.Field, e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

package fault

import (
	"errors"
	"fmt"
	"testing"
)

// TestKindsSurviveWrapping: each typed error is still its kind under the
// context layers callers add, and only a RefusalError gives a client
// message.
func TestKindsSurviveWrapping(t *testing.T) {
	cases := []struct {
		name    string
		err     error
		kind    error
		message string
	}{
		{"not found", fmt.Errorf("zone z1: %w", ErrNotFound), ErrNotFound, ""},
		{"store not found", fmt.Errorf("store: %w", ErrNotFound), ErrNotFound, ""},
		{"forbidden", fmt.Errorf("party retired: %w", ErrForbidden), ErrForbidden, ""},
		{"conflict with message", fmt.Errorf("op: tx: %w", Conflictf("zone %s is retired", "z1")), ErrConflict, "zone z1 is retired"},
		{"precondition refusal", &RefusalError{Kind: ErrPrecondition, Msg: "stale"}, ErrPrecondition, "stale"},
		{"precondition required", fmt.Errorf("update: %w", ErrPreconditionRequired), ErrPreconditionRequired, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !errors.Is(c.err, c.kind) {
				t.Errorf("errors.Is(%v, %v) = false", c.err, c.kind)
			}
			if got := ClientMessage(c.err); got != c.message {
				t.Errorf("ClientMessage = %q, want %q", got, c.message)
			}
		})
	}
}

// TestInvalid: the field and reason reach the client as given.
func TestInvalid(t *testing.T) {
	err := fmt.Errorf("create: %w", Invalid("waypoints[2].time", "must be after %s", "waypoints[1].time"))
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("errors.As(%v, *InvalidError) = false", err)
	}
	if inv.Field != "waypoints[2].time" || inv.Reason != "must be after waypoints[1].time" {
		t.Errorf("got %+v", inv)
	}
	if got, want := inv.Error(), "waypoints[2].time: must be after waypoints[1].time"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

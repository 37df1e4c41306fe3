package notify

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// Recurring movements (a weekly convoy) come from a template: any movement
// its notifier has notified. Repeat notifies a new movement with the
// template's route, corridor, vehicles, cargo, places, parties and
// releasability, its window moved to a new start (the same length), and
// records the template's id in Movement.Template. The new movement is
// checked, flagged and acknowledged like any other.

// RepeatInput is the body of a repetition: the new window's start and the
// flags the notifier confirms (see MovementInput).
type RepeatInput struct {
	Start        string   `json:"start"`
	ConfirmFlags []string `json:"confirm_flags,omitempty"`
}

// Repeat notifies a new movement from template id (a movement by's party
// notified, in any status) starting at in.Start. Returns fault.ErrNotFound
// if by may not see the template or it is not a movement,
// fault.ErrForbidden if by's party did not notify it, and the errors of
// NotifyMovement.
func (s *Service) Repeat(ctx context.Context, by access.Principal, id string, in RepeatInput) (*Notice, error) {
	if err := s.canNotify(ctx, by); err != nil {
		return nil, wrapErr("repeat", id, err)
	}
	tpl, err := s.load(ctx, nil, by, TypeMovement, id)
	if err != nil {
		return nil, wrapErr("repeat", id, err)
	}
	if tpl.Party != by.Party {
		return nil, fmt.Errorf("notify: repeat %s: only the notifying party %s may repeat it: %w", id, tpl.Party, fault.ErrForbidden)
	}
	start, err := ParseTime("start", in.Start)
	if err != nil {
		return nil, err
	}
	m := *tpl.Movement
	from, err1 := time.Parse(time.RFC3339, m.Window.Start)
	to, err2 := time.Parse(time.RFC3339, m.Window.End)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("notify: repeat %s: stored window %+v: %w", id, m.Window, fault.ErrConflict)
	}
	m.Window = Window{Start: start.UTC().Format(time.RFC3339), End: start.Add(to.Sub(from)).UTC().Format(time.RFC3339)}
	m.Flags, m.Template = nil, ""
	rel := tpl.Release
	n, err := s.write(ctx, by, TypeMovement, "", -1, nil, &m, &rel, in.ConfirmFlags, "", id)
	if err != nil {
		return nil, err
	}
	return n, nil
}

package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/timebound"
)

// Notification is not permission (OCHA's HNS SOPs): a notified party can
// acknowledge receipt, record that it passed the notification on to its
// command, and query the data. None of these changes the notice's status,
// and nothing here can refuse, approve or clear it.

// maxLevel bounds the command level named when a notification is passed on.
const maxLevel = 200

// PassedOn is a party's record that it passed a version on to its command.
type PassedOn struct {
	// Level is the command level it went to, in the party's own words
	// (e.g. "brigade HQ, 3rd division").
	Level string `json:"level"`
	// At is when it was passed on (RFC 3339).
	At     string `json:"at"`
	Author string `json:"author,omitempty"`
	// Seq is the log entry of the record.
	Seq int64 `json:"seq,omitempty"`
	// origin is the log of that entry where Fold computed it.
	origin string
}

// PassOnPayload is the payload of site.passed_on and movement.passed_on.
type PassOnPayload struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Party   string `json:"party"`
	Level   string `json:"level"`
	At      string `json:"at"`
}

// Acknowledge records that by's party (by must be its liaison) received
// version of notice id of type t. version must be the current version
// (else fault.ErrConflict: an update needs acknowledging again). A receipt
// after the deadline is recorded and marked late. The withdrawal of a
// notice (Cancel) is acknowledged the same way, with its own version.
// Returns fault.ErrForbidden if by's party was not notified, and
// fault.ErrConflict if the notice was withdrawn before the party's receipt
// of the withdrawal was asked, or the party already acknowledged this
// version.
func (s *Service) Acknowledge(ctx context.Context, by access.Principal, t Type, id string, version int) (*Notice, error) {
	return s.answer(ctx, by, t, id, version, "acknowledge", "acknowledged",
		func(a *Ack) error {
			if a.Status == AckAcknowledged {
				return fault.Conflictf("party %s already acknowledged version %d", by.Party, version)
			}
			return nil
		}, &Response{ID: id, Version: version, Party: by.Party})
}

// PassOn records that by's party (by must be its liaison) passed version of
// notice id on to level of its command at the time at (RFC 3339, not in the
// future). It may be recorded again (a second level, a correction); the
// last record shows. The same errors as Acknowledge apply, and
// *fault.InvalidError for a missing level or a bad time.
func (s *Service) PassOn(ctx context.Context, by access.Principal, t Type, id string, version int, level, at string) (*Notice, error) {
	level = strings.TrimSpace(level)
	if level == "" || len(level) > maxLevel {
		return nil, fault.Invalid("level", "name the command level it was passed on to (1–%d bytes)", maxLevel)
	}
	when, err := ParseTime("at", at)
	if err != nil {
		return nil, err
	}
	if err := timebound.Check("at", when, s.now(), timebound.Happened); err != nil {
		return nil, err
	}
	p := &PassOnPayload{ID: id, Version: version, Party: by.Party, Level: level, At: when.UTC().Format(time.RFC3339)}
	return s.answer(ctx, by, t, id, version, "pass on", "passed_on", nil, p)
}

// answer appends event (with payload) for by's party about version of
// notice id after the common checks; extra, if not nil, adds its own on
// the party's acknowledgement row.
func (s *Service) answer(ctx context.Context, by access.Principal, t Type, id string, version int, op, event string,
	extra func(*Ack) error, payload any) (*Notice, error) {
	// A withdrawal is received and passed on like a notification; it is
	// not queried.
	withdrawn := event == "acknowledged" || event == "passed_on"
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, wrapErr(op, id, err)
	}
	n, err := s.load(ctx, nil, by, t, id)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	check := func(ctx context.Context, q ledger.Querier) error {
		n, err := s.load(ctx, q, by, t, id)
		if err != nil {
			return err
		}
		a := n.Ack(by.Party)
		switch {
		case a == nil:
			return fmt.Errorf("party %s was not notified of %s: %w", by.Party, id, fault.ErrForbidden)
		case n.Status != StatusActive && !(withdrawn && n.withdrawal(a)):
			return fault.Conflictf("%s is %s", id, n.Status)
		case version != n.Version:
			return fault.Conflictf("version %d is not the current version %d; read it again and answer that", version, n.Version)
		}
		if extra != nil {
			return extra(a)
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: draft(by, t, event, id, n.Release, payload), Check: check})
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return s.Get(ctx, by, id)
}

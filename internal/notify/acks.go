package notify

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
	"truce/internal/txn"
)

// Acknowledge records that by's party (by must be its liaison) received and
// acknowledges version of notice id of type t. version must be the current
// version (else fault.ErrConflict: an update needs acknowledging again).
// An acknowledgement after the deadline is recorded and marked late.
// Returns fault.ErrForbidden if by's party was not notified, and
// fault.ErrConflict if the notice is cancelled or the party already gave
// this answer to this version.
func (s *Service) Acknowledge(ctx context.Context, by access.Principal, t Type, id string, version int) (*Notice, error) {
	return s.respond(ctx, by, t, id, version, AckAcknowledged, "")
}

// Refuse records that by's party refuses version of notice id, with a
// reason (required). The same errors as Acknowledge apply. A party may
// later acknowledge what it refused, or refuse what it acknowledged; each
// answer is its own log entry.
func (s *Service) Refuse(ctx context.Context, by access.Principal, t Type, id string, version int, reason string) (*Notice, error) {
	if reason == "" || len(reason) > maxText {
		return nil, fault.Invalid("reason", "a refusal needs a reason (at most %d bytes)", maxText)
	}
	return s.respond(ctx, by, t, id, version, AckRefused, reason)
}

func (s *Service) respond(ctx context.Context, by access.Principal, t Type, id string, version int, status, reason string) (*Notice, error) {
	op := "acknowledge"
	if status == AckRefused {
		op = "refuse"
	}
	if err := by.Require(access.RoleLiaison); err != nil {
		return nil, wrapErr(op, id, err)
	}
	n, err := s.load(ctx, nil, by, t, id)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	check := func(ctx context.Context, q txn.Querier) error {
		n, err := s.load(ctx, q, by, t, id)
		if err != nil {
			return err
		}
		a := n.Ack(by.Party)
		switch {
		case a == nil:
			return fmt.Errorf("party %s was not notified of %s: %w", by.Party, id, fault.ErrForbidden)
		case n.Status != StatusActive:
			return fault.Conflictf("%s is cancelled", id)
		case version != n.Version:
			return fault.Conflictf("version %d is not the current version %d; read it again and answer that", version, n.Version)
		case a.Status == status:
			return fault.Conflictf("party %s already %s version %d", by.Party, status, version)
		}
		return nil
	}
	event := "acknowledged"
	if status == AckRefused {
		event = "refused"
	}
	_, err = s.log.Append(ctx, ledger.Change{
		Draft: draft(by, t, event, id, n.Release, &Response{ID: id, Version: version, Party: by.Party, Reason: reason}),
		Check: check,
	})
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return s.Get(ctx, by, id)
}

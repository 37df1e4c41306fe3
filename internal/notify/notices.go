package notify

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// NotifySite records a new protected site and notifies its parties, each of
// whom is to acknowledge receipt within Config.SiteAck. The data is checked
// first (package quality); a flag the input does not confirm
// (ConfirmFlags) is a fault.ErrConflict that notifies nothing, and the
// confirmed flags are recorded with the version for the parties to see.
// Returns access errors for a caller who may not notify,
// *fault.InvalidError for bad input.
func (s *Service) NotifySite(ctx context.Context, by access.Principal, in SiteInput) (*Notice, error) {
	return s.write(ctx, by, TypeSite, "", -1, &in.Site, nil, in.Releasability, in.ConfirmFlags, in.ValidUntil, "")
}

// NotifyMovement records a new movement and notifies its parties, each of
// whom must acknowledge by MovementLead before the window (see Config).
func (s *Service) NotifyMovement(ctx context.Context, by access.Principal, in MovementInput) (*Notice, error) {
	return s.write(ctx, by, TypeMovement, "", -1, nil, &in.Movement, in.Releasability, in.ConfirmFlags, "", "")
}

// UpdateSite records a new version of site id (only its notifier may) and
// resets every party's acknowledgement to pending with a new deadline.
// ifMatch, if ≥ 0, must be the notice's current Seq (else
// fault.ErrPrecondition). Returns fault.ErrConflict if it is cancelled.
func (s *Service) UpdateSite(ctx context.Context, by access.Principal, id string, ifMatch int64, in SiteInput) (*Notice, error) {
	return s.write(ctx, by, TypeSite, id, ifMatch, &in.Site, nil, in.Releasability, in.ConfirmFlags, in.ValidUntil, "")
}

// UpdateMovement is UpdateSite for movements.
func (s *Service) UpdateMovement(ctx context.Context, by access.Principal, id string, ifMatch int64, in MovementInput) (*Notice, error) {
	return s.write(ctx, by, TypeMovement, id, ifMatch, nil, &in.Movement, in.Releasability, in.ConfirmFlags, "", "")
}

func (s *Service) write(ctx context.Context, by access.Principal, t Type, id string, ifMatch int64,
	site *Site, mov *Movement, rel *access.Releasability, confirm []string, until, template string) (*Notice, error) {
	op := "notify"
	if id != "" {
		op = "update"
	}
	if err := s.canNotify(ctx, by); err != nil {
		return nil, wrapErr(op, string(t), err)
	}
	known, chairs, err := s.partySets(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var parties []string
	if site != nil {
		v, err := normalizeSite(*site, by.Party, known)
		if err != nil {
			return nil, err
		}
		site, parties = &v, v.Parties
	} else {
		v, err := normalizeMovement(*mov, by.Party, known, now)
		if err != nil {
			return nil, err
		}
		mov, parties = &v, v.Parties
	}
	withheld := site != nil && site.Withheld
	var r access.Releasability
	if withheld {
		r, err = withheldRelease(rel, by.Party)
	} else {
		r, err = release(rel, by.Party, parties, chairs, known)
	}
	if err != nil {
		return nil, err
	}
	event, version := "notified", 1
	if withheld {
		event = "withheld"
	}
	if id == "" {
		prefix := "site"
		if t == TypeMovement {
			prefix = "mov"
		}
		id = access.NewID(prefix)
	} else {
		event = "updated"
	}
	if event == "updated" {
		// The payload is sealed before the precondition runs: read the
		// version now and require, inside the write, that it has not moved.
		cur, err := s.load(ctx, nil, by, t, id)
		if err != nil {
			return nil, wrapErr(op, id, err)
		}
		version = cur.Version + 1
	}
	flags, err := s.flagsOf(ctx, by, id, site, mov)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	if err := confirmed(flags, confirm); err != nil {
		return nil, err
	}
	if flags, err = s.recordable(ctx, flags, r); err != nil {
		return nil, wrapErr(op, id, err)
	}
	if site != nil {
		site.Flags = flags
		if until, err = validUntil(until, now, s.cfg.SiteValidity); err != nil {
			return nil, err
		}
	} else {
		mov.Flags = flags
		mov.Template = template
		until = mov.Window.End
	}
	dl := "" // a site deliberately not notified owes no receipt
	if !withheld {
		dl = s.deadline(now, site, mov).UTC().Format(time.RFC3339Nano)
	}
	payload := &Notified{ID: id, Version: version, Deadline: dl, ValidUntil: until, Site: site, Movement: mov}
	check := func(ctx context.Context, q ledger.Querier) error {
		if event != "updated" {
			return nil
		}
		n, err := s.load(ctx, q, by, t, id)
		if err != nil {
			return err
		}
		if n.Party != by.Party {
			return fmt.Errorf("only the notifying party %s may update it: %w", n.Party, fault.ErrForbidden)
		}
		if n.Status != StatusActive {
			return fault.Conflictf("%s %s is cancelled", t, id)
		}
		if ifMatch >= 0 && n.Seq != ifMatch {
			return fault.ErrPrecondition
		}
		if n.Version != version-1 {
			return fault.Conflictf("%s %s changed while being updated; retry", t, id)
		}
		if withheld && n.Site != nil && !n.Site.Withheld {
			return fault.Conflictf("%s %s is notified: its parties hold its coordinates; withdraw it (cancel) instead", t, id)
		}
		return nil
	}
	if _, err := s.log.Append(ctx, ledger.Change{Draft: draft(by, t, event, id, r, payload), Check: check}); err != nil {
		return nil, wrapErr(op, id, err)
	}
	return s.Get(ctx, by, id)
}

// Cancel withdraws notice id of type t (only its notifier may): the
// withdrawal is a new version that every notified party is to acknowledge
// receiving, as it acknowledged the notification, by now + Config.SiteAck
// for a site and now + Config.MinNotice for a movement; receipts of the
// earlier versions are no longer due. ifMatch, if ≥ 0,
// must be the notice's current Seq (else fault.ErrPrecondition). Returns
// fault.ErrConflict if it is already cancelled.
func (s *Service) Cancel(ctx context.Context, by access.Principal, t Type, id string, ifMatch int64, reason string) (*Notice, error) {
	if err := s.canNotify(ctx, by); err != nil {
		return nil, wrapErr("cancel", id, err)
	}
	if reason == "" || len(reason) > maxText {
		return nil, fault.Invalid("reason", "say why it is cancelled (at most %d bytes)", maxText)
	}
	var rel access.Releasability
	n, err := s.load(ctx, nil, by, t, id)
	if err != nil {
		return nil, wrapErr("cancel", id, err)
	}
	rel = n.Release
	version := n.Version + 1
	wait := s.cfg.SiteAck
	if t == TypeMovement {
		wait = s.cfg.MinNotice
	}
	dl := s.now().Add(wait).UTC().Format(time.RFC3339Nano)
	check := func(ctx context.Context, q ledger.Querier) error {
		n, err := s.load(ctx, q, by, t, id)
		if err != nil {
			return err
		}
		if n.Party != by.Party {
			return fmt.Errorf("only the notifying party %s may cancel it: %w", n.Party, fault.ErrForbidden)
		}
		if ifMatch >= 0 && n.Seq != ifMatch {
			return fault.ErrPrecondition
		}
		if n.Status != StatusActive {
			return fault.Conflictf("%s %s is already cancelled", t, id)
		}
		if n.Version != version-1 {
			return fault.Conflictf("%s %s changed while being withdrawn; retry", t, id)
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: draft(by, t, "cancelled", id, rel,
		&Cancelled{ID: id, Reason: reason, Version: version, Deadline: dl}), Check: check})
	if err != nil {
		return nil, wrapErr("cancel", id, err)
	}
	return s.Get(ctx, by, id)
}

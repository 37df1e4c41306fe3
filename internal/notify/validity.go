package notify

import (
	"context"
	"fmt"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// Every site notification has a validity period (Notice.ValidUntil): stale
// coordinates discredit the whole list, so the notifier is asked to
// reconfirm within ReconfirmLead of its end (Notice.ReconfirmDue), and one
// that is not reconfirmed lapses visibly (Notice.Lapsed). A lapsed
// notification stays in the record and may be reconfirmed; a movement is
// valid until its window ends.

// Reconfirmed is the payload of site.reconfirmed: the notifier vouches for
// version Version again, until ValidUntil.
type Reconfirmed struct {
	ID         string `json:"id"`
	Version    int    `json:"version"`
	ValidUntil string `json:"valid_until"`
}

// Reconfirm records that by's party, the notifier, vouches again for the
// current version of site id, valid until until (RFC 3339; "" for
// Config.SiteValidity from now). ifMatch, if ≥ 0, must be the notice's
// current Seq (else fault.ErrPrecondition). The parties' receipts stand:
// nothing about the site changed. Returns fault.ErrConflict if the site is
// cancelled, *fault.InvalidError for a bad until, fault.ErrNotFound for a
// movement (valid for its window) or a site by may not see.
func (s *Service) Reconfirm(ctx context.Context, by access.Principal, id string, ifMatch int64, until string) (*Notice, error) {
	if err := s.canNotify(ctx, by); err != nil {
		return nil, wrapErr("reconfirm", id, err)
	}
	vu, err := validUntil(until, s.now(), s.cfg.SiteValidity)
	if err != nil {
		return nil, err
	}
	n, err := s.load(ctx, nil, by, TypeSite, id)
	if err != nil {
		return nil, wrapErr("reconfirm", id, err)
	}
	version := n.Version
	check := func(ctx context.Context, q ledger.Querier) error {
		n, err := s.load(ctx, q, by, TypeSite, id)
		if err != nil {
			return err
		}
		switch {
		case n.Party != by.Party:
			return fmt.Errorf("only the notifying party %s may reconfirm it: %w", n.Party, fault.ErrForbidden)
		case ifMatch >= 0 && n.Seq != ifMatch:
			return fault.ErrPrecondition
		case n.Status != StatusActive:
			return fault.Conflictf("site %s is %s", id, n.Status)
		case n.Version != version:
			return fault.Conflictf("site %s changed while being reconfirmed; retry", id)
		}
		return nil
	}
	_, err = s.log.Append(ctx, ledger.Change{Draft: draft(by, TypeSite, "reconfirmed", id, n.Release,
		&Reconfirmed{ID: id, Version: version, ValidUntil: vu}), Check: check})
	if err != nil {
		return nil, wrapErr("reconfirm", id, err)
	}
	return s.Get(ctx, by, id)
}

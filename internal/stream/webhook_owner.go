package stream

import (
	"context"
	"errors"
	"fmt"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
)

// A webhook delivers to its party for as long as its owner (the user who
// registered it, Webhook.CreatedBy) still may own it: the user exists, is
// not disabled, is still of the webhook's party and holds a role that
// manages webhooks (admin or liaison). The Dispatcher checks this before
// every delivery attempt and on every wake-up; once it fails, the webhook
// is disabled (recorded in its delivery log with status "disabled") and
// its worker stops. A party that wants deliveries to go on registers the
// webhook again under a user who may own it.

// OwnerResolver returns the current principal of the user named username.
// It returns an error wrapping fault.ErrUnauthenticated or
// fault.ErrNotFound when the user no longer exists or is disabled; any
// other error is a failure to find out.
type OwnerResolver func(ctx context.Context, username string) (access.Principal, error)

// errOwnerLost stops a worker whose webhook was disabled because its owner
// lost access.
var errOwnerLost = errors.New("stream: webhook owner lost access")

// MayOwn returns nil if p may own webhook h, else an error saying why
// (wrapping fault.ErrForbidden).
func MayOwn(p access.Principal, h Webhook) error {
	switch {
	case !p.Authenticated():
		return fmt.Errorf("its owner %s is disabled or no longer exists: %w", h.CreatedBy, fault.ErrForbidden)
	case p.Party != h.Party:
		return fmt.Errorf("its owner %s is no longer of party %s: %w", h.CreatedBy, h.Party, fault.ErrForbidden)
	case p.Require(access.RoleAdmin, access.RoleLiaison) != nil:
		return fmt.Errorf("its owner %s no longer holds a role that manages webhooks (admin or liaison): %w", h.CreatedBy, fault.ErrForbidden)
	}
	return nil
}

// checkOwner returns nil while h's owner may own it. Otherwise it disables
// h, records why in its delivery log and returns errOwnerLost. Without an
// OwnerResolver every webhook is kept (tests of delivery alone).
func (d *Dispatcher) checkOwner(ctx context.Context, h Webhook) error {
	if d.deps.Owners == nil {
		return nil
	}
	p, err := d.deps.Owners(ctx, h.CreatedBy)
	if err != nil && !errors.Is(err, fault.ErrUnauthenticated) && !errors.Is(err, fault.ErrNotFound) {
		return fmt.Errorf("stream: webhook %s: check owner %s: %w", h.ID, h.CreatedBy, err)
	}
	if err != nil {
		p = access.Public
	}
	why := MayOwn(p, h)
	if why == nil {
		return nil
	}
	// The reason is in the delivery log before the webhook shows as
	// disabled: whoever sees it disabled can read why.
	rec := Delivery{WebhookID: h.ID, Seq: h.Cursor, Status: "disabled", Error: "disabled: " + why.Error(), Time: d.deps.Now().UTC().Format(time.RFC3339Nano)}
	if err := d.deps.Store.RecordDelivery(ctx, rec); err != nil {
		return fmt.Errorf("stream: webhook %s: record disabling: %w", h.ID, err)
	}
	if err := d.deps.Store.DisableWebhook(ctx, h.ID); err != nil {
		return fmt.Errorf("stream: disable webhook %s: %w", h.ID, err)
	}
	d.deps.Logger.WarnContext(ctx, "webhooks: disabled, its owner lost access", "webhook", h.ID, "party", h.Party, "owner", h.CreatedBy, "reason", why)
	return errOwnerLost
}

package app

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"truce/internal/alerts"
	"truce/internal/hotline"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/stream"
)

// AttachmentsDir is the directory, in the data directory, of hotline
// attachments (content-addressed).
const AttachmentsDir = "attachments"

// defaultDeadlineCheck is how often overdue acknowledgements are looked
// for when the configuration does not say.
const defaultDeadlineCheck = 10 * time.Second

// startNotify wires humanitarian notification, alerts, the hotline, the
// live stream and webhooks into the node: the services go into the API's
// Deps, the stream hub, the alert monitor and the webhook dispatcher
// subscribe to committed entries, and the monitor and dispatcher run in
// the background until bg ends. It checks, at once, the incidents
// committed since the oldest active notification (those a crash or a
// restart may have left unchecked; raising is idempotent).
func (a *App) startNotify(ctx, bg context.Context, now func() time.Time) error {
	hub := stream.NewHub(0)
	a.Subscribe(hub.Publish)
	n := notify.NewService(a.DB.Notify(), a.Sequencer, a.DB.Access(), notify.Config{SiteAck: a.Config.SiteAckDeadline, MovementLead: a.Config.MovementAckLead}, now, a.Log)
	al := alerts.NewService(a.DB.Alerts(), a.Sequencer, alerts.Config{}, now, a.Log)
	maxAttachment := a.Config.MaxBody
	if maxAttachment <= 0 {
		maxAttachment = 1 << 20
	}
	att, err := hotline.NewAttachmentStore(filepath.Join(a.Config.Data, AttachmentsDir), min(maxAttachment, hotline.DefaultMaxAttachment))
	if err != nil {
		return err
	}
	h := hotline.NewService(a.DB.Hotline(), a.Sequencer, a.DB.Access(), att, now, a.Log)
	mon := alerts.NewMonitor(al, n, a.DB.Access(), a.Log)
	a.Subscribe(mon.Observe)
	from, err := oldestActiveNotice(ctx, n)
	if err != nil {
		return err
	}
	if from >= 0 {
		if _, err := mon.CatchUp(ctx, func(fn func(*ledger.Entry) error) error {
			return a.DB.EntriesOfKind(ctx, incidents.KindReported, from, fn)
		}); err != nil {
			return fmt.Errorf("app: alert catch-up: %w", err)
		}
	}
	disp := &stream.Dispatcher{Store: a.DB.Webhooks(), Source: a.DB, Logger: a.Log, Now: now, Owners: a.Accounts.UserPrincipal}
	a.Subscribe(disp.Notify)
	a.API.Notify, a.API.Alerts, a.API.Hotline, a.API.Stream = n, al, h, hub
	a.API.Webhooks = &stream.Webhooks{Store: a.DB.Webhooks(), Head: func() int64 { return a.Hashes.Size() - 1 }, Now: now}
	a.API.CAPSender = a.Keys.Origin()
	tick := a.Config.DeadlineCheck
	if tick <= 0 {
		tick = defaultDeadlineCheck
	}
	a.wg.Go(func() { mon.Run(bg, tick) })
	a.wg.Go(func() { disp.Run(bg) })
	a.wg.Go(func() {
		<-bg.Done()
		hub.Close()
	})
	return nil
}

// oldestActiveNotice returns the first entry of the oldest active
// notification, or -1 if there is none: no incident committed before it
// can affect a notified site.
func oldestActiveNotice(ctx context.Context, n *notify.Service) (int64, error) {
	oldest := int64(-1)
	for _, t := range []notify.Type{notify.TypeSite, notify.TypeMovement} {
		ns, err := n.Active(ctx, t)
		if err != nil {
			return 0, err
		}
		for _, x := range ns {
			if oldest < 0 || x.FirstSeq < oldest {
				oldest = x.FirstSeq
			}
		}
	}
	return oldest, nil
}

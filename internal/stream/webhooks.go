package stream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"truce/internal/access"
	"truce/internal/ledger"
)

// Webhook is a party's registered endpoint. Its secret is kept apart and
// shown once, when it is created.
type Webhook struct {
	ID        string   `json:"id"`
	Party     string   `json:"party"`
	URL       string   `json:"url"`
	Kinds     []string `json:"kinds,omitempty"` // kind prefixes; empty for all
	Created   string   `json:"created"`
	CreatedBy string   `json:"created_by"`
	Disabled  bool     `json:"disabled"`
	// Cursor is the sequence number of the last entry dealt with
	// (delivered, or given up on after every retry).
	Cursor int64 `json:"cursor"`
}

// Delivery is one attempt to deliver an entry to a webhook.
type Delivery struct {
	ID        int64  `json:"id"`
	WebhookID string `json:"webhook_id"`
	Seq       int64  `json:"seq"`
	Kind      string `json:"kind"`
	Attempt   int    `json:"attempt"`
	// Status is delivered, retrying (a later attempt follows), failed
	// (the last attempt failed; the entry is skipped) or disabled (the
	// webhook was disabled because its owner lost access; Error says why).
	Status     string `json:"status"`
	StatusCode int    `json:"status_code,omitempty"`
	Error      string `json:"error,omitempty"`
	Time       string `json:"time"`
	DurationMS int64  `json:"duration_ms"`
}

// WebhookStore keeps webhooks and their delivery log (node-local state,
// not part of the shared log: it holds the secrets).
type WebhookStore interface {
	// Webhooks returns the webhooks of party ("" for every party).
	Webhooks(ctx context.Context, party string) ([]Webhook, error)
	// WebhookSecret returns the secret of webhook id.
	WebhookSecret(ctx context.Context, id string) (string, error)
	// SetCursor records that webhook id has dealt with entries up to seq.
	SetCursor(ctx context.Context, id string, seq int64) error
	// RecordDelivery appends to the delivery log.
	RecordDelivery(ctx context.Context, d Delivery) error
	// DisableWebhook stops deliveries to webhook id.
	DisableWebhook(ctx context.Context, id string) error
}

// Backoff is the retry schedule: attempt n (from 1) waits Base·2^(n−1),
// at most Max, before attempt n+1; after Attempts attempts it gives up.
type Backoff struct {
	Base     time.Duration
	Max      time.Duration
	Attempts int
}

// DefaultBackoff retries 8 times, from 1 s doubling to at most 5 min.
var DefaultBackoff = Backoff{Base: time.Second, Max: 5 * time.Minute, Attempts: 8}

// Delay returns the wait after failed attempt n (n ≥ 1).
func (b Backoff) Delay(n int) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	return min(d, b.Max)
}

// DispatcherDeps are what a Dispatcher is built from. Store and Source are
// required; the others default as NewDispatcher says.
type DispatcherDeps struct {
	Store  WebhookStore
	Source Replayer
	// Client posts the deliveries (default: a client with a 10 s timeout).
	Client *http.Client
	// Backoff spaces the retries (default DefaultBackoff).
	Backoff Backoff
	Now     func() time.Time
	Logger  *slog.Logger
	// Rescan is how often the list of webhooks is re-read (default 2 s).
	Rescan time.Duration
	// Owners, if set, re-resolves a webhook's owner before every delivery
	// attempt and on every wake-up: a webhook whose owner lost access is
	// disabled and stops (webhook_owner.go).
	Owners OwnerResolver
	// Records, if set, gives the record an entry is about as the webhook's
	// party p may see it, or nil for none (issue #19): a delivery then
	// carries it beside the entry, as the body's "record" member (see
	// withRecord). It is called once per delivered entry, for an entry p
	// may see, and MUST decide what p may see of the record by the same
	// releasability as a read of it by p.
	Records func(ctx context.Context, p access.Principal, id int64, e *ledger.Entry) *View
	// Delivered, if set, is called after every delivery attempt with its
	// outcome: "delivered", "retrying" or "failed" (the node's metrics).
	// It must not block.
	Delivered func(outcome string)
}

// Dispatcher delivers entries to webhooks: one worker per enabled webhook
// reads the store from the webhook's cursor, POSTs every entry the
// webhook's party may see (and whose kind it asked for) as JSON, signed
// (see SignatureHeader), in log order, retrying with exponential backoff,
// and logs every attempt. Writers only ever signal it (Notify).
type Dispatcher struct {
	deps DispatcherDeps // fixed by NewDispatcher; never change

	mu      sync.Mutex
	workers map[string]*worker
}

// NewDispatcher returns a dispatcher over d, with its defaults applied
// (Now time.Now, Logger slog.Default); its dependencies never change.
// Run starts it.
func NewDispatcher(d DispatcherDeps) *Dispatcher {
	if d.Rescan <= 0 {
		d.Rescan = 2 * time.Second
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Client == nil {
		d.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if d.Backoff.Attempts <= 0 {
		d.Backoff = DefaultBackoff
	}
	return &Dispatcher{deps: d}
}

type worker struct {
	wake   chan struct{}
	cancel context.CancelFunc
}

// Notify wakes every worker; register it with app.Subscribe. It never
// blocks.
func (d *Dispatcher) Notify([]*ledger.Entry) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, w := range d.workers {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
}

// Run starts and stops workers as webhooks come and go, until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	t := time.NewTicker(d.deps.Rescan)
	defer t.Stop()
	for {
		d.sync(ctx, &wg)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (d *Dispatcher) sync(ctx context.Context, wg *sync.WaitGroup) {
	hooks, err := d.deps.Store.Webhooks(ctx, "")
	if err != nil {
		if ctx.Err() == nil {
			d.deps.Logger.Error("webhooks: list", "err", err)
		}
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.workers == nil {
		d.workers = map[string]*worker{}
	}
	live := map[string]bool{}
	for _, h := range hooks {
		if h.Disabled {
			continue
		}
		live[h.ID] = true
		if _, ok := d.workers[h.ID]; ok {
			continue
		}
		wctx, cancel := context.WithCancel(ctx)
		w := &worker{wake: make(chan struct{}, 1), cancel: cancel}
		d.workers[h.ID] = w
		wg.Go(func() { d.work(wctx, h, w.wake) })
	}
	for id, w := range d.workers {
		if !live[id] {
			w.cancel()
			delete(d.workers, id)
		}
	}
}

func (d *Dispatcher) work(ctx context.Context, h Webhook, wake <-chan struct{}) {
	secret, err := d.deps.Store.WebhookSecret(ctx, h.ID)
	if err != nil {
		d.deps.Logger.Error("webhooks: secret", "webhook", h.ID, "err", err)
		return
	}
	p := access.Principal{UserID: "webhook:" + h.ID, Party: h.Party}
	cursor := h.Cursor
	for {
		err := d.checkOwner(ctx, h) // on a quiet webhook too
		if err == nil {
			each := func(id int64, origin string, e *ledger.Entry) error {
				if p.CanSee(e.Release) && kindWanted(e.Kind, h.Kinds) {
					if err := d.deliver(ctx, h, p, secret, id, origin, e); err != nil {
						return err
					}
				}
				cursor = id
				return d.deps.Store.SetCursor(ctx, h.ID, cursor)
			}
			if tl, ok := d.deps.Source.(Timeline); ok {
				// Mirrored entries too, signed alike; the cursor is a
				// timeline id.
				err = tl.ReplayTimeline(ctx, cursor, each)
			} else {
				err = d.deps.Source.Replay(ctx, cursor+1, func(e *ledger.Entry) error { return each(e.Seq, "", e) })
			}
		}
		if errors.Is(err, errOwnerLost) {
			return
		}
		if err != nil && ctx.Err() == nil {
			d.deps.Logger.Error("webhooks: worker", "webhook", h.ID, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(d.deps.Rescan):
		}
	}
}

// deliver POSTs e, whose timeline id is id (its sequence number, or a
// mirrored entry's position, origin then naming its origin), until it
// succeeds or the attempts run out, each attempt only while h's owner may
// own it; it returns an error only when ctx ends or the owner lost access
// (errOwnerLost). A mirrored entry's body is the stream's: the entry and
// its origin. The body carries the record e is about as p (the webhook's
// party) may see it, when Records gives one; every attempt sends the same
// body.
func (d *Dispatcher) deliver(ctx context.Context, h Webhook, p access.Principal, secret string, id int64, origin string, e *ledger.Entry) error {
	ev := NewEvent(e)
	if origin != "" {
		ev = &Event{Entry: e, Origin: origin, ID: id}
	}
	body := ev.Data()
	if d.deps.Records != nil {
		body = withRecord(body, d.deps.Records(ctx, p, id, e))
	}
	for attempt := 1; ; attempt++ {
		if err := d.checkOwner(ctx, h); err != nil {
			return err
		}
		start := time.Now()
		code, err := d.post(ctx, h, secret, id, e, body)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rec := Delivery{WebhookID: h.ID, Seq: id, Kind: e.Kind, Attempt: attempt, StatusCode: code,
			Time: d.deps.Now().UTC().Format(time.RFC3339Nano), DurationMS: time.Since(start).Milliseconds()}
		switch {
		case err == nil:
			rec.Status = "delivered"
		case attempt >= d.deps.Backoff.Attempts:
			rec.Status, rec.Error = "failed", err.Error()
		default:
			rec.Status, rec.Error = "retrying", err.Error()
		}
		if d.deps.Delivered != nil {
			d.deps.Delivered(rec.Status)
		}
		if err := d.deps.Store.RecordDelivery(ctx, rec); err != nil {
			return err
		}
		if rec.Status != "retrying" {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d.deps.Backoff.Delay(attempt)):
		}
	}
}

func (d *Dispatcher) post(ctx context.Context, h Webhook, secret string, id int64, e *ledger.Entry, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "truce-webhooks/1")
	now := d.deps.Now()
	req.Header.Set(SignatureHeader, Sign(secret, now, body))
	msgID := fmt.Sprintf("%s_%d", h.ID, id) // the same on every retry of this entry to this webhook
	req.Header.Set(StandardIDHeader, msgID)
	req.Header.Set(StandardTimestampHeader, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(StandardSignatureHeader, SignStandard(secret, msgID, now, body))
	req.Header.Set(EventIDHeader, fmt.Sprint(id))
	req.Header.Set(EventKindHeader, e.Kind)
	req.Header.Set(WebhookHeader, h.ID)
	resp, err := d.deps.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("endpoint answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}

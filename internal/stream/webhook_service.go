package stream

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/fault"
	"truce/internal/listing"
)

// WebhookAdminStore is what registering webhooks needs besides
// WebhookStore.
type WebhookAdminStore interface {
	WebhookStore
	// CreateWebhook stores a new webhook with its secret.
	CreateWebhook(ctx context.Context, h Webhook, secret string) error
	// Webhook returns webhook id; fault.ErrNotFound (wrapped) if none.
	Webhook(ctx context.Context, id string) (*Webhook, error)
	// Deliveries returns up to limit deliveries of webhook id with an id
	// below before (0: the newest), newest first.
	Deliveries(ctx context.Context, id string, before int64, limit int) ([]Delivery, error)
}

// WebhooksDeps are what a Webhooks service is built from. Store and Head
// are required; Now defaults to time.Now.
type WebhooksDeps struct {
	Store WebhookAdminStore
	// Head returns the sequence number of the last committed entry: a new
	// webhook starts after it.
	Head func() int64
	Now  func() time.Time
	// AllowHTTP permits plain http:// URLs to any host; otherwise http://
	// is accepted only for loopback hosts and https:// is required.
	AllowHTTP bool
}

// Webhooks registers parties' webhooks. Only an admin or a liaison of a
// party manages its webhooks, and a webhook receives only what its party
// may see.
type Webhooks struct {
	deps WebhooksDeps // fixed by NewWebhooks; never change
}

// NewWebhooks returns the webhook registry over d; its dependencies never
// change.
func NewWebhooks(d WebhooksDeps) *Webhooks {
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Webhooks{deps: d}
}

// NewWebhook is the body of a webhook registration.
type NewWebhook struct {
	URL   string   `json:"url"`
	Kinds []string `json:"kinds,omitempty"`
}

// Created is a new webhook with its secret, shown only once.
type Created struct {
	Webhook
	Secret string `json:"secret"`
}

func (s *Webhooks) authorise(by access.Principal) error {
	return by.Require(access.RoleAdmin, access.RoleLiaison)
}

// Create registers a webhook for by's party. Returns *fault.InvalidError
// for a bad URL or kind filter.
func (s *Webhooks) Create(ctx context.Context, by access.Principal, in NewWebhook) (*Created, error) {
	if err := s.authorise(by); err != nil {
		return nil, err
	}
	u, err := url.Parse(in.URL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && (s.deps.AllowHTTP || loopback(u.Hostname())))) ||
		u.User != nil || len(in.URL) > 2000 {
		return nil, fault.Invalid("url", "an absolute https URL (http only to a loopback host) without credentials, at most 2000 bytes")
	}
	if len(in.Kinds) > 32 {
		return nil, fault.Invalid("kinds", "at most 32 kind prefixes")
	}
	for i, k := range in.Kinds {
		if k == "" || len(k) > 100 || strings.ContainsAny(k, " \t\r\n") {
			return nil, fault.Invalid(fmt.Sprintf("kinds[%d]", i), "a kind prefix such as \"alert.\"")
		}
	}
	now := s.deps.Now
	h := Webhook{ID: access.NewID("whk"), Party: by.Party, URL: in.URL, Kinds: in.Kinds,
		Created: now().UTC().Format(time.RFC3339Nano), CreatedBy: by.Username, Cursor: s.deps.Head()}
	secret := newWebhookSecret()
	if err := s.deps.Store.CreateWebhook(ctx, h, secret); err != nil {
		return nil, fmt.Errorf("stream: create webhook: %w", err)
	}
	return &Created{Webhook: h, Secret: secret}, nil
}

// WebhookListing is the API's listing of a party's webhooks (package
// listing), in id order.
var WebhookListing = listing.Listing{Tag: "w1.", Default: 1000, Max: 1000}

// ListPage returns a page of WebhookListing: the webhooks of by's party,
// up to limit of them, starting after the position after (nil for the
// first page), with the guarantee of package listing. Only a party's admin
// or liaison may list them (fault.ErrForbidden otherwise).
func (s *Webhooks) ListPage(ctx context.Context, by access.Principal, limit int, after *listing.Cursor) (*listing.Page[Webhook], error) {
	if err := s.authorise(by); err != nil {
		return nil, err
	}
	load := func(ctx context.Context) ([]Webhook, error) { return s.deps.Store.Webhooks(ctx, by.Party) }
	p, err := listing.Fill(ctx, WebhookListing, limit, after, listing.ByID(load, func(h *Webhook) string { return h.ID }),
		func(h *Webhook) listing.Cursor { return listing.Cursor{ID: h.ID} },
		func(h *Webhook) (Webhook, bool) { return *h, h.Party == by.Party })
	if err != nil {
		return nil, fmt.Errorf("stream: list webhooks: %w", err)
	}
	return p, nil
}

// get returns webhook id if it belongs to by's party, else
// fault.ErrNotFound.
func (s *Webhooks) get(ctx context.Context, by access.Principal, id string) (*Webhook, error) {
	if err := s.authorise(by); err != nil {
		return nil, err
	}
	h, err := s.deps.Store.Webhook(ctx, id)
	if err != nil {
		return nil, err
	}
	if h.Party != by.Party {
		return nil, fmt.Errorf("webhook %s: %w", id, fault.ErrNotFound)
	}
	return h, nil
}

// Delete disables webhook id of by's party; its delivery log is kept.
func (s *Webhooks) Delete(ctx context.Context, by access.Principal, id string) error {
	if _, err := s.get(ctx, by, id); err != nil {
		return err
	}
	return s.deps.Store.DisableWebhook(ctx, id)
}

// DeliveryListing is the listing of a webhook's delivery log (package
// listing): newest first, by id.
var DeliveryListing = listing.Listing{Tag: "wd1.", Default: 100, Max: 1000}

// DeliveriesPage returns a page of DeliveryListing: the delivery log of
// webhook id of by's party, up to limit records after the position after
// (nil for the first page), with the guarantee of package listing.
// fault.ErrNotFound (wrapped) if by's party has no such webhook.
func (s *Webhooks) DeliveriesPage(ctx context.Context, by access.Principal, id string, limit int, after *listing.Cursor) (*listing.Page[Delivery], error) {
	if _, err := s.get(ctx, by, id); err != nil {
		return nil, err
	}
	p, err := listing.Fill(ctx, DeliveryListing, limit, after,
		func(ctx context.Context, cur *listing.Cursor, n int) ([]Delivery, error) {
			var before int64
			if cur != nil {
				before = cur.Seq
			}
			return s.deps.Store.Deliveries(ctx, id, before, n)
		},
		func(d *Delivery) listing.Cursor { return listing.Cursor{Seq: d.ID, ID: strconv.FormatInt(d.ID, 10)} },
		func(d *Delivery) (Delivery, bool) { return *d, true })
	if err != nil {
		return nil, fmt.Errorf("stream: deliveries of webhook %s: %w", id, err)
	}
	return p, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

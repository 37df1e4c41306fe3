package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"truce/internal/fault"
	"truce/internal/stream"
)

// Webhooks returns the stream.WebhookAdminStore over d (node-local tables).
func (d *DB) Webhooks() stream.WebhookAdminStore { return webhookStore{d} }

type webhookStore struct{ d *DB }

const webhookCols = `id, party, url, kinds, created, created_by, disabled, cursor`

func scanWebhook(sc interface{ Scan(...any) error }) (*stream.Webhook, error) {
	var h stream.Webhook
	var kinds string
	if err := sc.Scan(&h.ID, &h.Party, &h.URL, &kinds, &h.Created, &h.CreatedBy, &h.Disabled, &h.Cursor); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(kinds), &h.Kinds); err != nil {
		return nil, fmt.Errorf("webhook %s kinds: %w", h.ID, err)
	}
	return &h, nil
}

func (s webhookStore) CreateWebhook(ctx context.Context, h stream.Webhook, secret string) error {
	kinds, _ := json.Marshal(h.Kinds)
	if h.Kinds == nil {
		kinds = []byte("[]")
	}
	_, err := s.d.SQL.ExecContext(ctx, `INSERT INTO local_webhooks (`+webhookCols+`, secret) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		h.ID, h.Party, h.URL, string(kinds), h.Created, h.CreatedBy, h.Disabled, h.Cursor, secret)
	return err
}

func (s webhookStore) Webhooks(ctx context.Context, party string) ([]stream.Webhook, error) {
	if party == "" {
		return queryAll(ctx, s.d.SQL, scanWebhook, `SELECT `+webhookCols+` FROM local_webhooks ORDER BY id`)
	}
	return queryAll(ctx, s.d.SQL, scanWebhook, `SELECT `+webhookCols+` FROM local_webhooks WHERE party = $1 ORDER BY id`, party)
}

func (s webhookStore) Webhook(ctx context.Context, id string) (*stream.Webhook, error) {
	h, err := scanWebhook(s.d.SQL.QueryRowContext(ctx, `SELECT `+webhookCols+` FROM local_webhooks WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("webhook %s: %w", id, fault.ErrNotFound)
	}
	return h, err
}

func (s webhookStore) WebhookSecret(ctx context.Context, id string) (string, error) {
	var secret string
	err := s.d.SQL.QueryRowContext(ctx, `SELECT secret FROM local_webhooks WHERE id = $1`, id).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("webhook %s: %w", id, fault.ErrNotFound)
	}
	return secret, err
}

func (s webhookStore) SetCursor(ctx context.Context, id string, seq int64) error {
	_, err := s.d.SQL.ExecContext(ctx, `UPDATE local_webhooks SET cursor = $2 WHERE id = $1 AND cursor < $2`, id, seq)
	return err
}

func (s webhookStore) DisableWebhook(ctx context.Context, id string) error {
	_, err := s.d.SQL.ExecContext(ctx, `UPDATE local_webhooks SET disabled = 1 WHERE id = $1`, id)
	return err
}

func (s webhookStore) RecordDelivery(ctx context.Context, d stream.Delivery) error {
	_, err := s.d.SQL.ExecContext(ctx, `INSERT INTO local_webhook_deliveries (webhook_id, seq, kind, attempt, status, status_code, error, time, duration_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.WebhookID, d.Seq, d.Kind, d.Attempt, d.Status, d.StatusCode, d.Error, d.Time, d.DurationMS)
	return err
}

func (s webhookStore) Deliveries(ctx context.Context, id string, before int64, limit int) ([]stream.Delivery, error) {
	if before <= 0 {
		before = 1 << 62
	}
	return queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*stream.Delivery, error) {
		var d stream.Delivery
		err := sc.Scan(&d.ID, &d.WebhookID, &d.Seq, &d.Kind, &d.Attempt, &d.Status, &d.StatusCode, &d.Error, &d.Time, &d.DurationMS)
		return &d, err
	}, `SELECT id, webhook_id, seq, kind, attempt, status, status_code, error, time, duration_ms FROM local_webhook_deliveries
		WHERE webhook_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, id, before, limit)
}

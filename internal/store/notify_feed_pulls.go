package store

import (
	"context"
	"fmt"
	"time"

	"truce/internal/notify"
)

// RecordFeedPull implements notify.Store: p replaces its party's last pull
// in the node-local table (no log entry).
func (s notifyStore) RecordFeedPull(ctx context.Context, p notify.FeedPull) error {
	_, err := s.d.SQL.ExecContext(ctx, `INSERT INTO local_notify_feed_pulls (party, pulled, version) VALUES ($1, $2, $3)
		ON CONFLICT (party) DO UPDATE SET pulled = excluded.pulled, version = excluded.version`,
		p.Party, p.At.UTC().Format(time.RFC3339Nano), p.Version)
	if err != nil {
		return fmt.Errorf("store: record feed pull of %s: %w", p.Party, err)
	}
	return nil
}

// FeedPulls implements notify.Store: every party's last pull, by party.
func (s notifyStore) FeedPulls(ctx context.Context) (map[string]notify.FeedPull, error) {
	rows, err := s.d.SQL.QueryContext(ctx, `SELECT party, pulled, version FROM local_notify_feed_pulls`)
	if err != nil {
		return nil, fmt.Errorf("store: feed pulls: %w", err)
	}
	defer rows.Close()
	out := map[string]notify.FeedPull{}
	for rows.Next() {
		var p notify.FeedPull
		var at string
		if err := rows.Scan(&p.Party, &at, &p.Version); err != nil {
			return nil, fmt.Errorf("store: feed pulls: %w", err)
		}
		if p.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("store: feed pull of %s: time %q: %w", p.Party, at, err)
		}
		out[p.Party] = p
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: feed pulls: %w", err)
	}
	return out, nil
}

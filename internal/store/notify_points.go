package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"truce/internal/access"
	"truce/internal/geo"
	"truce/internal/notify"
	"truce/internal/notify/quality"
)

// SitesVersion implements notify.SitePoints: the last entry that changed
// any notice (0 for none), read through the notify_notices_seq index.
func (s notifyStore) SitesVersion(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	if err := s.d.SQL.QueryRowContext(ctx, `SELECT max(seq) FROM notify_notices`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: notices version: %w", err)
	}
	return v.Int64, nil
}

// ActiveSitePoints implements notify.SitePoints: the id, point and
// releasability of every active site, in id order.
func (s notifyStore) ActiveSitePoints(ctx context.Context) ([]quality.Site, error) {
	rows, err := s.d.SQL.QueryContext(ctx, `SELECT id, doc, release_json FROM notify_notices WHERE type = $1 AND status = 'active' ORDER BY id`, string(notify.TypeSite))
	if err != nil {
		return nil, fmt.Errorf("store: active site points: %w", err)
	}
	defer rows.Close()
	var out []quality.Site
	for rows.Next() {
		var id, doc, rel string
		if err := rows.Scan(&id, &doc, &rel); err != nil {
			return nil, fmt.Errorf("store: active site points: %w", err)
		}
		var site struct {
			Location json.RawMessage `json:"location"`
		}
		if err := json.Unmarshal([]byte(doc), &site); err != nil {
			return nil, fmt.Errorf("store: site %s: %w", id, err)
		}
		p, err := geo.DecodePoint(site.Location)
		if err != nil {
			return nil, fmt.Errorf("store: site %s location: %w", id, err)
		}
		var r access.Releasability
		if err := json.Unmarshal([]byte(rel), &r); err != nil {
			return nil, fmt.Errorf("store: site %s releasability: %w", id, err)
		}
		out = append(out, quality.Site{ID: id, Point: p, Release: r})
	}
	return out, rows.Err()
}

package store

import (
	"context"
	"fmt"
	"time"

	"truce/internal/access"
)

// PendingByParty implements alerts.Store: one grouped query over the
// open alerts and their pending acknowledgements.
func (s alertStore) PendingByParty(ctx context.Context, t time.Time) ([]access.PendingBucket, error) {
	bs, err := queryPendingBuckets(ctx, s.d, `SELECT k.party, a.tlp, a.audience, count(*), coalesce(sum(CASE WHEN a.deadline_unix < $1 THEN 1 ELSE 0 END), 0)
		FROM alerts a JOIN alert_acks k ON k.alert_id = a.id
		WHERE a.status = 'open' AND k.status = 'pending'
		GROUP BY k.party, a.tlp, a.audience`, t)
	if err != nil {
		return nil, fmt.Errorf("store: pending alerts by party: %w", err)
	}
	return bs, nil
}

// PendingAcksByParty implements notify.Store: one grouped query over the
// pending acknowledgements Overdue reads.
func (s notifyStore) PendingAcksByParty(ctx context.Context, t time.Time) ([]access.PendingBucket, error) {
	bs, err := queryPendingBuckets(ctx, s.d, `SELECT a.party, n.tlp, n.audience, count(*), coalesce(sum(CASE WHEN a.deadline_unix < $1 THEN 1 ELSE 0 END), 0)
		FROM notify_acks a JOIN notify_notices n ON n.id = a.notice_id
		WHERE a.status = 'pending' AND (n.status = 'active' OR a.withdrawal = 1)
		GROUP BY a.party, n.tlp, n.audience`, t)
	if err != nil {
		return nil, fmt.Errorf("store: pending acknowledgements by party: %w", err)
	}
	return bs, nil
}

// queryPendingBuckets runs query, which selects (party, tlp, audience,
// open, overdue) with the deadline cut-off t as $1.
func queryPendingBuckets(ctx context.Context, d *DB, query string, t time.Time) ([]access.PendingBucket, error) {
	return queryAll(ctx, d.SQL, func(sc interface{ Scan(...any) error }) (*access.PendingBucket, error) {
		var b access.PendingBucket
		var tlp, aud string
		err := sc.Scan(&b.Party, &tlp, &aud, &b.Open, &b.Overdue)
		b.Release = decodeRelease(tlp, aud)
		return &b, err
	}, query, t.Unix())
}

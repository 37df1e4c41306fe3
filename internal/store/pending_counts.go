package store

import (
	"context"
	"fmt"
	"time"

	"truce/internal/alerts"
	"truce/internal/notify"
)

// PendingByParty implements alerts.Store: one grouped query over the
// open alerts and their pending acknowledgements.
func (s alertStore) PendingByParty(ctx context.Context, t time.Time) ([]alerts.PendingBucket, error) {
	bs, err := queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*alerts.PendingBucket, error) {
		var b alerts.PendingBucket
		var tlp, aud string
		err := sc.Scan(&b.Party, &tlp, &aud, &b.Open, &b.Overdue)
		b.Release = decodeRelease(tlp, aud)
		return &b, err
	}, `SELECT k.party, a.tlp, a.audience, count(*), coalesce(sum(CASE WHEN a.deadline_unix < $1 THEN 1 ELSE 0 END), 0)
		FROM alerts a JOIN alert_acks k ON k.alert_id = a.id
		WHERE a.status = 'open' AND k.status = 'pending'
		GROUP BY k.party, a.tlp, a.audience`, t.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: pending alerts by party: %w", err)
	}
	return bs, nil
}

// PendingAcksByParty implements notify.Store: one grouped query over the
// pending acknowledgements Overdue reads.
func (s notifyStore) PendingAcksByParty(ctx context.Context, t time.Time) ([]notify.PendingAckBucket, error) {
	bs, err := queryAll(ctx, s.d.SQL, func(sc interface{ Scan(...any) error }) (*notify.PendingAckBucket, error) {
		var b notify.PendingAckBucket
		var tlp, aud string
		err := sc.Scan(&b.Party, &tlp, &aud, &b.Open, &b.Overdue)
		b.Release = decodeRelease(tlp, aud)
		return &b, err
	}, `SELECT a.party, n.tlp, n.audience, count(*), coalesce(sum(CASE WHEN a.deadline_unix < $1 THEN 1 ELSE 0 END), 0)
		FROM notify_acks a JOIN notify_notices n ON n.id = a.notice_id
		WHERE a.status = 'pending' AND (n.status = 'active' OR a.withdrawal = 1)
		GROUP BY a.party, n.tlp, n.audience`, t.Unix())
	if err != nil {
		return nil, fmt.Errorf("store: pending acknowledgements by party: %w", err)
	}
	return bs, nil
}

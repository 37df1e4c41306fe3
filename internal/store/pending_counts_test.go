package store

import (
	"context"
	"testing"
	"time"
)

// TestPendingCountsRunOnEveryEngine runs the metrics' grouped counts of
// pending alerts and acknowledgements on each engine: on an empty store
// both answer nothing. Their counts over real records are checked on a
// node scraped over HTTP (internal/app, TestMetricsFollowTheirEvents).
func TestPendingCountsRunOnEveryEngine(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		now := time.Date(2016, 9, 12, 12, 0, 0, 0, time.UTC)
		as, err := db.Alerts().PendingByParty(ctx, now)
		if err != nil || len(as) != 0 {
			t.Errorf("alerts: %v, %v", as, err)
		}
		ks, err := db.Notify().PendingAcksByParty(ctx, now)
		if err != nil || len(ks) != 0 {
			t.Errorf("acknowledgements: %v, %v", ks, err)
		}
	})
}

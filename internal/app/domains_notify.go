package app

import (
	"context"
	"fmt"
	"time"

	"truce/internal/alerts"
	"truce/internal/basemap"
	"truce/internal/gazetteer"
	"truce/internal/incidents"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/notify/quality"
	"truce/internal/store"
)

// notifyChecker returns the quality checks of notifications: land from the
// offline basemap's country outlines, names from the gazetteer.
func notifyChecker(places *gazetteer.Gazetteer) (*quality.Checker, error) {
	land, err := quality.NewLand(basemap.Countries(), basemap.Codes)
	if err != nil {
		return nil, fmt.Errorf("app: notification checks: %w", err)
	}
	return &quality.Checker{Land: land, Names: quality.NewNames(places)}, nil
}

// defaultDeadlineCheck is how often overdue acknowledgements are looked
// for when the configuration does not say.
const defaultDeadlineCheck = 10 * time.Second

// catchUpAlerts checks, with mon, the incidents committed since the
// oldest active notification of n: those a crash or a restart may have left
// unchecked (raising is idempotent). None is checked if no notification is
// active.
func catchUpAlerts(ctx context.Context, db *store.DB, n *notify.Service, mon *alerts.Monitor) error {
	from, err := oldestActiveNotice(ctx, n)
	if err != nil {
		return fmt.Errorf("app: alert catch-up: %w", err)
	}
	if from < 0 {
		return nil
	}
	if _, err := mon.CatchUp(ctx, func(fn func(*ledger.Entry) error) error {
		return db.EntriesOfKind(ctx, incidents.KindReported, from, fn)
	}); err != nil {
		return fmt.Errorf("app: alert catch-up: %w", err)
	}
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

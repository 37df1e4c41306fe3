package sitrep_test

import (
	"context"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/sitrep"
)

// TestSchedulerDraftsOncePerPeriod: after the cut-off, a tick issues the
// period's report in each language and raises one alert to the co-chairs;
// further ticks of the period, or a new scheduler (a restart), add nothing;
// before the next cut-off the period stays the same.
func TestSchedulerDraftsOncePerPeriod(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2016, 7, 16, 6, 0, 1, 0, time.UTC)
	sched := func() *sitrep.Scheduler {
		return sitrep.NewScheduler(sitrep.SchedulerDeps{Issuer: issuer(), Raise: node.Alerts.Raise, Party: "un",
			Now: func() time.Time { return now }})
	}
	date, err := sched().Tick(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if date != "2016-07-16" {
		t.Fatalf("drafted %s", date)
	}
	rs, err := issuer().List(ctx, date)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != len(sitrep.Langs) {
		t.Fatalf("%d reports issued, want one per language: %+v", len(rs), rs)
	}
	a, err := node.Alerts.ByKey(ctx, "sitrep_draft:"+date)
	if err != nil {
		t.Fatalf("no alert: %v", err)
	}
	if len(a.Concerned) != 2 {
		t.Errorf("alert concerns %v, want the co-chairs", a.Concerned)
	}
	size := node.Hashes.Size()
	now = now.Add(23 * time.Hour) // 05:00 the next day: the same period
	for range 2 {
		if d, err := sched().Tick(ctx); err != nil || d != date {
			t.Fatalf("tick: %s %v", d, err)
		}
	}
	if got := node.Hashes.Size(); got != size {
		t.Errorf("ticks of a drafted period appended %d entries", got-size)
	}
	pub, err := node.Alerts.Get(ctx, user(t, "us-liaison"), a.ID)
	if err != nil || pub.Kind != alerts.KindOther {
		t.Errorf("the co-chair reads the alert: %+v %v", pub, err)
	}
}

package alerts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/fault"
)

func TestClearStopsEscalationAndIsIdempotent(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	spec := alerts.Spec{Key: "air_conflict:c1:1", Kind: alerts.KindAirConflict, Severity: alerts.SeveritySevere, Title: "Conflict",
		Concerned: []string{"us", "ru"}, Causes: []access.Releasability{{TLP: access.TLPGreen}}}
	a, _, err := f.alerts.Raise(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	c, err := f.alerts.Clear(ctx, spec.Key, "plan amended")
	if err != nil || c.ID != a.ID || c.Status != alerts.StatusCleared {
		t.Fatalf("clear: %+v %v", c, err)
	}
	size := f.env.Hashes.Size()
	if c, err := f.alerts.Clear(ctx, spec.Key, "again"); err != nil || c.Status != alerts.StatusCleared || f.env.Hashes.Size() != size {
		t.Fatalf("clearing twice: %+v %v, %d entries added", c, err, f.env.Hashes.Size()-size)
	}
	f.env.Clock.Advance(48 * time.Hour)
	if n, err := f.alerts.Escalate(ctx); err != nil || n != 0 {
		t.Fatalf("a cleared alert escalated: %d %v", n, err)
	}
	if _, err := f.alerts.Clear(ctx, "no such key", "x"); !errors.Is(err, fault.ErrNotFound) {
		t.Fatalf("unknown key: %v", err)
	}
}

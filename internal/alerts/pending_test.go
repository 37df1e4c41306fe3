package alerts_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/testnode"
)

// TestPendingByPartyCountsOpenAndOverdue checks the per-party counts of
// the node's metrics on a real store: open alerts awaiting each party's
// acknowledgement, those past their deadline once the clock passes it,
// an acknowledged one no longer counted, and each caller counting only
// the alerts it may see (an alert is released to the parties concerned).
func TestPendingByPartyCountsOpenAndOverdue(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	us := testnode.As("us", access.RoleLiaison)
	ru := testnode.As("ru", access.RoleObserver)
	ngo := testnode.As("ngo", access.RoleObserver)
	raise := func(key string, concerned []string, rel access.Releasability) *alerts.Alert {
		a, _, err := f.alerts.Raise(ctx, alerts.Spec{Key: key, Kind: alerts.KindOther, Severity: alerts.SeverityModerate,
			Title: key, Concerned: concerned, Causes: []access.Releasability{rel}})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	green := access.Releasability{TLP: access.TLPGreen}
	both := raise("pending:both", []string{"us", "ru"}, green)
	raise("pending:ru", []string{"ru"}, green)
	raise("pending:us-only", []string{"us"}, access.Releasability{TLP: access.TLPAmber, Audience: []string{"us"}})
	if _, err := f.alerts.Acknowledge(ctx, us, both.ID, "seen"); err != nil {
		t.Fatal(err)
	}
	now := f.env.Clock.Now()
	later := now.Add(48 * time.Hour) // past every alert's deadline
	for _, c := range []struct {
		name string
		by   access.Principal
		at   time.Time
		want map[string]access.PendingCount
	}{
		{"us, now", us, now, map[string]access.PendingCount{"ru": {Open: 1}, "us": {Open: 1}}},
		{"us, after the deadlines", us, later, map[string]access.PendingCount{"ru": {Open: 1, Overdue: 1}, "us": {Open: 1, Overdue: 1}}},
		{"ru, who may not see us's alert", ru, later, map[string]access.PendingCount{"ru": {Open: 2, Overdue: 2}}},
		{"ngo, concerned by none", ngo, later, map[string]access.PendingCount{}},
		{"the public", access.Public, later, map[string]access.PendingCount{}},
	} {
		got, err := f.alerts.PendingByParty(ctx, c.by, c.at)
		if err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

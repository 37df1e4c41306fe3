package alerts_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/alerts"
	"truce/internal/notify"
	"truce/internal/testnode"
)

// TestFeedStaleAlert checks the stale-pull rule end to end on a test
// clock: nothing before a movement's window starts; once it is under way,
// one alert per party whose last pull of its feed predates the version it
// was notified of (or that never pulled), to that party and the notifier
// only, raised once per movement version and party; a receipt does not
// make a pull stale, a new version does, and pulling it clears the rule.
func TestFeedStaleAlert(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	start := f.env.Clock.Now().Add(2 * time.Hour)
	in := notify.MovementInput{Movement: notify.Movement{
		Route:    json.RawMessage(`{"type":"LineString","coordinates":[[37.1,36.2],[37.2,36.21]]}`),
		Window:   notify.Window{Start: start.Format(time.RFC3339), End: start.Add(8 * time.Hour).Format(time.RFC3339)},
		Vehicles: 4, Cargo: "food", Parties: []string{"ru", "un", "us"}}}
	ngo, ru, us := testnode.As("ngo", access.RoleReporter), testnode.As("ru", access.RoleLiaison), testnode.As("us", access.RoleLiaison)
	mov, err := f.notify.NotifyMovement(ctx, ngo, in)
	if err != nil {
		t.Fatal(err)
	}
	pull := func(by access.Principal) {
		t.Helper()
		if _, err := f.notify.Feed(ctx, by); err != nil {
			t.Fatal(err)
		}
	}
	stale := func(by access.Principal) []string {
		t.Helper()
		as, err := allAlerts(ctx, f.alerts, by, alerts.Filter{Kind: alerts.KindFeedStale})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, a := range as {
			out = append(out, fmt.Sprint(a.Concerned))
		}
		slices.Sort(out)
		return out
	}

	// tick runs the monitor and checks how many stale-feed alerts the
	// notifier, concerned by every one, sees in all (the same tick may
	// raise overdue acknowledgements too).
	tick := func(want int) {
		t.Helper()
		if _, err := f.mon.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if got := stale(ngo); len(got) != want {
			t.Fatalf("stale-feed alerts %v, want %d", got, want)
		}
	}

	f.env.Clock.Advance(time.Minute)
	pull(ru) // before version 2
	tick(0)  // not under way yet

	// A new version, which us pulls and acknowledges; ru does not pull it.
	f.env.Clock.Advance(30 * time.Minute)
	cur, err := f.notify.Get(ctx, ngo, mov.ID)
	if err != nil {
		t.Fatal(err)
	}
	in.Movement.Vehicles = 6
	if _, err := f.notify.UpdateMovement(ctx, ngo, mov.ID, cur.Seq, in); err != nil {
		t.Fatal(err)
	}
	f.env.Clock.Advance(time.Minute)
	pull(us)
	if _, err := f.notify.Acknowledge(ctx, us, notify.TypeMovement, mov.ID, 2); err != nil {
		t.Fatal(err)
	}
	tick(0)

	f.env.Clock.Advance(2 * time.Hour)
	tick(2) // ru's pull predates version 2, un never pulled; us's receipt after its pull changes nothing
	tick(2) // once per version and party
	for _, tc := range []struct {
		name string
		by   access.Principal
		want string
	}{
		{"ru", ru, "[[ngo ru]]"},
		{"ngo", ngo, "[[ngo ru] [ngo un]]"},
		{"un", testnode.As("un", access.RoleLiaison), "[[ngo un]]"},
		{"us", us, "[]"},
	} {
		if got := fmt.Sprint(stale(tc.by)); got != tc.want {
			t.Errorf("%s sees %s, want %s", tc.name, got, tc.want)
		}
	}
	pull(ru)
	f.env.Clock.Advance(time.Minute)
	tick(2) // caught up: nothing new
}

// TestFeedStaleAlertWaitsForNobodyWhoWalkedOut checks that a party that
// left the centre before a movement got under way is not alerted for its
// stale feed: nothing waits for it (issue 16), while a party still in the
// centre that never pulled is.
func TestFeedStaleAlertWaitsForNobodyWhoWalkedOut(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	start := f.env.Clock.Now().Add(time.Hour)
	in := notify.MovementInput{Movement: notify.Movement{
		Route:    json.RawMessage(`{"type":"LineString","coordinates":[[37.1,36.2],[37.2,36.21]]}`),
		Window:   notify.Window{Start: start.Format(time.RFC3339), End: start.Add(8 * time.Hour).Format(time.RFC3339)},
		Vehicles: 2, Cargo: "water_sanitation", Parties: []string{"ru", "un"}}}
	ngo := testnode.As("ngo", access.RoleReporter)
	if _, err := f.notify.NotifyMovement(ctx, ngo, in); err != nil {
		t.Fatal(err)
	}
	f.retire(t, "ru")
	f.env.Clock.Advance(2 * time.Hour)
	if _, err := f.mon.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	as, err := allAlerts(ctx, f.alerts, ngo, alerts.Filter{Kind: alerts.KindFeedStale})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range as {
		got = append(got, fmt.Sprint(a.Concerned))
	}
	if want := []string{"[ngo un]"}; !slices.Equal(got, want) {
		t.Fatalf("stale-feed alerts %v, want %v: the party that walked out is not waited for", got, want)
	}
}

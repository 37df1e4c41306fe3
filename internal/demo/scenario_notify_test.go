package demo

import (
	"context"
	"testing"
	"time"

	"truce/internal/alerts"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/notify"
)

func TestScenarioNotifiesSitesAConvoyAndRaisesASiteAlert(t *testing.T) {
	if testing.Short() {
		t.Skip("creates the whole demo (password hashing)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	if err := Init(ctx, dir); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := Seed(ctx, a, dir); err != nil {
		t.Fatal(err)
	}
	ngo, _ := principal(ctx, a, "ngo-liaison")
	sites, _ := a.Notify.List(ctx, ngo, notify.Filter{Type: notify.TypeSite})
	movs, _ := a.Notify.List(ctx, ngo, notify.Filter{Type: notify.TypeMovement})
	if len(sites) != 3 || len(movs) != 1 {
		t.Fatalf("%d sites and %d movements, want 3 and 1", len(sites), len(movs))
	}
	conv := movs[0]
	dl, _ := time.Parse(time.RFC3339Nano, conv.Ack("us").Deadline)
	if conv.Ack("us").Status != notify.AckPending || conv.Ack("ru").Status != notify.AckAcknowledged || time.Until(dl) > DemoAckWindow {
		t.Fatalf("convoy acknowledgements %+v", conv.Acks)
	}
	us, _ := principal(ctx, a, "us-liaison")
	deadline := time.Now().Add(10 * time.Second)
	for {
		as, err := a.Alerts.ListPage(ctx, us, alerts.Filter{Kind: alerts.KindSiteAffected}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(as.Items) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d notified-site-affected alerts, want 1", len(as.Items))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Once the alert monitor has caught up (above), seeding again must add
	// nothing. (Measured only now: the monitor appends alerts on its own.)
	before := a.Hashes.Size()
	if err := SeedNotifications(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.Hashes.Size() != before {
		t.Fatal("seeding twice added entries")
	}
}

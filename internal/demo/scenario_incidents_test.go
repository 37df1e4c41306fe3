package demo

import (
	"context"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/incidents"
	"truce/internal/zones"
)

func TestScenarioHasEveryStatusAndAPendingZone(t *testing.T) {
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
	before := a.Hashes.Size()
	if err := SeedIncidents(ctx, a); err != nil { // idempotent
		t.Fatal(err)
	}
	// Other domains may append entries of their own meanwhile (alerts);
	// none of ours may appear.
	for seq := before; seq < a.Hashes.Size(); seq++ {
		se, err := a.DB.Entry(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		if c := string(se.Canonical); strings.Contains(c, `"kind":"incident.`) || strings.Contains(c, `"kind":"zone.`) {
			t.Fatalf("seeding twice added entry %d: %.200s", seq, c)
		}
	}
	us, err := principal(ctx, a, "us-observer")
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Incidents.Count(ctx, us, incidents.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range incidents.Statuses {
		if c.ByStatus[s] == 0 {
			t.Errorf("no demo incident is %s: %v", s, c.ByStatus)
		}
	}
	if c.Total < 50 { // other scenarios may report incidents too
		t.Errorf("%d demo incidents, want at least 50", c.Total)
	}
	zs, err := a.Zones.List(ctx, us, "")
	if err != nil {
		t.Fatal(err)
	}
	n := map[zones.Status]int{}
	for _, z := range zs {
		n[z.Status]++
	}
	if n[zones.StatusInForce] != 3 || n[zones.StatusProposed] != 1 {
		t.Errorf("zone statuses %v, want 3 in force and 1 proposed", n)
	}
	pub, err := a.Incidents.Count(ctx, access.Public, incidents.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if pub.Total == 0 || pub.Total >= c.Total {
		t.Errorf("the public sees %d of %d demo incidents: want only the CLEAR ones", pub.Total, c.Total)
	}
}

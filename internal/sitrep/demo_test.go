package sitrep_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"truce/internal/access"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/demo"
	"truce/internal/sitrep"
)

// demoDay is the day of the demo scenario the tests report on.
const demoDay = "2016-07-10"

// node is the demo node every test of this package reads (TestMain).
var node *app.App

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

// run builds the demo node, runs the tests, and removes the node.
func run(m *testing.M) int {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "sitrep-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := demo.Init(ctx, dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer a.Close()
	if _, err := demo.Seed(ctx, a, dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	node = a
	return m.Run()
}

// builder returns a Builder of the demo node with the default cut-off in UTC.
func builder() *sitrep.Builder { return builderWith(sitrep.DefaultConfig()) }

// builderWith returns a Builder of the demo node with configuration cfg.
func builderWith(cfg sitrep.Config) *sitrep.Builder {
	return sitrep.New(sitrep.Deps{
		Sources: sitrep.Sources{Incidents: node.Incidents, Zones: node.Zones, Notify: node.Notify,
			Alerts: node.Alerts, Hotline: node.Hotline, Flights: node.Flights,
			SectionSources: sitrep.SectionSources{Monitoring: node.Monitoring, Cases: node.Cases, Agreements: node.Agreements}},
		Config: cfg,
		Origin: node.Keys.Origin(),
		Tree:   node.Hashes.Tree,
	})
}

// user returns the principal of the demo user name.
func user(t *testing.T, name string) access.Principal { return userB(t, name) }

// userB is user for tests and benchmarks.
func userB(t testing.TB, name string) access.Principal {
	t.Helper()
	ctx := context.Background()
	u, err := node.Accounts.Store().UserByName(ctx, nil, name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := node.Accounts.Principal(ctx, u, "test")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

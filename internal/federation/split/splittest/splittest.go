// Package splittest builds the hosted centre the split's tests split: the
// single-node demo (what truce demo runs), stopped, plus us incidents that
// are not released to ru. It is test support only.
package splittest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/demo"
	"truce/internal/incidents"
)

// Withheld are the narratives of the us incidents HostedDemo adds that ru
// may not see: one RED (us alone), one AMBER to un.
var Withheld = []access.Releasability{
	{TLP: access.TLPRed},
	{TLP: access.TLPAmber, Audience: []string{"un"}},
}

// HostedDemo seeds the single-node demo in a temp dir, adds a us incident
// for each of Withheld, and stops the node, which signs its whole log. It
// returns the data directory and the added incidents' ids.
func HostedDemo(t testing.TB) (dir string, withheld []string) {
	t.Helper()
	ctx := context.Background()
	dir = t.TempDir()
	if err := demo.Init(ctx, dir); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
	}()
	if _, err := demo.Seed(ctx, a, dir); err != nil {
		t.Fatal(err)
	}
	u, err := a.Accounts.Store().UserByName(ctx, nil, "us-reporter")
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.Accounts.Principal(ctx, u, "split test")
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{36.2, 37.1}})
	for i, rel := range Withheld {
		rel := rel
		inc, _, err := a.Incidents.Report(ctx, p, &incidents.NewIncident{ExternalID: "split-withheld-" + string(rune('a'+i)),
			Category: incidents.Categories[0], Time: incidents.TimeSpan{Start: time.Date(2016, 8, 2, 10, 0, 0, 0, time.UTC).Format(time.RFC3339), Precision: "hour"},
			Location: loc, LocationPrecision: "5km", PlaceName: "Aleppo", Perpetrator: incidents.Perpetrator{Kind: "unknown"},
			Narrative: "Illustrative incident of the split test, withheld from ru.", Releasability: &rel})
		if err != nil {
			t.Fatal(err)
		}
		withheld = append(withheld, inc.ID)
	}
	// Sign the whole log now, without Close's time limit (a loaded
	// machine may exceed it): a split needs a checkpoint covering it.
	a.Sequencer.Close()
	if _, err := a.Checkpointer.SignNow(ctx); err != nil {
		t.Fatal(err)
	}
	return dir, withheld
}

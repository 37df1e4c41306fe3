package sitrep_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"truce/internal/access"
	"truce/internal/incidents"
	"truce/internal/sitrep"
)

// benchDay is the day the benchmark fills with benchIncidents incidents,
// away from the days the tests report on.
const (
	benchDay       = "2016-08-15"
	benchIncidents = 1000
)

var benchSeed sync.Once

// seedBenchDay reports benchIncidents incidents in the period ending at
// benchDay's cut-off, of every category and releasability.
func seedBenchDay(b *testing.B) {
	benchSeed.Do(func() {
		ctx := context.Background()
		u, err := node.Accounts.Store().UserByName(ctx, nil, "us-reporter")
		if err != nil {
			b.Fatal(err)
		}
		p, err := node.Accounts.Principal(ctx, u, "bench")
		if err != nil {
			b.Fatal(err)
		}
		start := time.Date(2016, 8, 14, 6, 30, 0, 0, time.UTC)
		tlps := []access.TLP{access.TLPClear, access.TLPGreen, access.TLPAmber}
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(32)
		for k := range benchIncidents {
			g.Go(func() error {
				loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{36.5 + float64(k%100)/100, 33.5 + float64(k/100)/10}})
				rel := access.Releasability{TLP: tlps[k%len(tlps)]}
				if rel.TLP == access.TLPAmber {
					rel.Audience = []string{"us", "ru"}
				}
				_, _, err := node.Incidents.Report(gctx, p, &incidents.NewIncident{ExternalID: fmt.Sprintf("bench-%d", k),
					Category: incidents.Categories[k%len(incidents.Categories)],
					Time:     incidents.TimeSpan{Start: start.Add(time.Duration(k) * 80 * time.Second).Format(time.RFC3339), Precision: "exact"},
					Location: loc, LocationPrecision: "1km", PlaceName: "Bench", Perpetrator: incidents.Perpetrator{Kind: "unknown"},
					Narrative: "Benchmark incident.", Releasability: &rel})
				return err
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkSitrepDay1000 computes the report of a day with 1,000 incidents
// (about 700 visible to a us observer, 330 to the public) and renders it as
// HTML; the target is 2 s per report. The "without later sections" run is
// the baseline of the restrictions, cases and compliance sections: the
// same report with their services left out.
func BenchmarkSitrepDay1000(b *testing.B) {
	seedBenchDay(b)
	without := func() *sitrep.Builder {
		bl := builder()
		return sitrep.New(sitrep.Deps{Sources: sitrep.Sources{Incidents: node.Incidents, Zones: node.Zones, Notify: node.Notify,
			Alerts: node.Alerts, Hotline: node.Hotline, Flights: node.Flights}, Config: bl.Config(), Origin: node.Keys.Origin(), Tree: node.Hashes.Tree})
	}
	for _, c := range []struct {
		name    string
		by      func() access.Principal
		builder func() *sitrep.Builder
	}{
		{"us", func() access.Principal { return userB(b, "us-observer") }, builder},
		{"us without later sections", func() access.Principal { return userB(b, "us-observer") }, without},
		{"public", func() access.Principal { return access.Public }, builder},
		{"public without later sections", func() access.Principal { return access.Public }, without},
	} {
		b.Run(c.name, func(b *testing.B) {
			by := c.by()
			bl := c.builder()
			r, err := bl.Build(context.Background(), sitrep.Request{Date: benchDay, By: by})
			if err != nil {
				b.Fatal(err)
			}
			if f := figureB(b, r, "Incidents reported"); f < benchIncidents/4 {
				b.Fatalf("the report counts %d incidents", f)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := bl.Build(context.Background(), sitrep.Request{Date: benchDay, By: by}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

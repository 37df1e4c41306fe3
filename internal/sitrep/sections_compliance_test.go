package sitrep_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/fault"
	"truce/internal/incidents"
	"truce/internal/sitrep"
	"truce/internal/testwait"
)

// complianceDay is a day after the demo's scenario: the agreement this
// test writes takes effect at the start of its period, so no report on
// the demo's days states it.
const complianceDay = "2016-08-20"

// TestComplianceSection: the co-chairs agree to a CLEAR agreement with a
// no-weapons obligation in the demo's Aleppo ceasefire area; us reports a
// CLEAR and an AMBER (us only) shelling there attributed to ru. The
// report counts ru's hits as each reader may see the incidents (checked
// by reading each incident directly as that reader): us both, ru and the
// public the CLEAR one only; us, with none, complies.
func TestComplianceSection(t *testing.T) {
	ctx := context.Background()
	us, ru := user(t, "us-liaison"), user(t, "ru-liaison")
	zs, err := node.Zones.List(ctx, us, "")
	if err != nil {
		t.Fatal(err)
	}
	var zone string
	for _, z := range zs {
		if z.Current != nil && z.Current.Kind == "ceasefire_area" {
			zone = z.ID
		}
	}
	if zone == "" {
		t.Fatal("the demo has no agreed ceasefire area")
	}
	clear := access.Releasability{TLP: access.TLPClear}
	a, err := node.Agreements.Propose(ctx, us, "", 0, agreements.Proposal{Title: "Test cessation", Parties: []string{"us", "ru"},
		EffectiveFrom: "2016-08-19T06:00:00Z", Releasability: &clear,
		Obligations: []agreements.ObligationSpec{{Key: "no-artillery", Title: "No artillery in the area",
			Rule: agreements.RuleSpec{Kind: "no_weapons_in_zone", ZoneID: zone, From: "2016-08-19T06:00:00Z", Classes: []string{"shelling_missile"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := node.Agreements.Agree(ctx, ru, a.ID, 1); err != nil {
		t.Fatal(err)
	}
	reporter := user(t, "us-reporter")
	var made []*incidents.Incident
	for k, rel := range []access.Releasability{clear, {TLP: access.TLPAmber, Audience: []string{"us"}}} {
		rel := rel
		in, _, err := node.Incidents.Report(ctx, reporter, &incidents.NewIncident{ExternalID: "sitrep-compliance-" + strconv.Itoa(k),
			Category: incidents.CategoryShelling,
			Time:     incidents.TimeSpan{Start: "2016-08-19T1" + strconv.Itoa(k) + ":00:00Z", Precision: incidents.TimeExact},
			Location: json.RawMessage(`{"type":"Point","coordinates":[37.16,36.2]}`), LocationPrecision: "exact", PlaceName: "Aleppo",
			Perpetrator: incidents.Perpetrator{Kind: "party", Party: "ru"}, Narrative: "Shelling in the ceasefire area (test).",
			Sources:       []incidents.Source{{Name: "Test monitor", Reliability: "C", Credibility: 3}},
			Releasability: &rel})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, in)
	}
	// Breaches are recorded in the log just after each incident is
	// written (agreements.Recorder): wait until us, who may see both,
	// reads both as ru's.
	testwait.For(t, 20*time.Second, "ru's two breaches to be recorded", func() bool {
		c, err := node.Agreements.Compliance(ctx, us, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, o := range c.Obligations {
			for _, p := range o.Parties {
				if p.Party == "ru" {
					n += len(p.Evidence)
				}
			}
		}
		return n == len(made)
	})
	for _, c := range []struct {
		name string
		by   access.Principal
	}{{"us", user(t, "us-observer")}, {"ru", user(t, "ru-observer")}, {"public", access.Public}} {
		t.Run(c.name, func(t *testing.T) {
			var want []string
			for _, in := range made {
				_, err := node.Incidents.Get(ctx, c.by, in.ID)
				switch {
				case err == nil:
					want = append(want, in.ID)
				case !errors.Is(err, fault.ErrNotFound):
					t.Fatal(err)
				}
			}
			r, err := builder().Build(ctx, sitrep.Request{Date: complianceDay, Lang: "ru", By: c.by})
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, tb := range tables(section(t, r.Document, "compliance")) {
				for _, row := range tb.Rows {
					if row[0].Text != "No artillery in the area" {
						continue
					}
					found = true
					party, hits := row[1].Text, row[3]
					got := strings.Split(row[4].Text, ", ")
					slices.Sort(got)
					ids := strings.Join(got, ", ")
					wantN, wantIDs := 0, ""
					if party == "ru" {
						slices.Sort(want)
						wantN, wantIDs = len(want), strings.Join(want, ", ")
					}
					if hits.Text != strconv.Itoa(wantN) || ids != wantIDs || len(hits.Refs) < wantN {
						t.Errorf("%s: %s hits (%s) citing %d entries, want %d (%s)", party, hits.Text, ids, len(hits.Refs), wantN, wantIDs)
					}
				}
			}
			if !found {
				t.Fatal("the agreement's obligation is not in the report")
			}
		})
	}
}

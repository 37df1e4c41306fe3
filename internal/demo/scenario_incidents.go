package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"truce/internal/access"
	"truce/internal/app"
	"truce/internal/incidents"
	"truce/internal/zones"
)

// IllustrativeLabel prefixes every name and narrative of the demo
// scenario: none of it describes real events.
const IllustrativeLabel = "[Illustrative] "

type demoCity struct {
	name     string
	lon, lat float64
}

var demoCities = []demoCity{{"Aleppo", 37.16, 36.20}, {"Homs", 36.72, 34.73}, {"Palmyra", 38.27, 34.56}, {"Damascus", 36.30, 33.51}}

func box(minLon, minLat, maxLon, maxLat float64) json.RawMessage {
	b, _ := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][]float64{{
		{minLon, minLat}, {maxLon, minLat}, {maxLon, maxLat}, {minLon, maxLat}, {minLon, minLat}}}})
	return b
}

// principal returns the principal of demo user name.
func principal(ctx context.Context, a *app.App, name string) (access.Principal, error) {
	u, err := a.Accounts.Store().UserByName(ctx, nil, name)
	if err != nil {
		return access.Public, fmt.Errorf("demo: user %s: %w", name, err)
	}
	return a.Accounts.Principal(ctx, u, "demo")
}

// actor is a demo user: its principal on its party's node, and the node.
type actor struct {
	name string
	p    access.Principal
	a    *app.App
}

// party returns the actor's party.
func (u actor) party() string { return u.p.Party }

// actor returns demo user name on its party's node in c.
func (c *Centre) actor(ctx context.Context, name string) (actor, error) {
	p, a, err := c.user(ctx, name)
	return actor{name: name, p: p, a: a}, err
}

// actors returns each named demo user on its party's node in c.
func actors(ctx context.Context, c *Centre, names ...string) (map[string]actor, error) {
	out := map[string]actor{}
	for _, n := range names {
		p, a, err := c.user(ctx, n)
		if err != nil {
			return nil, err
		}
		out[n] = actor{name: n, p: p, a: a}
	}
	return out, nil
}

// SeedIncidents adds the illustrative July 2016 scenario around Aleppo,
// Homs, Palmyra and Damascus: three zones in force, one proposed and
// awaiting the other co-chair's agreement, and about fifty incidents in
// every verification status. It is idempotent: a second run adds nothing.
func SeedIncidents(ctx context.Context, a *app.App) error {
	return seedIncidentScenario(ctx, Hosted(a))
}

// seedIncidentScenario is SeedIncidents on a centre: each step on the
// node of the party whose user takes it.
func seedIncidentScenario(ctx context.Context, c *Centre) error {
	users, err := actors(ctx, c, "us-liaison", "ru-liaison", "us-analyst", "ru-analyst", "us-reporter", "ru-reporter", "un-reporter", "ngo-reporter")
	if err != nil {
		return err
	}
	us := users["us-liaison"]
	existing, err := us.a.Zones.List(ctx, us.p, "")
	if err != nil {
		return err
	}
	if len(existing) == 0 {
		if err := seedZones(ctx, c, users); err != nil {
			return err
		}
	}
	return seedIncidents(ctx, c, users)
}

func seedZones(ctx context.Context, c *Centre, u map[string]actor) error {
	from := "2016-07-01T00:00:00Z"
	agreed := []zones.Proposal{
		{Kind: zones.KindCeasefireArea, Name: IllustrativeLabel + "Aleppo city ceasefire area", NameRU: "Зона прекращения огня (Алеппо)", NameAR: "منطقة وقف إطلاق النار (حلب)",
			Geometry: box(37.05, 36.12, 37.28, 36.28), EffectiveFrom: from},
		{Kind: zones.KindHumanitarianCorridor, Name: IllustrativeLabel + "Castello Road humanitarian corridor", NameRU: "Гуманитарный коридор (дорога Кастелло)", NameAR: "ممر إنساني (طريق الكاستيلو)",
			Geometry: box(37.12, 36.24, 37.17, 36.30), EffectiveFrom: from},
		{Kind: zones.KindProtectedArea, Name: IllustrativeLabel + "Palmyra heritage protected area", NameRU: "Охраняемая зона (Пальмира)", NameAR: "منطقة محمية (تدمر)",
			Geometry: box(38.24, 34.53, 38.30, 34.58), EffectiveFrom: from},
	}
	us, ru := u["us-liaison"], u["ru-liaison"]
	for _, p := range agreed {
		z, err := us.a.Zones.Propose(ctx, us.p, "", 0, p)
		if err != nil {
			return fmt.Errorf("demo: zone %s: %w", p.Name, err)
		}
		agree := func(ctx context.Context, c *Centre) error {
			ru, err := c.actor(ctx, "ru-liaison")
			if err == nil {
				_, err = ru.a.Zones.Agree(ctx, ru.p, z.ID, 1)
			}
			if err != nil {
				return fmt.Errorf("demo: agree %s: %w", p.Name, err)
			}
			return nil
		}
		if c.across(ru.name, "agreeing to another party's zone proposal", z.ID, agree, us.party()) {
			continue
		}
		if err := agree(ctx, c); err != nil {
			return err
		}
	}
	pending := zones.Proposal{Kind: zones.KindDemilitarizedZone, Name: IllustrativeLabel + "Eastern Ghouta demilitarised zone (awaiting agreement)",
		NameRU: "Демилитаризованная зона (Восточная Гута)", NameAR: "منطقة منزوعة السلاح (الغوطة الشرقية)",
		Geometry: box(36.33, 33.48, 36.48, 33.60), EffectiveFrom: "2016-07-15T00:00:00Z"}
	if _, err := ru.a.Zones.Propose(ctx, ru.p, "", 0, pending); err != nil {
		return fmt.Errorf("demo: zone %s: %w", pending.Name, err)
	}
	return nil
}

// ReopenLeftOut names the steps a federated centre leaves out: reopening
// a report disputed across logs.
const ReopenLeftOut = "reopening a report disputed across logs (an incident's status is not yet computed from every log's assessments)"

// demoOutcome is what the scenario does with an incident after reporting it.
type demoOutcome int

const (
	leaveReported demoOutcome = iota
	leaveUnderReview
	confirm
	dispute
	reject
	reopenAfterDispute
	duplicateOfPrevious
)

func seedIncidents(ctx context.Context, c *Centre, u map[string]actor) error {
	rng := rand.New(rand.NewPCG(2016, 7))
	outcomes := []demoOutcome{confirm, leaveReported, dispute, leaveUnderReview, reject, confirm, leaveReported, confirm, dispute, reopenAfterDispute}
	reporters := []string{"un-reporter", "ngo-reporter", "us-reporter", "ru-reporter"}
	tlps := []access.TLP{access.TLPClear, access.TLPClear, access.TLPGreen, access.TLPGreen, access.TLPAmber}
	var prev *incidents.Incident
	for k := range 50 {
		city := demoCities[k%len(demoCities)]
		cat := incidents.Categories[rng.IntN(len(incidents.Categories)-1)]
		start := time.Date(2016, 7, 1+rng.IntN(31), rng.IntN(24), 0, 0, 0, time.UTC)
		lon, lat := city.lon+rng.NormFloat64()*0.04, city.lat+rng.NormFloat64()*0.04
		loc, _ := json.Marshal(map[string]any{"type": "Point", "coordinates": []float64{lon, lat}})
		reporter := reporters[k%len(reporters)]
		rel := access.Releasability{TLP: tlps[k%len(tlps)]}
		if rel.TLP == access.TLPAmber {
			rel.Audience = []string{"us", "ru", "un"}
		}
		killed := rng.IntN(4)
		n := &incidents.NewIncident{ExternalID: "demo-" + strconv.Itoa(k+1), Category: cat,
			Time:     incidents.TimeSpan{Start: start.Format(time.RFC3339), Precision: []string{"exact", "hour", "day"}[k%3]},
			Location: loc, LocationPrecision: []string{"1km", "5km", "town"}[k%3], PlaceName: city.name,
			Perpetrator: incidents.Perpetrator{Kind: "unknown"},
			Narrative: fmt.Sprintf("%s%s reported near %s on %s. This record is invented for the demo.",
				IllustrativeLabel, cat, city.name, start.Format("2 January 2006")),
			Sources: []incidents.Source{{Name: "Illustrative local monitor", Reliability: "C", Credibility: 3}},
			Casualties: []incidents.Casualty{{Outcome: "killed", Group: "civilian", Min: killed, Max: killed + rng.IntN(3), Source: "illustrative clinic"},
				{Outcome: "injured", Group: "unknown", Min: rng.IntN(6), Max: 8, Source: "illustrative clinic"}},
			Releasability: &rel}
		if k%7 == 3 {
			n.Perpetrator = incidents.Perpetrator{Kind: "group", Group: "Illustrative armed group"}
		}
		by := u[reporter]
		inc, created, err := by.a.Incidents.Report(ctx, by.p, n)
		if err != nil {
			return fmt.Errorf("demo: incident %d: %w", k+1, err)
		}
		if !created {
			prev = inc
			continue
		}
		outcome := outcomes[k%len(outcomes)]
		if k == 21 || k == 43 {
			outcome = duplicateOfPrevious
		}
		if err := playOutcome(ctx, c, u, inc, outcome, prev); err != nil {
			return fmt.Errorf("demo: incident %d: %w", k+1, err)
		}
		prev = inc
	}
	return nil
}

// playOutcome takes the steps of outcome o on inc (prev is the incident
// reported before it, nil for the first). On a federated centre a step by
// a user of another party than inc's is kept for PlayAcross, and so is
// every later step on inc, so that the steps keep their order.
func playOutcome(ctx context.Context, c *Centre, u map[string]actor, inc *incidents.Incident, o demoOutcome, prev *incidents.Incident) error {
	owner := inc.Party
	kept := false // a step on inc was kept aside: so are the later ones
	// step takes run as who now, or keeps it aside.
	step := func(who, kind string, run func(ctx context.Context, c *Centre) error, owners ...string) error {
		if kept {
			c.keep(kind, inc.ID, run)
			return nil
		}
		if c.across(who, kind, inc.ID, run, owners...) {
			kept = true
			return nil
		}
		return run(ctx, c)
	}
	// current runs change as who on inc at its current version on who's node.
	current := func(who string, change func(a actor, seq int64) error) func(ctx context.Context, c *Centre) error {
		return func(ctx context.Context, c *Centre) error {
			a, err := c.actor(ctx, who)
			if err != nil {
				return err
			}
			i, err := a.a.Incidents.Get(ctx, a.p, inc.ID)
			if err != nil {
				return err
			}
			return change(a, i.Seq)
		}
	}
	assess := func(who string, v incidents.Verdict, why string) error {
		return step(who, "assessing another party's report", current(who, func(a actor, seq int64) error {
			_, err := a.a.Incidents.Assess(ctx, a.p, inc.ID, seq, v, IllustrativeLabel+why)
			return err
		}), owner)
	}
	var err error
	switch o {
	case leaveUnderReview:
		err = assess("us-analyst", incidents.VerdictNeedsInformation, "Awaiting imagery of the site.")
	case confirm:
		if err = assess("us-analyst", incidents.VerdictConfirmed, "Consistent with our observations."); err == nil {
			err = assess("ru-analyst", incidents.VerdictConfirmed, "Confirmed by the reconciliation centre.")
		}
	case dispute, reopenAfterDispute:
		if err = assess("us-analyst", incidents.VerdictConfirmed, "Consistent with two independent sources."); err == nil {
			err = assess("ru-analyst", incidents.VerdictRejected, "No activity recorded in the area at that time.")
		}
		// An incident's status is each node's projection of what it
		// applied, not yet computed from every log's assessments (issue
		// 17), so a report disputed across logs does not read disputed on
		// the reopening node: a federated centre leaves the reopening out.
		if err == nil && o == reopenAfterDispute && c.federated {
			c.leaveOut(ReopenLeftOut)
		} else if err == nil && o == reopenAfterDispute {
			err = step("ru-liaison", "reopening another party's report", current("ru-liaison", func(a actor, seq int64) error {
				_, err := a.a.Incidents.Reopen(ctx, a.p, inc.ID, seq, IllustrativeLabel+"New witness statements received.")
				return err
			}), owner)
		}
	case reject:
		if err = assess("us-analyst", incidents.VerdictRejected, "The location is outside the reported area of activity."); err == nil {
			err = assess("ru-analyst", incidents.VerdictRejected, "Not consistent with our records.")
		}
	case duplicateOfPrevious:
		if prev != nil {
			err = step("us-analyst", "marking another party's report a duplicate", current("us-analyst", func(a actor, seq int64) error {
				_, err := a.a.Incidents.MarkDuplicate(ctx, a.p, inc.ID, seq, prev.ID)
				return err
			}), owner, prev.Party)
		}
	}
	if err == nil && o != leaveReported {
		err = step("un-reporter", "commenting on another party's report", func(ctx context.Context, c *Centre) error {
			a, err := c.actor(ctx, "un-reporter")
			if err == nil {
				_, err = a.a.Incidents.Comment(ctx, a.p, inc.ID, IllustrativeLabel+"UN cell noted the report.")
			}
			return err
		}, owner)
	}
	return err
}

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
		if c.across(ru.name, "agreeing to another party's zone proposal", us.party()) {
			continue
		}
		if _, err := ru.a.Zones.Agree(ctx, ru.p, z.ID, 1); err != nil {
			return fmt.Errorf("demo: agree %s: %w", p.Name, err)
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
// reported before it, nil for the first); on a federated centre a step by
// a user of another party than inc's is left out.
func playOutcome(ctx context.Context, c *Centre, u map[string]actor, inc *incidents.Incident, o demoOutcome, prev *incidents.Incident) error {
	seq := inc.Seq
	owner := inc.Party
	partial := false // an assessment was left out: the report is not closed
	assess := func(who string, v incidents.Verdict, why string) error {
		if c.across(who, "assessing another party's report", owner) {
			partial = true
			return nil
		}
		i, err := u[who].a.Incidents.Assess(ctx, u[who].p, inc.ID, seq, v, IllustrativeLabel+why)
		if err == nil {
			seq = i.Seq
		}
		return err
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
		// Only a disputed report is reopened: not one whose dispute was
		// left out.
		if err == nil && o == reopenAfterDispute && !partial && !c.across("ru-liaison", "reopening another party's report", owner) {
			var i *incidents.Incident
			if i, err = u["ru-liaison"].a.Incidents.Reopen(ctx, u["ru-liaison"].p, inc.ID, seq, IllustrativeLabel+"New witness statements received."); err == nil {
				seq = i.Seq
			}
		}
	case reject:
		if err = assess("us-analyst", incidents.VerdictRejected, "The location is outside the reported area of activity."); err == nil {
			err = assess("ru-analyst", incidents.VerdictRejected, "Not consistent with our records.")
		}
	case duplicateOfPrevious:
		if prev != nil && !c.across("us-analyst", "marking another party's report a duplicate", owner, prev.Party) {
			_, err = u["us-analyst"].a.Incidents.MarkDuplicate(ctx, u["us-analyst"].p, inc.ID, seq, prev.ID)
		}
	}
	if err == nil && o != leaveReported && !c.across("un-reporter", "commenting on another party's report", owner) {
		_, err = u["un-reporter"].a.Incidents.Comment(ctx, u["un-reporter"].p, inc.ID, IllustrativeLabel+"UN cell noted the report.")
	}
	return err
}

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

// SeedIncidents adds the illustrative July 2016 scenario around Aleppo,
// Homs, Palmyra and Damascus: three zones in force, one proposed and
// awaiting the other co-chair's agreement, and about fifty incidents in
// every verification status. It is idempotent: a second run adds nothing.
func SeedIncidents(ctx context.Context, a *app.App) error {
	users := map[string]access.Principal{}
	for _, n := range []string{"us-liaison", "ru-liaison", "us-analyst", "ru-analyst", "us-reporter", "ru-reporter", "un-reporter", "ngo-reporter"} {
		p, err := principal(ctx, a, n)
		if err != nil {
			return err
		}
		users[n] = p
	}
	existing, err := a.Zones.List(ctx, users["us-liaison"], "")
	if err != nil {
		return err
	}
	if len(existing) == 0 {
		if err := seedZones(ctx, a, users); err != nil {
			return err
		}
	}
	return seedIncidents(ctx, a, users)
}

func seedZones(ctx context.Context, a *app.App, u map[string]access.Principal) error {
	from := "2016-07-01T00:00:00Z"
	agreed := []zones.Proposal{
		{Kind: zones.KindCeasefireArea, Name: IllustrativeLabel + "Aleppo city ceasefire area", NameRU: "Зона прекращения огня (Алеппо)", NameAR: "منطقة وقف إطلاق النار (حلب)",
			Geometry: box(37.05, 36.12, 37.28, 36.28), EffectiveFrom: from},
		{Kind: zones.KindHumanitarianCorridor, Name: IllustrativeLabel + "Castello Road humanitarian corridor", NameRU: "Гуманитарный коридор (дорога Кастелло)", NameAR: "ممر إنساني (طريق الكاستيلو)",
			Geometry: box(37.12, 36.24, 37.17, 36.30), EffectiveFrom: from},
		{Kind: zones.KindProtectedArea, Name: IllustrativeLabel + "Palmyra heritage protected area", NameRU: "Охраняемая зона (Пальмира)", NameAR: "منطقة محمية (تدمر)",
			Geometry: box(38.24, 34.53, 38.30, 34.58), EffectiveFrom: from},
	}
	for _, p := range agreed {
		z, err := a.Zones.Propose(ctx, u["us-liaison"], "", 0, p)
		if err != nil {
			return fmt.Errorf("demo: zone %s: %w", p.Name, err)
		}
		if _, err := a.Zones.Agree(ctx, u["ru-liaison"], z.ID, 1); err != nil {
			return fmt.Errorf("demo: agree %s: %w", p.Name, err)
		}
	}
	pending := zones.Proposal{Kind: zones.KindDemilitarizedZone, Name: IllustrativeLabel + "Eastern Ghouta demilitarised zone (awaiting agreement)",
		NameRU: "Демилитаризованная зона (Восточная Гута)", NameAR: "منطقة منزوعة السلاح (الغوطة الشرقية)",
		Geometry: box(36.33, 33.48, 36.48, 33.60), EffectiveFrom: "2016-07-15T00:00:00Z"}
	if _, err := a.Zones.Propose(ctx, u["ru-liaison"], "", 0, pending); err != nil {
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

func seedIncidents(ctx context.Context, a *app.App, u map[string]access.Principal) error {
	rng := rand.New(rand.NewPCG(2016, 7))
	outcomes := []demoOutcome{confirm, leaveReported, dispute, leaveUnderReview, reject, confirm, leaveReported, confirm, dispute, reopenAfterDispute}
	reporters := []string{"un-reporter", "ngo-reporter", "us-reporter", "ru-reporter"}
	tlps := []access.TLP{access.TLPClear, access.TLPClear, access.TLPGreen, access.TLPGreen, access.TLPAmber}
	var prev string
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
		inc, created, err := a.Incidents.Report(ctx, u[reporter], n)
		if err != nil {
			return fmt.Errorf("demo: incident %d: %w", k+1, err)
		}
		if !created {
			prev = inc.ID
			continue
		}
		outcome := outcomes[k%len(outcomes)]
		if k == 21 || k == 43 {
			outcome = duplicateOfPrevious
		}
		if err := playOutcome(ctx, a, u, inc, outcome, prev); err != nil {
			return fmt.Errorf("demo: incident %d: %w", k+1, err)
		}
		prev = inc.ID
	}
	return nil
}

func playOutcome(ctx context.Context, a *app.App, u map[string]access.Principal, inc *incidents.Incident, o demoOutcome, prev string) error {
	s := a.Incidents
	seq := inc.Seq
	assess := func(who string, v incidents.Verdict, why string) error {
		i, err := s.Assess(ctx, u[who], inc.ID, seq, v, IllustrativeLabel+why)
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
		if err == nil && o == reopenAfterDispute {
			var i *incidents.Incident
			if i, err = s.Reopen(ctx, u["ru-liaison"], inc.ID, seq, IllustrativeLabel+"New witness statements received."); err == nil {
				seq = i.Seq
			}
		}
	case reject:
		if err = assess("us-analyst", incidents.VerdictRejected, "The location is outside the reported area of activity."); err == nil {
			err = assess("ru-analyst", incidents.VerdictRejected, "Not consistent with our records.")
		}
	case duplicateOfPrevious:
		if prev != "" {
			_, err = s.MarkDuplicate(ctx, u["us-analyst"], inc.ID, seq, prev)
		}
	}
	if err == nil && o != leaveReported {
		_, err = s.Comment(ctx, u["un-reporter"], inc.ID, IllustrativeLabel+"UN cell noted the report.")
	}
	return err
}

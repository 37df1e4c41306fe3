package store

import (
	"context"
	"testing"

	"truce/internal/access"
	"truce/internal/agreements"
	"truce/internal/alerts"
	"truce/internal/cases"
	"truce/internal/flights"
	"truce/internal/hotline"
	"truce/internal/ledger"
	"truce/internal/notify"
	"truce/internal/zones"
)

const ruOrigin = "ru.example/log"

// recordChanges returns one creating change of every record kind the
// origin label covers, by party, with ids ending in suffix.
func recordChanges(party, suffix string, rel access.Releasability) []ledger.Change {
	put := func(kind, subject string, payload any) ledger.Change {
		return ledger.Change{Draft: ledger.Draft{Party: party, Author: party + "-liaison", Kind: kind, Subject: subject, Release: rel, Payload: payload}}
	}
	site := &notify.Site{Kind: notify.SiteKinds[0], Names: map[string]string{"en": "Clinic"},
		Location: []byte(`{"type":"Point","coordinates":[36.2,37.1]}`), BufferM: 500, Parties: []string{"ru", "us"}}
	zone := zones.Spec{ZoneID: "zon_" + suffix, Version: 1, Action: zones.ActionDefine, Kind: zones.KindCeasefireArea, Name: "Z",
		Geometry: []byte(`{"type":"MultiPolygon","coordinates":[[[[36,37],[36.1,37],[36.1,37.1],[36,37]]]]}`), EffectiveFrom: "2016-09-12T00:00:00Z"}
	agr := agreements.Spec{AgreementID: "agr_" + suffix, Version: 1, Title: "Cessation", Parties: []string{"ru", "us"},
		EffectiveFrom: "2016-02-27T00:00:00Z", Obligations: []agreements.ObligationSpec{}}
	return []ledger.Change{
		put(notify.KindSiteNotified, notify.Subject(notify.TypeSite, "sit_"+suffix),
			notify.Notified{ID: "sit_" + suffix, Version: 1, Deadline: "2016-09-13T10:00:00Z", Site: site}),
		put(zones.KindProposed, zones.Subject(zone.ZoneID), zones.Proposed{Version: zone, Release: rel}),
		put(flights.EntryPlanFiled, flights.PlanSubject("fpl_"+suffix), flights.PlanPayload{ID: "fpl_" + suffix, Version: 1, Callsign: "C",
			Category: "transport", Waypoints: []flights.Waypoint{{Lat: 36, Lon: 37, AltFt: 9000, Time: "2016-09-12T10:00:00Z"}}}),
		put(hotline.KindSent, hotline.Subject("msg_"+suffix), hotline.Sent{ID: "msg_" + suffix, To: "us", Recipients: []string{"us"},
			Priority: hotline.Priorities[0], Subject: "s", Body: "b", Attachments: []hotline.Attachment{}, Deadline: "2016-09-13T10:00:00Z"}),
		put(alerts.EntryRaised, alerts.Subject("alr_"+suffix), alerts.Raised{ID: "alr_" + suffix, Key: "k_" + suffix, Kind: alerts.KindOther,
			Severity: alerts.SeverityMinor, Title: "t", Concerned: []string{"us"}, Links: []alerts.Link{}, Deadline: "2016-09-13T10:00:00Z"}),
		put(cases.KindOpened, cases.Subject("cas_"+suffix), &cases.Opened{ID: "cas_" + suffix, Key: "site:s:" + suffix,
			Concern:  cases.Concern{Type: cases.ConcernsSite, ID: "s", Notifier: party, Notified: []string{}},
			Requests: []cases.RequestSent{{Party: "us", Deadline: "2030-01-01T00:00:00Z"}}}),
		put(agreements.KindProposed, agreements.Subject(agr.AgreementID), agreements.Proposed{Version: agr, Release: rel}),
		put(agreements.KindPassageProposed, agreements.PassageSubject("psg_"+suffix), agreements.PassageProposed{Release: rel,
			Version: agreements.PassageSpec{ID: "psg_" + suffix, Version: 1, Kind: agreements.KindSafePassage, Name: "A", Parties: []string{"ru", "us"}}}),
	}
}

// recordOrigins reads the origin label of every record recordChanges
// created with suffix, by record kind, through the store's reads of one
// record and of lists.
func recordOrigins(t *testing.T, d *DB, suffix string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	add := func(kind, origin string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s %s: %v", kind, suffix, err)
		}
		out[kind] = append(out[kind], origin)
	}
	n, err := d.Notify().Notice(ctx, nil, "sit_"+suffix)
	add("notice", n.Origin, err)
	ns, err := d.Notify().Active(ctx, notify.TypeSite)
	for _, l := range ns {
		if l.ID == "sit_"+suffix {
			add("notice", l.Origin, err)
			for _, a := range l.Acks {
				add("ack", a.Origin, nil)
			}
		}
	}
	zs, err := d.Zones().Zones(ctx)
	for _, z := range zs {
		if z.ID == "zon_"+suffix {
			add("zone", z.Origin, err)
		}
	}
	p, err := d.Flights().Plan(ctx, nil, "fpl_"+suffix)
	add("plan", p.Origin, err)
	ps, err := d.Flights().Plans(ctx)
	for _, l := range ps {
		if l.ID == "fpl_"+suffix {
			add("plan", l.Origin, err)
		}
	}
	m, err := d.Hotline().Message(ctx, nil, "msg_"+suffix)
	add("message", m.Origin, err)
	a, err := d.Alerts().Alert(ctx, nil, "alr_"+suffix)
	add("alert", a.Origin, err)
	c, err := d.Cases().Case(ctx, nil, "cas_"+suffix)
	add("case", c.Origin, err)
	cs, err := d.Cases().Cases(ctx, "")
	for _, l := range cs {
		if l.ID == "cas_"+suffix {
			add("case", l.Origin, err)
		}
	}
	g, err := d.Agreements().Agreement(ctx, nil, "agr_"+suffix)
	add("agreement", g.Origin, err)
	pg, err := d.Agreements().Passage(ctx, nil, "psg_"+suffix)
	add("passage", pg.Origin, err)
	return out
}

// TestOriginLabelOnEveryRecordKind checks that every record kind a peer's
// mirrored entry creates is labelled with that peer's origin, on reads of
// one record and of lists, and that this node's own records carry its own
// origin, on both engines.
func TestOriginLabelOnEveryRecordKind(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(t testing.TB) *DB) {
		ctx := context.Background()
		us, ru := open(t), open(t)
		ru.SetOrigin(ruOrigin)
		_, usSeq := openSequencer(t, us)
		_, ruSeq := openSequencer(t, ru)
		rel := access.Releasability{TLP: access.TLPAmber, Audience: []string{"ru", "us"}}
		if _, err := ruSeq.Append(ctx, recordChanges("ru", "ru", rel)...); err != nil {
			t.Fatal(err)
		}
		if _, err := usSeq.Append(ctx, recordChanges("us", "us", rel)...); err != nil {
			t.Fatal(err)
		}
		mirrorWholeLog(t, us.Mirrors(), ru.Mirrors(), us, usOrigin)

		for suffix, want := range map[string]string{"us": usOrigin, "ru": ruOrigin} {
			got := recordOrigins(t, ru, suffix)
			for _, kind := range []string{"notice", "ack", "zone", "plan", "message", "alert", "case", "agreement", "passage"} {
				if len(got[kind]) == 0 {
					t.Errorf("%s's %s: not read", suffix, kind)
				}
				for _, o := range got[kind] {
					if o != want {
						t.Errorf("%s's %s labelled %q, want %q", suffix, kind, o, want)
					}
				}
			}
		}
	})
}

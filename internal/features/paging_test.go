package features_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/features"
	"truce/internal/flights"
	"truce/internal/notify"
)

// TestSmallCollectionsWalkEveryPage serves sites, movements, alerts and
// flights with pages of 2 records over a node holding several of each
// under different releasabilities: every record a caller may see is
// yielded once (pages whose records are all hidden included), and no
// hidden one is. It is the regression test for the 1,000-record cap the
// collections used to inherit from the services' list calls.
func TestSmallCollectionsWalkEveryPage(t *testing.T) {
	defer features.SetPageSize(2)()
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: "test.truce.invalid/paging",
		Party: accounts.NewParty{ID: "un", Name: "UN", Kind: "un"}, AdminUser: "un-admin", AdminPassword: "paging password 1"}); err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(ctx, &config.Server{Data: dir}, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	for _, p := range []accounts.NewParty{{ID: "us", Name: "US", Kind: "military", CoChair: true},
		{ID: "ru", Name: "RU", Kind: "military", CoChair: true}, {ID: "xx", Name: "Outsider", Kind: "other"}} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			t.Fatal(err)
		}
	}
	who := func(party string) access.Principal {
		return access.Principal{UserID: "u-" + party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison}
	}
	ns, al := a.Notify, a.Alerts
	clear := &access.Releasability{TLP: access.TLPGreen} // notifications are never CLEAR
	var sites []*notify.Notice
	for i := range 7 {
		in := notify.SiteInput{Site: notify.Site{Kind: notify.SiteKinds[0], Names: map[string]string{"en": fmt.Sprintf("Site %d", i)},
			Location: json.RawMessage(fmt.Sprintf(`{"type":"Point","coordinates":[37.%d,36.1]}`, i)), BufferM: 100, Parties: []string{"us"}}}
		if i%3 == 0 {
			in.Releasability = clear
		}
		s, err := ns.NotifySite(ctx, who("un"), in)
		if err != nil {
			t.Fatal(err)
		}
		sites = append(sites, s)
	}
	day := time.Now().UTC().AddDate(0, 0, 30).Format(time.DateOnly) // a movement window lies within a year ahead
	for i := range 5 {
		in := notify.MovementInput{Movement: notify.Movement{Route: json.RawMessage(`{"type":"LineString","coordinates":[[37,36],[37.1,36.1]]}`),
			Window: notify.Window{Start: day + "T08:00:00Z", End: day + "T18:00:00Z"}, CorridorM: 500, Vehicles: i + 1, Cargo: notify.Cargo[0],
			Parties: []string{"ru"}}}
		if i == 4 {
			in.Releasability = clear
		}
		if _, err := ns.NotifyMovement(ctx, who("un"), in); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range sites {
		spec := alerts.Spec{Key: fmt.Sprintf("paging:%d", i), Kind: alerts.KindOther, Severity: alerts.SeverityModerate,
			Title: "Alert " + s.ID, Concerned: []string{"un", "us"}, Causes: []access.Releasability{s.Release},
			Links: []alerts.Link{{Type: "site", ID: s.ID}}}
		if _, _, err := al.Raise(ctx, spec); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Now().UTC().Truncate(time.Second).Add(time.Hour)
	for i := range 5 {
		party := []string{"us", "ru", "un"}[i%3]
		in := flights.PlanInput{Callsign: fmt.Sprintf("P%d", i), Category: "fixed_wing", Waypoints: []flights.Waypoint{
			{Lat: 30 + float64(i), Lon: 40, AltFt: 20000, Time: t0.Format(time.RFC3339)},
			{Lat: 30.1 + float64(i), Lon: 40.1, AltFt: 20000, Time: t0.Add(time.Hour).Format(time.RFC3339)}}}
		if _, err := a.Flights.File(ctx, who(party), in); err != nil {
			t.Fatal(err)
		}
	}

	reg := features.Standard(features.Services{Notify: ns, Alerts: al, Flights: a.Flights})
	for _, by := range []access.Principal{access.Public, who("us"), who("ru"), who("xx"), who("un")} {
		lists := map[string][]string{}
		ss, _ := ns.List(ctx, by, notify.Filter{Type: notify.TypeSite})
		for _, n := range ss {
			lists["sites"] = append(lists["sites"], n.ID)
		}
		ms, _ := ns.List(ctx, by, notify.Filter{Type: notify.TypeMovement})
		for _, n := range ms {
			lists["movements"] = append(lists["movements"], n.ID)
		}
		as, err := al.ListPage(ctx, by, alerts.Filter{}, nil)
		if err != nil || as.Next != "" {
			t.Fatalf("alerts as %q: %+v, %v", by.Party, as, err)
		}
		for _, x := range as.Items {
			lists["alerts"] = append(lists["alerts"], x.ID)
		}
		ps, _ := a.Flights.ListPlans(ctx, by, flights.PlanFilter{})
		for _, p := range ps {
			lists["flights"] = append(lists["flights"], p.ID)
		}
		for _, c := range []string{"sites", "movements", "alerts", "flights"} {
			var got []string
			if err := reg.Each(ctx, by, c, &features.Query{}, func(f *features.Feature) error { got = append(got, f.ID); return nil }); err != nil {
				t.Fatal(err)
			}
			want := slices.Sorted(slices.Values(lists[c]))
			if !slices.Equal(got, want) {
				t.Errorf("%s as %q: the collection yields %v, the service lists %v", c, by.Party, got, want)
			}
			// Resuming after the second feature yields the rest.
			if len(got) > 2 {
				var rest []string
				_ = reg.Each(ctx, by, c, &features.Query{After: got[1]}, func(f *features.Feature) error { rest = append(rest, f.ID); return nil })
				if !slices.Equal(rest, got[2:]) {
					t.Errorf("%s as %q after %s: %v, want %v", c, by.Party, got[1], rest, got[2:])
				}
			}
		}
		if by.Party == "us" && (len(lists["sites"]) != 7 || len(lists["alerts"]) != 7 || len(lists["flights"]) < 2) {
			t.Fatalf("us sees %d sites, %d alerts, %d flights; the fixture is wrong", len(lists["sites"]), len(lists["alerts"]), len(lists["flights"]))
		}
		if by.Party == "xx" && (len(lists["sites"]) != 3 || len(lists["movements"]) != 1) {
			t.Fatalf("xx sees %d sites, %d movements; the fixture is wrong", len(lists["sites"]), len(lists["movements"]))
		}
	}
}

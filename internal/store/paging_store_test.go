package store

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
	"truce/internal/flights"
	"truce/internal/listing"
	"truce/internal/notify"
)

// TestEnginePagesByID walks notices, alerts and flight plans through the
// services' keyset pages (NoticesByID, AlertsByID, PlansByID) two records
// at a time on every engine, as callers inside and outside their
// audiences, and checks that the pages together hold exactly what the
// services' lists show each caller, in id order.
func TestEnginePagesByID(t *testing.T) {
	ctx := context.Background()
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		db := open(t)
		_, seq := openSequencer(t, db)
		acc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		for _, p := range []accounts.NewParty{{ID: "un", Name: "un", Kind: "un"}, {ID: "us", Name: "us", Kind: "military", CoChair: true},
			{ID: "ru", Name: "ru", Kind: "military", CoChair: true}, {ID: "xx", Name: "xx", Kind: "other"}} {
			if _, err := acc.CreateParty(ctx, access.Public, p, true); err != nil {
				t.Fatal(err)
			}
		}
		who := func(party string) access.Principal {
			return access.Principal{UserID: "u-" + party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison,
				CoChair: party == "us" || party == "ru"}
		}
		ns := notify.NewService(notify.Deps{Store: db.Notify(), Log: seq, Parties: db.Access()})
		al := alerts.NewService(alerts.Deps{Store: db.Alerts(), Log: seq})
		fl, err := flights.NewService(flights.Deps{Store: db.Flights(), Log: seq, Parties: db.Access()})
		if err != nil {
			t.Fatal(err)
		}
		if err := fl.Load(ctx); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			in := notify.SiteInput{Site: notify.Site{Kind: "hospital", Names: map[string]string{"en": fmt.Sprint("Site ", i)},
				Location: json.RawMessage(`{"type":"Point","coordinates":[37,36]}`), BufferM: 100, Parties: []string{"us"}}}
			if i%2 == 0 {
				in.Releasability = &access.Releasability{TLP: access.TLPGreen} // never CLEAR
			}
			s, err := ns.NotifySite(ctx, who("un"), in)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := al.Raise(ctx, alerts.Spec{Key: "k" + s.ID, Kind: alerts.KindOther, Severity: alerts.SeverityModerate, Title: "A",
				Concerned: []string{"un", "us"}, Causes: []access.Releasability{s.Release}, Links: []alerts.Link{{Type: "site", ID: s.ID}}}); err != nil {
				t.Fatal(err)
			}
			t0 := time.Now().UTC().Truncate(time.Second).Add(time.Hour)
			if _, err := fl.File(ctx, who([]string{"us", "ru", "un"}[i%3]), flights.PlanInput{Callsign: fmt.Sprint("P", i), Waypoints: []flights.Waypoint{
				{Lat: 30 + float64(i), Lon: 40, AltFt: 20000, Time: t0.Format(time.RFC3339)},
				{Lat: 30.1 + float64(i), Lon: 40.1, AltFt: 20000, Time: t0.Add(time.Hour).Format(time.RFC3339)}}}); err != nil {
				t.Fatal(err)
			}
		}
		// walk pages through l with pages of 2 and checks that every
		// page but the last is full.
		walk := func(l listing.Listing, page func(after *listing.Cursor) ([]string, string, error)) []string {
			var out []string
			var after *listing.Cursor
			for range 100 {
				ids, next, err := page(after)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, ids...)
				if next == "" {
					return out
				}
				if len(ids) != 2 {
					t.Fatalf("%s: a page of %d before the last", l.Tag, len(ids))
				}
				if after, err = l.Parse(next); err != nil {
					t.Fatal(err)
				}
			}
			t.Fatal("more than 100 pages")
			return nil
		}
		for _, by := range []access.Principal{access.Public, who("us"), who("ru"), who("xx"), who("un")} {
			var want, got []string
			list, _ := ns.List(ctx, by, notify.Filter{Type: notify.TypeSite})
			for _, n := range list {
				want = append(want, n.ID)
			}
			got = walk(notify.IDListing(notify.TypeSite), func(after *listing.Cursor) ([]string, string, error) {
				page, err := ns.PageByID(ctx, by, notify.Filter{Type: notify.TypeSite, Limit: 2}, after)
				if err != nil {
					return nil, "", err
				}
				return idsOf(page.Items, func(n *notify.Notice) string { return n.ID }), page.Next, nil
			})
			if slices.Sort(want); !slices.Equal(got, want) {
				t.Errorf("sites as %q: pages %v, list %v", by.Party, got, want)
			}
			want = nil
			asp, err := al.ListPage(ctx, by, alerts.Filter{}, nil)
			if err != nil || asp.Next != "" {
				t.Fatalf("alerts as %q: %+v, %v", by.Party, asp, err)
			}
			as := asp.Items
			for _, a := range as {
				want = append(want, a.ID)
			}
			got = walk(alerts.IDListing, func(after *listing.Cursor) ([]string, string, error) {
				page, err := al.PageByID(ctx, by, alerts.Filter{Limit: 2}, after)
				if err != nil {
					return nil, "", err
				}
				return idsOf(page.Items, func(a *alerts.Alert) string { return a.ID }), page.Next, nil
			})
			if slices.Sort(want); !slices.Equal(got, want) {
				t.Errorf("alerts as %q: pages %v, list %v", by.Party, got, want)
			}
			want = nil
			ps, _ := fl.ListPlans(ctx, by, flights.PlanFilter{})
			for _, p := range ps {
				want = append(want, p.ID)
			}
			got = walk(flights.PlanListing, func(after *listing.Cursor) ([]string, string, error) {
				page, err := fl.ListPlansPage(ctx, by, flights.PlanFilter{Limit: 2}, after)
				if err != nil {
					return nil, "", err
				}
				return idsOf(page.Items, func(p *flights.Plan) string { return p.ID }), page.Next, nil
			})
			if slices.Sort(want); !slices.Equal(got, want) {
				t.Errorf("flights as %q: pages %v, list %v", by.Party, got, want)
			}
			if by.Party == "us" && (len(got) < 2 || len(as) != 5) {
				t.Fatalf("us sees %d plans, %d alerts: the fixture is wrong", len(got), len(as))
			}
		}
	})
}

// idsOf returns the ids of items, in order.
func idsOf[T any](items []T, id func(*T) string) []string {
	var out []string
	for i := range items {
		out = append(out, id(&items[i]))
	}
	return out
}

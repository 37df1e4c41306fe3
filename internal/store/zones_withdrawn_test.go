package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/membership"
	"truce/internal/zones"
)

// TestEngineZonesWaitForNobodyWhoWalkedOut: a zone version whose only
// missing agreement is that of a co-chair that walks out is agreed (and in
// force) when it leaves; a version still missing a remaining co-chair
// stays pending for that one only; each shows the departed co-chair as
// withdrawn, never as pending; a version proposed afterwards does not
// name it; a replay of the log rebuilds the same tables.
func TestEngineZonesWaitForNobodyWhoWalkedOut(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		_, seq := openSequencer(t, db)
		acc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		for _, id := range []string{"ru", "tr", "us"} {
			if _, err := acc.CreateParty(ctx, access.Public, accounts.NewParty{ID: id, Name: strings.ToUpper(id), Kind: "military", CoChair: true}, true); err != nil {
				t.Fatal(err)
			}
		}
		liaison := func(party string) access.Principal {
			return access.Principal{UserID: "usr_" + party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison, CoChair: true}
		}
		us, ru, tr := liaison("us"), liaison("ru"), liaison("tr")
		zs := zones.NewService(zones.Deps{Store: db.Zones(), Log: seq})
		from := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
		propose := func(name string) *zones.Zone {
			t.Helper()
			z, err := zs.Propose(ctx, us, "", 0, zones.Proposal{Kind: zones.KindCeasefireArea, Name: name, EffectiveFrom: from,
				Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[37,36],[37.2,36],[37.2,36.2],[37,36.2],[37,36]]]}`)})
			if err != nil {
				t.Fatal(err)
			}
			return z
		}
		a, b := propose("A"), propose("B")
		if _, err := zs.Agree(ctx, tr, b.ID, 1); err != nil {
			t.Fatal(err)
		}
		if z, _ := zs.Get(ctx, us, b.ID); z.Status != zones.StatusProposed || !slices.Equal(z.Versions[0].Pending, []string{"ru"}) {
			t.Fatalf("before the walk-out: %s, pending %v", z.Status, z.Versions[0].Pending)
		}

		mb := membership.NewService(membership.Deps{Store: db.Membership(), Log: seq})
		if _, err := mb.Propose(ctx, ru, membership.Spec{Kind: membership.KindRetireParty, Party: "ru"}); err != nil {
			t.Fatal(err)
		}
		check := func(id, status string, pending, withdrawn []string) {
			t.Helper()
			z, err := zs.Get(ctx, us, id)
			if err != nil {
				t.Fatal(err)
			}
			v := z.Versions[0]
			if string(z.Status) != status || !slices.Equal(v.Pending, pending) || !slices.Equal(v.Withdrawn, withdrawn) {
				t.Errorf("zone %s: %s, pending %v, withdrawn %v; want %s, %v, %v", v.Name, z.Status, v.Pending, v.Withdrawn, status, pending, withdrawn)
			}
		}
		check(b.ID, "in_force", []string{}, []string{"ru"})
		check(a.ID, "proposed", []string{"tr"}, []string{"ru"})
		if in, _ := zs.List(ctx, us, zones.StatusInForce); len(in) != 1 || in[0].ID != b.ID || in[0].Versions[0].AgreedAt == "" {
			t.Errorf("in force after the walk-out: %+v", in)
		}
		if _, err := zs.Agree(ctx, tr, a.ID, 1); err != nil {
			t.Fatal(err)
		}
		check(a.ID, "in_force", []string{}, []string{"ru"})
		c := propose("C")
		check(c.ID, "proposed", []string{"tr"}, []string{})

		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		for _, table := range ProjectionTables() {
			x, err := db.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			y, err := replay.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(x, y) {
				t.Fatalf("%s differs after replay:\n%q\n%q", table, x, y)
			}
		}
	})
}

// TestEngineZonesWaitForNoFormerCoChair: a version awaiting only a party
// that stops being a co-chair (unset_co_chair, agreed by every co-chair)
// is agreed when it stops; that party, still a member, is neither pending
// nor withdrawn.
func TestEngineZonesWaitForNoFormerCoChair(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		_, seq := openSequencer(t, db)
		acc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		for _, id := range []string{"ru", "tr", "us"} {
			if _, err := acc.CreateParty(ctx, access.Public, accounts.NewParty{ID: id, Name: strings.ToUpper(id), Kind: "military", CoChair: true}, true); err != nil {
				t.Fatal(err)
			}
		}
		liaison := func(party string) access.Principal {
			return access.Principal{UserID: "usr_" + party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison, CoChair: true}
		}
		us, ru, tr := liaison("us"), liaison("ru"), liaison("tr")
		zs := zones.NewService(zones.Deps{Store: db.Zones(), Log: seq})
		z, err := zs.Propose(ctx, us, "", 0, zones.Proposal{Kind: zones.KindCeasefireArea, Name: "A", EffectiveFrom: time.Now().UTC().Add(-time.Hour).Format(time.RFC3339),
			Geometry: json.RawMessage(`{"type":"Polygon","coordinates":[[[37,36],[37.2,36],[37.2,36.2],[37,36.2],[37,36]]]}`)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := zs.Agree(ctx, ru, z.ID, 1); err != nil {
			t.Fatal(err)
		}
		mb := membership.NewService(membership.Deps{Store: db.Membership(), Log: seq})
		p, err := mb.Propose(ctx, us, membership.Spec{Kind: membership.KindUnsetCoChair, Party: "tr"})
		if err != nil {
			t.Fatal(err)
		}
		for _, by := range []access.Principal{ru, tr} {
			if _, err := mb.Agree(ctx, by, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		got, err := zs.Get(ctx, us, z.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v := got.Versions[0]; got.Status != zones.StatusInForce || len(v.Pending) != 0 || len(v.Withdrawn) != 0 {
			t.Errorf("after tr stopped being a co-chair: %s, pending %v, withdrawn %v", got.Status, v.Pending, v.Withdrawn)
		}
	})
}

package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/membership"
)

// TestEngineMembership runs membership proposals through the services on
// each engine: a party is admitted, made a co-chair and retired only once
// every co-chair of the time agreed; the projections follow, and a replay
// of the log rebuilds them identically.
func TestEngineMembership(t *testing.T) {
	forEachEngine(t, func(t *testing.T, open func(testing.TB) *DB) {
		ctx := context.Background()
		db := open(t)
		_, seq := openSequencer(t, db)
		acc := accounts.NewService(accounts.Deps{Store: db.Access(), Log: seq})
		for i, id := range []string{"us", "ru", "un"} {
			if _, err := acc.CreateParty(ctx, access.Public, accounts.NewParty{ID: id, Name: strings.ToUpper(id), Kind: "other", CoChair: i < 2}, true); err != nil {
				t.Fatal(err)
			}
		}
		svc := membership.NewService(membership.Deps{Store: db.Membership(), Log: seq})
		liaison := func(party string, chair bool) access.Principal {
			return access.Principal{UserID: "usr_" + party, Username: party + "-liaison", Party: party, Role: access.RoleLiaison, CoChair: chair}
		}
		us, ru, un := liaison("us", true), liaison("ru", true), liaison("un", false)

		// Adding a party: pending until ru agrees too.
		p, err := svc.Propose(ctx, us, membership.Spec{Kind: membership.KindAddParty,
			NewParty: &accounts.NewParty{ID: "ngo", Name: "NGO", Kind: "agency"}})
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != membership.StatusPending || !slices.Equal(p.Required, []string{"ru", "us"}) || !slices.Equal(p.AgreedBy, []string{"us"}) {
			t.Fatalf("proposal = %+v", p)
		}
		if _, err := db.Access().Party(ctx, nil, "ngo"); !errors.Is(err, fault.ErrNotFound) {
			t.Fatalf("party admitted before every co-chair agreed: %v", err)
		}
		if _, err := svc.Agree(ctx, un, p.ID); !errors.Is(err, fault.ErrForbidden) {
			t.Fatalf("agreement of a party that is not a co-chair: %v", err)
		}
		if p, err = svc.Agree(ctx, ru, p.ID); err != nil || p.Status != membership.StatusInForce {
			t.Fatalf("Agree = %+v, %v", p, err)
		}
		if _, err := db.Access().Party(ctx, nil, "ngo"); err != nil {
			t.Fatalf("party not admitted: %v", err)
		}

		// un becomes a co-chair, then retires with the agreement of all three.
		p, err = svc.Propose(ctx, ru, membership.Spec{Kind: membership.KindSetCoChair, Party: "un"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Agree(ctx, us, p.ID); err != nil {
			t.Fatal(err)
		}
		if chairs, _ := db.Membership().CoChairs(ctx, nil); !slices.Equal(chairs, []string{"ru", "un", "us"}) {
			t.Fatalf("co-chairs = %v", chairs)
		}
		un.CoChair = true
		p, err = svc.Propose(ctx, us, membership.Spec{Kind: membership.KindRetireParty, Party: "un"})
		if err != nil {
			t.Fatal(err)
		}
		for _, by := range []access.Principal{ru, un} {
			if _, err := svc.Agree(ctx, by, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Access().Party(ctx, nil, "un")
		if err != nil || got.Retired == "" || got.CoChair {
			t.Fatalf("retired party = %+v, %v", got, err)
		}

		// A withdrawn proposal never takes effect.
		p, err = svc.Propose(ctx, ru, membership.Spec{Kind: membership.KindUnsetCoChair, Party: "us"})
		if err != nil {
			t.Fatal(err)
		}
		if p, err = svc.Withdraw(ctx, ru, p.ID); err != nil || p.Status != membership.StatusWithdrawn {
			t.Fatalf("Withdraw = %+v, %v", p, err)
		}
		if _, err := svc.Agree(ctx, us, p.ID); !errors.Is(err, fault.ErrConflict) {
			t.Fatalf("agreement to a withdrawn proposal: %v", err)
		}

		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		for _, table := range ProjectionTables() {
			a, err := db.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			b, err := replay.DumpTable(ctx, table)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a, b) {
				t.Fatalf("%s differs after replay:\n%q\n%q", table, a, b)
			}
		}
	})
}

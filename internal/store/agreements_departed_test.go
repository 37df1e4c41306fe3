package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/agreements"
	"truce/internal/membership"
)

// TestEngineAgreementsWaitForNobodyWhoWalkedOut: as for zones, an
// agreement version whose only missing agreement is that of a co-chair
// that walks out is agreed (and in force) when it leaves; one still missing
// a remaining co-chair awaits that one only; each shows the departed
// co-chair as withdrawn, never as pending; a replay rebuilds the same
// records.
func TestEngineAgreementsWaitForNobodyWhoWalkedOut(t *testing.T) {
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
		as := agreements.NewService(agreements.Deps{Store: db.Agreements(), Log: seq})
		from := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
		propose := func(title string) *agreements.Agreement {
			t.Helper()
			a, err := as.Propose(ctx, us, "", 0, agreements.Proposal{Title: title, Parties: []string{"tr", "us"}, EffectiveFrom: from,
				Obligations: []agreements.ObligationSpec{}})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		a, b := propose("A"), propose("B")
		if _, err := as.Agree(ctx, tr, b.ID, 1); err != nil {
			t.Fatal(err)
		}
		if got, _ := as.Get(ctx, us, b.ID); got.Current != nil || !slices.Equal(got.Versions[0].Pending, []string{"ru"}) {
			t.Fatalf("before the walk-out: current %v, pending %v", got.Current, got.Versions[0].Pending)
		}

		mb := membership.NewService(membership.Deps{Store: db.Membership(), Log: seq})
		if _, err := mb.Propose(ctx, ru, membership.Spec{Kind: membership.KindRetireParty, Party: "ru"}); err != nil {
			t.Fatal(err)
		}
		check := func(id string, status agreements.Status, pending, withdrawn []string) {
			t.Helper()
			got, err := as.Get(ctx, us, id)
			if err != nil {
				t.Fatal(err)
			}
			v := got.Versions[0]
			if got.Status != status || !slices.Equal(v.Pending, pending) || !slices.Equal(v.Withdrawn, withdrawn) {
				t.Errorf("agreement %s: %s, pending %v, withdrawn %v; want %s, %v, %v", v.Title, got.Status, v.Pending, v.Withdrawn, status, pending, withdrawn)
			}
		}
		check(b.ID, agreements.StatusInForce, []string{}, []string{"ru"})
		check(a.ID, agreements.StatusProposed, []string{"tr"}, []string{"ru"})
		if _, err := as.Agree(ctx, tr, a.ID, 1); err != nil {
			t.Fatal(err)
		}
		check(a.ID, agreements.StatusInForce, []string{}, []string{"ru"})
		c := propose("C")
		check(c.ID, agreements.StatusProposed, []string{"tr"}, []string{})

		replay := open(t)
		if err := Rebuild(ctx, db, replay, nil); err != nil {
			t.Fatal(err)
		}
		x, err := db.DumpTable(ctx, "agreement_records")
		if err != nil {
			t.Fatal(err)
		}
		y, err := replay.DumpTable(ctx, "agreement_records")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(x, y) {
			t.Fatalf("agreement_records differs after replay:\n%q\n%q", x, y)
		}
	})
}

package app

import (
	"context"
	"errors"
	"slices"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/alerts"
	"truce/internal/config"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
)

// TestPartyNodeSpeaksForHostedParties opens the party node of un with a
// roster saying it hosts ngo, and checks that Open passes both to the
// services: a user of ngo is created and writes under ngo, an alert only
// ngo may see is logged under ngo, and the log refuses an entry in ru's
// name, writing nothing. The same node before a roster is installed hosts
// nobody.
func TestPartyNodeSpeaksForHostedParties(t *testing.T) {
	ctx := context.Background()
	card := func(party string) (string, roster.Member) {
		dir := t.TempDir()
		if _, err := Init(ctx, InitOptions{Dir: dir, Origin: "party.truce.invalid/" + party, Federated: true,
			Party:     accounts.NewParty{ID: party, Name: party, Kind: "agency", CoChair: true},
			AdminUser: party + "-admin", AdminPassword: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
		keys, err := LoadNodeKeys(dir)
		if err != nil {
			t.Fatal(err)
		}
		pn, err := LoadPartyNode(dir)
		if err != nil {
			t.Fatal(err)
		}
		return dir, roster.Member{Party: party, Origin: keys.Origin(), LogKey: keys.VerifierKey, WitnessKey: pn.Witness.VerifierKey(),
			TLSPin: pn.TLS.Pin(), URLs: []string{"https://" + party + ".truce.invalid:9443"}, CoChair: true}
	}
	dir, un := card("un")
	_, us := card("us")

	if hosted, err := LoadHosted(dir, "un"); err != nil || hosted != nil {
		t.Fatalf("before a roster: hosting %v, %v", hosted, err)
	}
	r := &roster.Roster{Federation: "test", Version: 1, Quorum: 1,
		Members: []roster.Member{un, us, {Party: "ngo", HostedBy: "un"}}}
	if err := roster.Install(dir, r); err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, &config.Server{Data: dir, Quorum: 0}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !slices.Equal(a.Hosted.List(), []string{"ngo"}) || !slices.Equal(a.Accounts.NodeParties(), []string{"un", "ngo"}) {
		t.Fatalf("hosted %v, node parties %v", a.Hosted.List(), a.Accounts.NodeParties())
	}

	for _, p := range []string{"ngo", "ru"} {
		if _, err := a.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: p, Name: p, Kind: "agency"}, true); err != nil {
			t.Fatal(err)
		}
	}
	u, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ngo-admin", Party: "ngo", Role: access.RoleAdmin, Password: "correct horse battery"}, true)
	if err != nil {
		t.Fatalf("a user of the hosted party: %v", err)
	}
	if es, err := a.DB.EntriesBySubject(ctx, accounts.UserSubject(u.ID)); err != nil || len(es) != 1 || es[0].Entry.Party != "ngo" {
		t.Fatalf("the hosted party's user's creation: %d entries, %v", len(es), err)
	}
	al, _, err := a.Alerts.Raise(ctx, alerts.Spec{Key: "test:ngo-only", Kind: alerts.KindAirConflict, Severity: alerts.SeverityMinor,
		Title: "for ngo", Concerned: []string{"ngo"}, Causes: []access.Releasability{{TLP: access.TLPAmber, Audience: []string{"ngo"}}}})
	if err != nil || al.Party != "ngo" {
		t.Fatalf("an alert only ngo may see: %+v %v", al, err)
	}

	size := a.Hashes.Size()
	_, err = a.Sequencer.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ru", Author: "ru-liaison", Kind: "test.said",
		Subject: "test:1", Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]any{"n": 1}}})
	if !errors.Is(err, ledger.ErrOtherParty) || a.Hashes.Size() != size {
		t.Fatalf("an entry in ru's name: %v, log %d -> %d", err, size, a.Hashes.Size())
	}
	es, err := a.DB.EntriesBySubject(ctx, accounts.PartySubject("ngo"))
	if err != nil || len(es) != 1 || es[0].Entry.Party != "un" {
		t.Fatalf("ngo's creation by the bootstrap: %d entries, %v", len(es), err)
	}
}

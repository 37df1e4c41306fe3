package app

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/config"
	"truce/internal/federation/roster"
	"truce/internal/ledger"
)

// TestHostedByChangeWithoutRestart runs un's party node and puts in force,
// while it runs, a roster in which un hosts ngo, then one in which it no
// longer does. Before the first change a user of ngo is refused; after it
// ngo's user is created here and writes under ngo, its token signs in, and
// the installed roster says so for the next start; after the second its
// token is refused and the log refuses an entry in ngo's name, writing
// nothing.
func TestHostedByChangeWithoutRestart(t *testing.T) {
	ctx := context.Background()
	dir, _, un := partyCard(t, "un", "un")
	_, _, us := partyCard(t, "us", "military")
	v1 := &roster.Roster{Federation: "test", Version: 1, Quorum: 1, Members: []roster.Member{un, us}}
	if err := roster.Install(dir, v1); err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, &config.Server{Data: dir, FederationAddr: "127.0.0.1:0", FederationPoll: time.Hour}, Options{Federate: true})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: "ngo", Name: "ngo", Kind: "agency"}, true); err != nil {
		t.Fatal(err)
	}
	ngoUser := func(name string) (*accounts.User, error) {
		return a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: "ngo", Role: access.RoleAdmin,
			Password: "correct horse battery"}, true)
	}
	put := func(r *roster.Roster) {
		t.Helper()
		hash, err := r.Hash()
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Federation.applyRoster(ctx, r, hash); err != nil {
			t.Fatal(err)
		}
	}

	if _, err := ngoUser("ngo-early"); !errors.Is(err, accounts.ErrOtherPartyNode) {
		t.Fatalf("a user of ngo before un hosts it: %v", err)
	}
	v2 := &roster.Roster{Federation: "test", Version: 2, Quorum: 1, Members: []roster.Member{un, us, {Party: "ngo", HostedBy: "un"}}}
	put(v2)
	u, err := ngoUser("ngo-admin")
	if err != nil {
		t.Fatalf("a user of ngo once un hosts it: %v", err)
	}
	if es, err := a.DB.EntriesBySubject(ctx, accounts.UserSubject(u.ID)); err != nil || len(es) != 1 || es[0].Entry.Party != "ngo" {
		t.Fatalf("ngo's user's creation: %d entries, %v", len(es), err)
	}
	tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "test", 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := a.Accounts.AuthenticateToken(ctx, tok.Secret); err != nil || p.Party != "ngo" {
		t.Fatalf("ngo's token: %+v %v", p, err)
	}
	if hosted, err := LoadHosted(dir, "un"); err != nil || !slices.Equal(hosted, []string{"ngo"}) {
		t.Fatalf("the installed roster hosts %v (%v): the next start would differ", hosted, err)
	}

	put(&roster.Roster{Federation: "test", Version: 3, Quorum: 1, Members: []roster.Member{un, us}})
	if _, err := a.Accounts.AuthenticateToken(ctx, tok.Secret); !errors.Is(err, accounts.ErrOtherPartyNode) {
		t.Fatalf("ngo's token once un no longer hosts it: %v", err)
	}
	size := a.Hashes.Size()
	_, err = a.Sequencer.Append(ctx, ledger.Change{Draft: ledger.Draft{Party: "ngo", Author: "ngo-admin", Kind: "test.said",
		Subject: "test:1", Release: access.Releasability{TLP: access.TLPGreen}, Payload: map[string]any{"n": 1}}})
	if !errors.Is(err, ledger.ErrOtherParty) || a.Hashes.Size() != size {
		t.Fatalf("an entry in ngo's name: %v, log %d -> %d", err, size, a.Hashes.Size())
	}
	if got := a.Accounts.NodeParties(); !slices.Equal(got, []string{"un"}) {
		t.Fatalf("node parties %v", got)
	}
}

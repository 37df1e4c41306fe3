package accounts_test

import (
	"context"
	"errors"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/ledger"
)

// recorder is an Appender that notes the drafts it is given, then appends
// them to the real log.
type recorder struct {
	log    accounts.Appender
	drafts []ledger.Draft
}

func (r *recorder) Append(ctx context.Context, changes ...ledger.Change) ([]*ledger.Entry, error) {
	for _, c := range changes {
		r.drafts = append(r.drafts, c.Draft)
	}
	return r.log.Append(ctx, changes...)
}

// TestPartyNodeHoldsOnlyItsParty runs a party node of us over a store that
// also holds a user of ru (created before, as a hosted node would): the
// party node refuses users and tokens of ru, bootstrap or not, appending
// nothing; refuses ru's user a principal (so ru cannot log in or write);
// serves its own party as before; and records the bootstrap's creation of
// another party under its own party's name.
func TestPartyNodeHoldsOnlyItsParty(t *testing.T) {
	ctx := context.Background()
	n := newNode(t, true)
	ruUser, _ := n.user(t, "ru-admin", "ru", access.RoleAdmin)
	usUser, usAdmin := n.user(t, "us-admin", "us", access.RoleAdmin)
	rec := &recorder{log: n.seq}
	svc := accounts.NewService(accounts.Deps{Store: n.db.Access(), Log: rec, Now: n.clock.Now, NodeParty: "us"})

	refusals := []struct {
		name string
		do   func() error
	}{
		{"user of another party by the bootstrap", func() error {
			_, err := svc.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ru-analyst", Party: "ru", Role: access.RoleAnalyst, Password: testPassword}, true)
			return err
		}},
		{"token of another party by the bootstrap", func() error {
			_, err := svc.IssueToken(ctx, access.Public, ruUser.ID, "cli", 0, true)
			return err
		}},
		{"principal of another party's user", func() error {
			_, err := svc.Principal(ctx, ruUser, "token")
			return err
		}},
		{"login of another party's user", func() error {
			_, err := svc.Login(ctx, "ru-admin", testPassword)
			return err
		}},
	}
	for _, tc := range refusals {
		err := tc.do()
		if !errors.Is(err, accounts.ErrOtherPartyNode) || !errors.Is(err, fault.ErrForbidden) {
			t.Errorf("%s: %v, want ErrOtherPartyNode (forbidden)", tc.name, err)
		}
		if msg := fault.ClientMessage(err); msg == "" {
			t.Errorf("%s: no client message in %v", tc.name, err)
		}
	}
	if len(rec.drafts) != 0 {
		t.Fatalf("refusals appended %d entries", len(rec.drafts))
	}

	if _, err := svc.CreateUser(ctx, usAdmin, accounts.NewUser{Username: "us-analyst", Role: access.RoleAnalyst, Password: testPassword}, false); err != nil {
		t.Fatalf("own party's user: %v", err)
	}
	if _, err := svc.IssueToken(ctx, usAdmin, usUser.ID, "cli", 0, false); err != nil {
		t.Fatalf("own party's token: %v", err)
	}
	if _, err := svc.Login(ctx, "us-admin", testPassword); err != nil {
		t.Fatalf("own party's login: %v", err)
	}
	rec.drafts = nil
	if _, err := svc.CreateParty(ctx, access.Public, accounts.NewParty{ID: "ngo", Name: "NGO", Kind: "agency"}, true); err != nil {
		t.Fatal(err)
	}
	if len(rec.drafts) != 1 || rec.drafts[0].Party != "us" {
		t.Fatalf("party created by the bootstrap of us's node logged as %+v, want by party us", rec.drafts)
	}
	if svc.NodeParty() != "us" || n.svc.NodeParty() != "" {
		t.Fatalf("NodeParty: %q and %q", svc.NodeParty(), n.svc.NodeParty())
	}
}

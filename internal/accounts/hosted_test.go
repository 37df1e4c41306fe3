package accounts_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/fault"
	"truce/internal/hosting"
)

// TestPartyNodeHostsParties runs the party node of us hosting ngo: ngo's
// users are created (by the bootstrap and by ngo's own admin), sign in,
// get tokens and write under ngo's own party; ru's are still refused, with
// a message naming the hosted party; a hosted node ignores Hosted.
func TestPartyNodeHostsParties(t *testing.T) {
	ctx := context.Background()
	n := newNode(t, true)
	if _, err := n.svc.CreateParty(ctx, access.Public, accounts.NewParty{ID: "ngo", Name: "NGO", Kind: "agency"}, true); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{log: n.seq}
	svc := accounts.NewService(accounts.Deps{Store: n.db.Access(), Log: rec, Now: n.clock.Now, NodeParty: "us", Hosted: hosting.New([]string{"ngo"})})
	if got := svc.NodeParties(); !slices.Equal(got, []string{"us", "ngo"}) {
		t.Fatalf("NodeParties = %v", got)
	}

	admin, err := svc.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ngo-admin", Party: "ngo", Role: access.RoleAdmin, Password: testPassword}, true)
	if err != nil {
		t.Fatalf("bootstrap of a hosted party's admin: %v", err)
	}
	sess, err := svc.Login(ctx, "ngo-admin", testPassword)
	if err != nil {
		t.Fatalf("login of a hosted party's admin: %v", err)
	}
	p, err := svc.Principal(ctx, admin, "session")
	if err != nil || p.Party != "ngo" || sess == nil {
		t.Fatalf("principal: %+v %v", p, err)
	}
	u, err := svc.CreateUser(ctx, p, accounts.NewUser{Username: "ngo-reporter", Role: access.RoleReporter, Password: testPassword}, false)
	if err != nil {
		t.Fatalf("hosted party's admin creates a user: %v", err)
	}
	if _, err := svc.IssueToken(ctx, p, u.ID, "feed", 0, false); err != nil {
		t.Fatalf("token of a hosted party's user: %v", err)
	}
	for _, d := range rec.drafts {
		if d.Party != "ngo" {
			t.Errorf("%s logged under %q, want the hosted party ngo", d.Kind, d.Party)
		}
	}
	if len(rec.drafts) != 3 {
		t.Fatalf("%d entries, want user, user and token", len(rec.drafts))
	}

	_, err = svc.CreateUser(ctx, access.Public, accounts.NewUser{Username: "ru-analyst", Party: "ru", Role: access.RoleAnalyst, Password: testPassword}, true)
	if !errors.Is(err, accounts.ErrOtherPartyNode) || !strings.Contains(fault.ClientMessage(err), "hosting ngo") {
		t.Fatalf("user of a party neither own nor hosted: %v", err)
	}
	if got := accounts.NewService(accounts.Deps{Store: n.db.Access(), Hosted: hosting.New([]string{"ngo"})}).NodeParties(); got != nil {
		t.Fatalf("a hosted node's NodeParties = %v, want nil", got)
	}
}

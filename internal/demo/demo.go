// Package demo builds truce's illustrative demo scenario: the parties of a
// 2016-style Syrian ceasefire centre (the US and Russia as co-chairs, a UN
// monitoring cell, a humanitarian agency), a user of every role in each, and
// the scenario data that each domain adds. Everything it creates is
// illustrative and labelled so.
package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sync/errgroup"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
)

// Origin is the demo node's log origin.
const Origin = "demo.truce.invalid/centre"

// Parties of the demo centre.
var Parties = []accounts.NewParty{
	{ID: "us", Name: "United States (co-chair)", Kind: "military", CoChair: true},
	{ID: "ru", Name: "Russian Federation (co-chair)", Kind: "military", CoChair: true},
	{ID: "un", Name: "UN monitoring cell", Kind: "un"},
	{ID: "ngo", Name: "Humanitarian agency (illustrative)", Kind: "agency"},
}

// Credential is one demo user's login, as written to demo-credentials.json.
type Credential struct {
	Party    string      `json:"party"`
	Role     access.Role `json:"role"`
	Username string      `json:"username"`
	Password string      `json:"password"`
	Token    string      `json:"token"`
}

// CredentialsFile is the name of the credentials file in the data directory.
const CredentialsFile = "demo-credentials.json"

// Init creates the demo node in dir (which must not hold a node) with its
// first party and admin; Seed fills it once it is open.
func Init(ctx context.Context, dir string) error {
	_, err := app.Init(ctx, app.InitOptions{Dir: dir, Origin: Origin, Party: Parties[2],
		AdminUser: "un-admin", AdminPassword: password("un", access.RoleAdmin)})
	return err
}

// password is the demo password of a user: predictable on purpose, since
// the demo is for trying truce out, never for real use.
func password(party string, role access.Role) string { return "demo-" + party + "-" + string(role) }

// Seed adds the remaining parties, a user of each role in each party with an
// API token, and writes the credentials to dir/demo-credentials.json.
func Seed(ctx context.Context, a *app.App, dir string) ([]Credential, error) {
	for _, p := range Parties {
		if _, err := a.Accounts.Store().Party(ctx, nil, p.ID); err == nil {
			continue
		}
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			return nil, fmt.Errorf("demo: party %s: %w", p.ID, err)
		}
	}
	// Users are created concurrently: password hashing (argon2id) dominates,
	// and the sequencer group-commits the entries.
	creds := make([]Credential, len(Parties)*len(access.Roles))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for i, p := range Parties {
		for j, role := range access.Roles {
			g.Go(func() error {
				name := p.ID + "-" + string(role)
				pw := password(p.ID, role)
				u, err := a.Accounts.Store().UserByName(gctx, nil, name)
				if err != nil {
					u, err = a.Accounts.CreateUser(gctx, access.Public, accounts.NewUser{Username: name, Party: p.ID, Role: role,
						DisplayName: fmt.Sprintf("%s %s (demo)", p.ID, role), Password: pw}, true)
					if err != nil {
						return fmt.Errorf("demo: user %s: %w", name, err)
					}
				}
				tok, err := a.Accounts.IssueToken(gctx, access.Public, u.ID, "demo", 0, true)
				if err != nil {
					return fmt.Errorf("demo: token for %s: %w", name, err)
				}
				creds[i*len(access.Roles)+j] = Credential{Party: p.ID, Role: role, Username: name, Password: pw, Token: tok.Secret}
				return nil
			})
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(creds, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, CredentialsFile), append(b, '\n'), 0o600); err != nil {
		return nil, fmt.Errorf("demo: write credentials: %w", err)
	}
	if err := SeedIncidents(ctx, a); err != nil {
		return nil, err
	}
	if err := SeedNotifications(ctx, a); err != nil { // scenario_notify.go
		return nil, err
	}
	if err := SeedFlights(ctx, a); err != nil { // scenario_flights.go
		return nil, err
	}
	return creds, nil
}

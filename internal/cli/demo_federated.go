package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/demo"
	"truce/internal/federation/roster"
)

// federatedDemoCredential is one user of the federated demo, with the UI
// URL of its party's node (demo-credentials.json).
type federatedDemoCredential struct {
	demo.Credential
	URL string `json:"url"`
}

// demoNode is one party node of the federated demo.
type demoNode struct {
	party   accounts.NewParty
	dir     string
	ui, fed string // listen addresses: the API and UI, the federation listener
}

// runDemoFederated founds a federation of four party nodes (demo.Parties)
// in subdirectories of dir, with users of every role of each node's own
// party, spreads the demo scenario over them (each record on the node of
// the party whose user makes it), and serves all four from this process
// until ctx ends. UI ports are addr's port and the next three (all :0 if
// it is 0); federation listeners take free loopback ports.
func runDemoFederated(ctx context.Context, env *Env, dir, addr string, log *slog.Logger) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: want host:port", addr)
	}
	first, err := strconv.Atoi(port)
	if err != nil {
		return usagef("--addr %q: want a numeric port", addr)
	}
	var nodes []*demoNode
	for i, p := range demo.Parties {
		ui := 0
		if first != 0 {
			ui = first + i
		}
		fed, err := freeLoopbackPort(host)
		if err != nil {
			return err
		}
		nodes = append(nodes, &demoNode{party: p, dir: filepath.Join(dir, p.ID),
			ui: net.JoinHostPort(host, strconv.Itoa(ui)), fed: fed})
	}
	fmt.Fprintf(env.Stderr, "Creating four party nodes in %s …\n", dir)
	r := &roster.Roster{Federation: "truce demo", Version: 1, Quorum: 2}
	var creds []federatedDemoCredential
	for _, n := range nodes {
		card, c, err := foundDemoNode(ctx, n)
		if err != nil {
			return fmt.Errorf("demo node %s: %w", n.party.ID, err)
		}
		r.Members = append(r.Members, card)
		creds = append(creds, c...)
	}
	fmt.Fprintf(env.Stderr, "Adding the demo scenario, each record on the node of the party that makes it …\n")
	centre, err := seedDemoScenario(ctx, nodes)
	if err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	for _, n := range nodes {
		if err := roster.Install(n.dir, r); err != nil {
			return err
		}
	}
	return serveDemoNodes(ctx, env, dir, nodes, creds, centre, log)
}

// seedDemoScenario opens every node (stopped) and adds the demo scenario
// across them (demo.SeedScenario on a federated centre), each step on the
// node of the party whose user takes it; it returns the centre, which
// keeps aside the steps that act on another party's record (they cite it,
// so they wait until the running nodes mirror each other).
func seedDemoScenario(ctx context.Context, nodes []*demoNode) (*demo.Centre, error) {
	apps := map[string]*app.App{}
	for _, n := range nodes {
		a, closeFn, err := openOffline(ctx, n.dir)
		if err != nil {
			return nil, fmt.Errorf("demo node %s: %w", n.party.ID, err)
		}
		defer closeFn()
		apps[n.party.ID] = a
	}
	c := demo.Federated(apps)
	if err := demo.SeedScenario(ctx, c); err != nil {
		return nil, fmt.Errorf("demo scenario: %w", err)
	}
	return c, nil
}

// freeLoopbackPort returns host with a port that was free a moment ago
// (a demo may lose the race for it to another program; it then fails to
// start and says which address).
func freeLoopbackPort(host string) (string, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return "", fmt.Errorf("demo: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// foundDemoNode creates n's party node, the other demo parties and a user
// of every role of its own party with an API token; it returns the node's
// roster card and its users' credentials (URL left empty).
func foundDemoNode(ctx context.Context, n *demoNode) (roster.Member, []federatedDemoCredential, error) {
	pw := func(role access.Role) string { return "demo-" + n.party.ID + "-" + string(role) }
	if _, err := app.Init(ctx, app.InitOptions{Dir: n.dir, Origin: "demo.truce.example/" + n.party.ID, Party: n.party,
		AdminUser: n.party.ID + "-admin", AdminPassword: pw(access.RoleAdmin), Federated: true}); err != nil {
		return roster.Member{}, nil, err
	}
	a, closeFn, err := openOffline(ctx, n.dir)
	if err != nil {
		return roster.Member{}, nil, err
	}
	defer closeFn()
	for _, p := range demo.Parties {
		if p.ID == n.party.ID {
			continue
		}
		if _, err := a.Accounts.CreateParty(ctx, access.Public, p, true); err != nil {
			return roster.Member{}, nil, err
		}
	}
	var creds []federatedDemoCredential
	for _, role := range access.Roles {
		name := n.party.ID + "-" + string(role)
		u, err := a.Accounts.Store().UserByName(ctx, nil, name)
		if err != nil { // every role but the admin Init created
			if u, err = a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: name, Party: n.party.ID, Role: role,
				DisplayName: name + " (demo)", Password: pw(role)}, true); err != nil {
				return roster.Member{}, nil, err
			}
		}
		tok, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, "demo", 0, true)
		if err != nil {
			return roster.Member{}, nil, err
		}
		creds = append(creds, federatedDemoCredential{Credential: demo.Credential{Party: n.party.ID, Role: role,
			Username: name, Password: pw(role), Token: tok.Secret}})
	}
	pn, err := app.LoadPartyNode(n.dir)
	if err != nil {
		return roster.Member{}, nil, err
	}
	card := roster.Member{Party: n.party.ID, Origin: a.Keys.Origin(), LogKey: a.Keys.VerifierKey,
		WitnessKey: pn.Witness.VerifierKey(), TLSPin: pn.TLS.Pin(), URLs: []string{"https://" + n.fed}, CoChair: n.party.CoChair}
	return card, creds, nil
}

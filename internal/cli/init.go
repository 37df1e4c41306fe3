package cli

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"truce/internal/accounts"
	"truce/internal/app"
)

func runInit(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "init", "--origin NAME --party ID --admin USER [flags]", `
Creates a node for real use in --data: its Ed25519 checkpoint key (node.key,
kept secret, and node.vkey, to hand to verifiers and witnesses out of band),
its database, the host party and that party's first admin. Refuses a
directory that already holds a node. The admin's password is read from
TRUCE_ADMIN_PASSWORD or, if unset, from the first line of standard input.

Without --federated the node is hosted: one node holds every party's
record. With --federated it is --party's own node in a federation: it holds
users and tokens of that party only, and gets the key of its embedded
witness (witness.key) and its TLS identity for the federation's mutual TLS
(peer-tls.key, peer-tls.crt); then print its card with 'truce federation
card'.`)
	data := fs.String("data", "truce-data", "data `directory` to create the node in")
	origin := fs.String("origin", "", "the log's origin: a URL-like `name` unique to this node, e.g. truce.example.org/amman")
	party := fs.String("party", "", "`id` of the host party, e.g. un")
	partyName := fs.String("party-name", "", "display `name` of the host party")
	partyKind := fs.String("party-kind", "un", "kind of the host party: military, un, agency or other")
	coChair := fs.Bool("co-chair", false, "the host party is a co-chair")
	federated := fs.Bool("federated", false, "make --party's own node of a federation (a party node) instead of a hosted node")
	admin := fs.String("admin", "", "`username` of the first admin")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *origin == "" || *party == "" || *admin == "" {
		return usagef("--origin, --party and --admin are required")
	}
	password := env.Getenv("TRUCE_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprintln(env.Stderr, "Admin password (at least 10 characters), then Enter:")
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("no admin password: set TRUCE_ADMIN_PASSWORD or type it on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	if *partyName == "" {
		*partyName = *party
	}
	vkey, err := app.Init(ctx, app.InitOptions{Dir: *data, Origin: *origin,
		Party:     accounts.NewParty{ID: *party, Name: *partyName, Kind: *partyKind, CoChair: *coChair},
		AdminUser: *admin, AdminPassword: password, Federated: *federated})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Created node %s in %s.\nVerifier key (give it to witnesses and verifiers out of band):\n%s\nStart it with: truce serve --data %s\n", *origin, *data, vkey, *data)
	if *federated {
		fmt.Fprintf(env.Stdout, "It is the party node of %s. Print its card for the other founders with:\ntruce federation card --data %s --url https://HOST:PORT\n", *party, *data)
	}
	return nil
}

func runKey(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "key", "[--data DIR]", `Prints the node's checkpoint verifier key (C2SP signed-note format), one line.`)
	data := fs.String("data", "truce-data", "data `directory` of the node")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	keys, err := app.LoadNodeKeys(*data)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, keys.VerifierKey)
	return nil
}

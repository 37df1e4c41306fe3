package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"truce/internal/access"
	"truce/internal/accounts"
	"truce/internal/app"
	"truce/internal/config"
)

// openOffline opens a stopped node for administration, holding its lock.
func openOffline(ctx context.Context, data string) (*app.App, func(), error) {
	unlock, err := app.LockDataDir(data)
	if err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, &config.Server{Data: data, Quorum: 0}, app.Options{})
	if err != nil {
		unlock()
		return nil, nil, err
	}
	return a, func() { a.Close(); unlock() }, nil
}

// openWithVerb parses "VERB [flags] [args]" and opens the stopped node in
// *data for the command. It returns flag.ErrHelp after printing the help.
func openWithVerb(ctx context.Context, env *Env, fs *flag.FlagSet, args []string, data *string, verbs ...string) (string, *app.App, func(), error) {
	if len(args) == 0 {
		fs.Usage()
		return "", nil, nil, usagef("want %s", strings.Join(verbs, " or "))
	}
	verb := args[0]
	if verb == "-h" || verb == "--help" {
		return "", nil, nil, parse(fs, env, args)
	}
	if !slices.Contains(verbs, verb) {
		return "", nil, nil, usagef("unknown verb %q: want %s", verb, strings.Join(verbs, " or "))
	}
	if err := parse(fs, env, args[1:]); err != nil {
		return "", nil, nil, err
	}
	a, closeFn, err := openOffline(ctx, *data)
	return verb, a, closeFn, err
}

func runUser(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "user", "add --party ID --role ROLE USERNAME | list --party ID", `
Manages users of a stopped node (a running node is managed through its API:
POST /api/v1/users). The password of a new user is read from TRUCE_PASSWORD.
Roles: observer, reporter, analyst, liaison, admin.`)
	data := fs.String("data", "truce-data", "data `directory` of the node")
	party := fs.String("party", "", "the user's party `id`")
	role := fs.String("role", "observer", "the user's `role`")
	verb, a, closeFn, err := openWithVerb(ctx, env, fs, args, data, "add", "list")
	if err != nil {
		return err
	}
	defer closeFn()
	switch verb {
	case "add":
		if fs.NArg() != 1 || *party == "" {
			return usagef("want: user add --party ID --role ROLE USERNAME")
		}
		pw := env.Getenv("TRUCE_PASSWORD")
		if pw == "" {
			return usagef("set the new user's password in TRUCE_PASSWORD")
		}
		u, err := a.Accounts.CreateUser(ctx, access.Public, accounts.NewUser{Username: fs.Arg(0), Party: *party, Role: access.Role(*role), Password: pw}, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Created user %s (%s, %s of %s).\n", u.Username, u.ID, u.Role, u.Party)
	case "list":
		if *party == "" {
			return usagef("want: user list --party ID")
		}
		us, err := a.Accounts.Store().Users(ctx, *party)
		if err != nil {
			return err
		}
		return json.NewEncoder(env.Stdout).Encode(us)
	}
	return nil
}

func runToken(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "token", "issue --user USERNAME [--name NAME] [--ttl D] | revoke TOKEN-ID", `
Issues or revokes API tokens on a stopped node (a running node: POST
/api/v1/tokens and DELETE /api/v1/tokens/{id}). A new token's secret is
printed once; only its hash is stored.`)
	data := fs.String("data", "truce-data", "data `directory` of the node")
	user := fs.String("user", "", "`username` the token acts for")
	name := fs.String("name", "cli", "what the token is for")
	ttl := fs.Duration("ttl", 0, "lifetime, e.g. 720h (0: no expiry)")
	verb, a, closeFn, err := openWithVerb(ctx, env, fs, args, data, "issue", "revoke")
	if err != nil {
		return err
	}
	defer closeFn()
	switch verb {
	case "issue":
		u, err := a.Accounts.Store().UserByName(ctx, nil, *user)
		if err != nil {
			return fmt.Errorf("user %q: %w", *user, err)
		}
		t, err := a.Accounts.IssueToken(ctx, access.Public, u.ID, *name, *ttl, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s\n", t.Secret)
		fmt.Fprintf(env.Stderr, "Token %s for %s issued at %s; the secret above is shown only once.\n", t.ID, u.Username, time.Now().UTC().Format(time.RFC3339))
	case "revoke":
		if fs.NArg() != 1 {
			return usagef("want: token revoke TOKEN-ID")
		}
		t, err := a.Accounts.Store().Token(ctx, nil, fs.Arg(0))
		if err != nil {
			return err
		}
		u, err := a.Accounts.Store().User(ctx, nil, t.UserID)
		if err != nil {
			return err
		}
		p, err := a.Accounts.Principal(ctx, u, "cli")
		if err != nil {
			return err
		}
		if err := a.Accounts.RevokeToken(ctx, p, t.ID); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Revoked token %s.\n", t.ID)
	}
	return nil
}

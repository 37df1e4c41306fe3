package cli

import (
	"context"
	"encoding/json"
	"fmt"

	"truce/internal/access"
	"truce/internal/accounts"
)

// runParty adds the founding parties of a centre on a stopped node, or
// lists the parties. Once a membership proposal has been made, membership
// changes only by proposal (POST /api/v1/parties): party add refuses.
func runParty(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "party", "add --id ID --name NAME --kind KIND [--co-chair] | list", `
Adds a founding party to a stopped node (after truce init, before the
centre starts work), or lists the parties. Once a membership proposal has
been made, parties join, become or stop being co-chairs and retire only by
proposals that every co-chair agrees to (POST /api/v1/parties,
/api/v1/membership/proposals), and party add refuses.
Kinds: military, un, agency, other.`)
	data := fs.String("data", "truce-data", "data `directory` of the node")
	id := fs.String("id", "", "the party's `id` (2–32 lower-case letters, digits or '-')")
	name := fs.String("name", "", "the party's `name`")
	kind := fs.String("kind", "other", "the party's `kind`")
	coChair := fs.Bool("co-chair", false, "the party is a co-chair")
	verb, a, closeFn, err := openWithVerb(ctx, env, fs, args, data, "add", "list")
	if err != nil {
		return err
	}
	defer closeFn()
	switch verb {
	case "add":
		if *id == "" || *name == "" {
			return usagef("want: party add --id ID --name NAME --kind KIND [--co-chair]")
		}
		ps, err := a.DB.Membership().Proposals(ctx, "")
		if err != nil {
			return err
		}
		if len(ps) > 0 {
			return fmt.Errorf("the centre has membership proposals already (the first: %s): propose the party through the API instead", ps[len(ps)-1].ID)
		}
		p, err := a.Accounts.CreateParty(ctx, access.Public, accounts.NewParty{ID: *id, Name: *name, Kind: *kind, CoChair: *coChair}, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Added founding party %s (%s, co-chair: %t).\n", p.ID, p.Kind, p.CoChair)
	case "list":
		ps, err := a.Accounts.Store().Parties(ctx)
		if err != nil {
			return err
		}
		return json.NewEncoder(env.Stdout).Encode(ps)
	}
	return nil
}

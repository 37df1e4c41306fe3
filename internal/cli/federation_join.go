package cli

import (
	"context"
	"errors"
	"fmt"

	"truce/internal/app"
	"truce/internal/federation/roster"
)

func runFederationJoin(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation join", "--data DIR ROSTER", `
Validates the roster file ROSTER, checks that it lists this party node with
its own origin, log key, witness key and TLS pin, installs it in DIR as
federation.json (atomically; the node must be stopped) and prints its hash.
Compare the hash with the other founders' out of band. Joining again with
the same roster changes nothing; a different roster is refused: once
founded, a roster changes only by a proposal every co-chair's node agrees
to (truce federation propose, then agree). A new member's node joins with
the proposed roster's file.`)
	data := fs.String("data", "truce-data", "data `directory` of the party node")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give one ROSTER file")
	}
	r, err := roster.Load(fs.Arg(0))
	if err != nil {
		return err
	}
	if err := checkSelf(*data, r); err != nil {
		return err
	}
	hash, err := r.Hash()
	if err != nil {
		return err
	}
	unlock, err := app.LockDataDir(*data)
	if err != nil {
		return fmt.Errorf("%w (stop the node before joining)", err)
	}
	defer unlock()
	switch old, err := roster.LoadInstalled(*data); {
	case errors.Is(err, roster.ErrNotInstalled):
	case err != nil:
		return fmt.Errorf("the installed roster: %w", err)
	default:
		oldHash, err := old.Hash()
		if err != nil {
			return err
		}
		if oldHash == hash {
			fmt.Fprintf(env.Stdout, "Roster %q version %d is already installed.\nroster hash %s\n", r.Federation, r.Version, hash)
			return nil
		}
		return fmt.Errorf("%s already holds roster %q version %d (hash %s); a federation's roster changes only by a proposal every co-chair agrees to (truce federation propose, then agree), not by joining again", *data, old.Federation, old.Version, oldHash)
	}
	if err := roster.Install(*data, r); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Installed roster %q version %d (%d members) in %s.\nroster hash %s\nCompare this hash with every other founder's out of band before starting the node.\n",
		r.Federation, r.Version, len(r.Members), *data, hash)
	return nil
}

// checkSelf checks that r lists the party node in dir with its own origin,
// keys and TLS pin, naming the first field that differs.
func checkSelf(dir string, r *roster.Roster) error {
	keys, err := app.LoadNodeKeys(dir)
	if err != nil {
		return err
	}
	pn, err := app.LoadPartyNode(dir)
	if err != nil {
		return err
	}
	m, ok := r.ByParty(pn.Party)
	if !ok {
		return fmt.Errorf("the roster does not list this node's party %q: send the founders this node's card ('truce federation card')", pn.Party)
	}
	if m.Hosted() {
		return fmt.Errorf("the roster has party %q hosted by %q, but this is %q's own node: ask the founders to list this node's card instead", pn.Party, m.HostedBy, pn.Party)
	}
	for _, f := range []struct{ field, roster, node string }{
		{"origin", m.Origin, keys.Origin()},
		{"log_key", m.LogKey, keys.VerifierKey},
		{"witness_key", m.WitnessKey, pn.Witness.VerifierKey()},
		{"tls_pin", m.TLSPin, pn.TLS.Pin()},
	} {
		if f.roster != f.node {
			return fmt.Errorf("the roster's %s for party %q is %q but this node's is %q: the roster was not assembled from this node's card; ask the founders to use it", f.field, pn.Party, f.roster, f.node)
		}
	}
	return nil
}

func runFederationShow(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation show", "--data DIR [--json] | --node URL --token TOKEN [--json]", `
Prints the roster installed in DIR: its name, version, quorum and hash, and
each member (party, co-chair, origin or host, URLs, TLS pin). With --json,
prints the roster itself. With --node, asks the running node instead: the
roster in force, and every roster proposal it holds with who agreed (each
agreement by its index in the co-chair's log), who is missing, and why a
refused one is refused.`)
	data := fs.String("data", "truce-data", "data `directory` of the party node")
	asJSON := fs.Bool("json", false, "print the roster as JSON")
	nf := addNodeFlags(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if nodeSet(fs) {
		return showChanges(ctx, env, nf, *asJSON)
	}
	r, err := roster.LoadInstalled(*data)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(env.Stdout, r)
	}
	hash, err := r.Hash()
	if err != nil {
		return err
	}
	party, err := app.LoadParty(*data)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "federation %q version %d, quorum %d\nroster hash %s\nthis node: party %s\n\n", r.Federation, r.Version, r.Quorum, hash, party)
	return printMembers(env.Stdout, r)
}

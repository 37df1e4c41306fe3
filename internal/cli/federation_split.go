package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"truce/internal/federation/split"
)

func runFederationSplit(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation split", "--data HOSTED_DIR --out DIR --party PARTY=ORIGIN... [--url PARTY=URL...]", `
Turns a stopped hosted node (one node for every party) into a federation:
for each --party it creates that party's node in DIR/PARTY (as 'truce init
--federated' does: log key, witness key, TLS identity, and an admin
PARTY-admin whose password is read from TRUCE_ADMIN_PASSWORD or standard
input) and writes into its new log the party's statements of the hosted
period, each citing its original hosted entry (origin#index:leaf hash).
The first entry of each new log (federation.split) names the hosted log's
last signed checkpoint. Every new node keeps the hosted log as a read-only
archived origin: all its commitments and the contents releasable to its
party only. The hosted node is only read; DIR also gets the hosted
checkpoint and key (hosted-checkpoint, hosted.vkey) for outside checks.

Every party with statements in the hosted log needs a --party. With --url
for every node, it also writes each node's card and roster.json in DIR and
installs the roster in each node; otherwise it prints the commands that
finish the founding. DIR must not exist; nothing is left of it on failure.`)
	data := fs.String("data", "truce-data", "data `directory` of the hosted node (stopped)")
	db := fs.String("db", "", "database `URL` of the hosted node if not its SQLite file (postgres://…)")
	out := fs.String("out", "", "`directory` to create the party nodes in (must not exist)")
	origins, urls := map[string]string{}, map[string]string{}
	fs.Func("party", "a party that gets a node, `PARTY=ORIGIN` with its new log's origin (repeatable)", pairFlag("--party", origins))
	fs.Func("url", "`PARTY=URL`: https base URL of PARTY's federation listener, for its card (repeatable)", pairFlag("--url", urls))
	name := fs.String("name", "truce federation", "the federation's `name`, for the roster written with --url")
	quorum := fs.Int("quorum", 1, "the roster's quorum (`n`), with --url")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *out == "" || len(origins) == 0 {
		return usagef("--out and at least one --party PARTY=ORIGIN are required")
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	password := env.Getenv("TRUCE_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprintln(env.Stderr, "Password of each new node's admin (PARTY-admin, at least 10 characters), then Enter:")
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no admin password: set TRUCE_ADMIN_PASSWORD or type it on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	sum, err := split.Run(ctx, split.Options{Hosted: *data, DB: *db, Out: *out, Origins: origins, URLs: urls,
		Federation: *name, Quorum: *quorum, AdminPassword: password,
		Progress: func(format string, args ...any) { fmt.Fprintf(env.Stderr, format+"\n", args...) }})
	if err != nil {
		return err
	}
	return printSplitSummary(env, *out, sum)
}

// pairFlag parses a repeatable KEY=VALUE flag into m.
func pairFlag(flagName string, m map[string]string) func(string) error {
	return func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" || v == "" {
			return fmt.Errorf("%s: want PARTY=VALUE", flagName)
		}
		if _, dup := m[k]; dup {
			return fmt.Errorf("%s: %s given twice", flagName, k)
		}
		m[k] = v
		return nil
	}
}

func printSplitSummary(env *Env, out string, sum *split.Summary) error {
	w := env.Stdout
	fmt.Fprintf(w, "Split hosted log %s (%d entries; %d of node administration stay in its history).\n", sum.HostedOrigin, sum.HostedSize, sum.Kept)
	for _, n := range sum.Nodes {
		fmt.Fprintf(w, "  %-6s %s in %s: %d statements restated, %d carried, each citing its original; %d hosted entries readable there\n",
			n.Party, n.Origin, n.Dir, n.Restated, n.Carried, n.Archived)
	}
	fmt.Fprintf(w, "Hosted checkpoint and key for outside checks: %s, %s\n",
		filepath.Join(out, split.HostedCheckpointFile), filepath.Join(out, split.HostedKeyFile))
	if sum.Roster != nil {
		fmt.Fprintf(w, "Wrote each node's card and %s, and installed the roster in every node.\nroster hash %s\nGive each node to its party; every party compares the hash out of band, then starts its node with 'truce serve --data DIR'.\n",
			filepath.Join(out, "roster.json"), sum.RosterHash)
		return nil
	}
	fmt.Fprintln(w, "To finish the founding, give each node to its party, then:")
	var cards []string
	for _, n := range sum.Nodes {
		fmt.Fprintf(w, "  truce federation card --data %s --url https://HOST:PORT%s > %s.card.json\n", n.Dir, coChairFlag(n.Card.CoChair), n.Party)
		cards = append(cards, n.Party+".card.json")
	}
	fmt.Fprintf(w, "  truce federation init --name NAME --quorum 1 %s > roster.json\n  truce federation join --data DIR roster.json   # on every node\n", strings.Join(cards, " "))
	return nil
}

func coChairFlag(on bool) string {
	if on {
		return " --co-chair"
	}
	return ""
}

package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"truce/internal/app"
	"truce/internal/federation/roster"
	"truce/internal/strictjson"
)

const federationHelp = `
Founds a federation of party nodes (each created with 'truce init --federated').
Verbs:
  card --data DIR --url URL [--co-chair]
      print this node's member entry (JSON) to send to the other founders
  init --name NAME --quorum Q [--hosted PARTY=HOST] CARD...
      assemble a roster from the members' card files, validate it and print
      it (standard output) and its hash (standard error)
  join --data DIR ROSTER
      check that the roster lists this node with its own origin, keys and
      TLS pin, install it in DIR (node stopped) and print its hash
  show --data DIR [--json] | --node URL --token TOKEN [--json]
      print the installed roster, its hash and each member; with --node, the
      roster in force on the running node and its pending proposals with
      who agreed
  propose --node URL --token TOKEN [--note TEXT] ROSTER
      propose ROSTER as the next version (in force once every co-chair agreed)
  agree --node URL --token TOKEN ID
      log this co-chair's agreement to proposal ID (one it holds verified)
  rotate --data DIR --node URL --token TOKEN [--log-key] [--witness-key] [--tls]
      generate this node's new keys (pending) and propose them as the next
      version; the node switches to them when restarted once it is in force
  evidence --data DIR --id ID
      print a piece of evidence kept against a peer, for truce verify --evidence
  clear --data DIR --peer PARTY --evidence ID
      clear reviewed evidence so that mirroring from PARTY resumes (node stopped)
  split --data HOSTED_DIR --out DIR --party PARTY=ORIGIN... [--url PARTY=URL...]
      turn a stopped hosted node into one party node per party, each log
      holding its party's hosted statements citing their originals
Changes after the founding go by proposal: propose, then agree on every
co-chair's node; each node installs the new roster itself. Every founder
installs the same roster: compare its hash out of band (by
voice, in person) before starting the nodes. Run 'truce federation VERB
--help' for a verb's flags.`

func runFederation(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation", "card|init|join|show|propose|agree|rotate|evidence|clear|split [flags] [args]", federationHelp)
	if len(args) == 0 {
		fs.Usage()
		return usagef("want a verb: card, init, join, show, propose, agree, rotate, evidence, clear or split")
	}
	verbs := map[string]func(context.Context, *Env, []string) error{
		"card": runFederationCard, "init": runFederationInit, "join": runFederationJoin, "show": runFederationShow,
		"evidence": runFederationEvidence, "clear": runFederationClear,
		"propose": runFederationPropose, "agree": runFederationAgree, "rotate": runFederationRotate, "split": runFederationSplit,
	}
	switch verb := args[0]; {
	case verb == "-h" || verb == "--help" || verb == "help":
		fs.Usage()
		return flag.ErrHelp
	case verbs[verb] != nil:
		return verbs[verb](ctx, env, args[1:])
	default:
		return usagef("unknown verb %q: want card, init, join, show, propose, agree, rotate, evidence, clear or split", verb)
	}
}

func runFederationCard(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation card", "--data DIR --url URL [--url URL] [--co-chair]", `
Prints this party node's member entry (its card) as JSON: its party, origin,
log key, witness key and TLS pin from DIR, with the https base URLs where
the other nodes reach its federation listener. Send the card to the other
founders; one of them assembles the roster with 'truce federation init'.`)
	data := fs.String("data", "truce-data", "data `directory` of the party node")
	var urls []string
	fs.Func("url", "https base `URL` of this node's federation listener (repeatable)", func(s string) error {
		urls = append(urls, s)
		return nil
	})
	coChair := fs.Bool("co-chair", false, "this node's party is a co-chair of the centre")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if len(urls) == 0 {
		return usagef("give --url: the https base URL other nodes reach this node's federation listener at")
	}
	keys, err := app.LoadNodeKeys(*data)
	if err != nil {
		return err
	}
	pn, err := app.LoadPartyNode(*data)
	if err != nil {
		return err
	}
	card := roster.Member{Party: pn.Party, Origin: keys.Origin(), LogKey: keys.VerifierKey,
		WitnessKey: pn.Witness.VerifierKey(), TLSPin: pn.TLS.Pin(), URLs: urls, CoChair: *coChair}
	if err := roster.ValidateMember(card); err != nil {
		return usagef("%v", err)
	}
	return printJSON(env.Stdout, card)
}

func runFederationInit(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation init", "--name NAME --quorum Q [--hosted PARTY=HOST] CARD...", `
Assembles a roster (version 1) from the members' card files, in the order
given, validates it and prints it on standard output and its hash on
standard error. A party without a node of its own is added with --hosted:
it is hosted on HOST's node. Quorum is how many cosignatures from other
members' witnesses a peer's checkpoint must carry to be accepted (1 to the
number of nodes less one).`)
	name := fs.String("name", "", "the federation's `name`")
	quorum := fs.Int("quorum", 0, "cosignatures from other members' witnesses a peer checkpoint needs (`n`)")
	var hosted []roster.Member
	fs.Func("hosted", "a party without a node, `PARTY=HOST` hosted on member HOST's node (repeatable)", func(s string) error {
		p, h, ok := strings.Cut(s, "=")
		if !ok || p == "" || h == "" {
			return errors.New("want PARTY=HOST")
		}
		hosted = append(hosted, roster.Member{Party: p, HostedBy: h})
		return nil
	})
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *name == "" || *quorum == 0 || fs.NArg() == 0 {
		return usagef("--name, --quorum and at least one CARD file are required")
	}
	r := &roster.Roster{Federation: *name, Version: 1, Quorum: *quorum}
	for _, path := range fs.Args() {
		m, err := readCard(path)
		if err != nil {
			return err
		}
		r.Members = append(r.Members, m)
	}
	r.Members = append(r.Members, hosted...)
	if err := r.Validate(); err != nil {
		return err
	}
	hash, err := r.Hash()
	if err != nil {
		return err
	}
	if err := printJSON(env.Stdout, r); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "roster hash %s\nEvery founder compares this hash out of band, then runs 'truce federation join'.\n", hash)
	return nil
}

// readCard reads and checks one member card file.
func readCard(path string) (roster.Member, error) {
	var m roster.Member
	f, err := os.Open(path)
	if err != nil {
		return m, fmt.Errorf("card: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return m, fmt.Errorf("card %s: %w", path, err)
	}
	if err := strictjson.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("card %s: %w", path, err)
	}
	if err := roster.ValidateMember(m); err != nil {
		return m, fmt.Errorf("card %s: %w", path, err)
	}
	return m, nil
}

// printJSON writes v indented, with a final newline.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printMembers writes one line per member of r.
func printMembers(w io.Writer, r *roster.Roster) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PARTY\tCO-CHAIR\tNODE\tURLS\tTLS PIN")
	for _, m := range r.Members {
		node, urls, pin := m.Origin, strings.Join(m.URLs, " "), m.TLSPin
		if m.Hosted() {
			node, urls, pin = "hosted by "+m.HostedBy, "-", "-"
		}
		fmt.Fprintf(tw, "%s\t%v\t%s\t%s\t%s\n", m.Party, m.CoChair, node, urls, pin)
	}
	return tw.Flush()
}

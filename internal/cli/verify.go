package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"truce/internal/app"
	"truce/internal/store"
	"truce/internal/verify"
)

func runVerify(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "verify", "--node URL --key KEY [flags] | --deep --data DIR | --evidence FILE --log-key KEY | --federation ROSTER --member PARTY=URL… [--state DIR] [--data DIR]", `
Checks a node from outside, trusting nothing it says: the checkpoint's
signature by --key and cosignatures by a quorum of --witness-key; with
--checkpoint FILE, that the log is consistent with the checkpoint saved there
by an earlier run (the file is created or advanced after a successful check);
with --entry, that those entries are in the log and, with --token, that their
content matches their commitments.

With --deep, checks a stopped node's store offline instead: each entry
against its commitment, the stored tree hashes against a recomputation, the
signed checkpoints against the tree, and every projection table against a
replay of the log. Exits 1 and lists what is wrong if anything is.

With --evidence, checks offline a piece of evidence kept by a federation
mirror (the JSON of GET /federation/v1/evidence/ID) against the peer's
--log-key (and, for a missing quorum, --witness-key and --quorum), and prints
what it proves.

With --federation ROSTER, checks every member of the roster file from
outside, trusting only the roster: for each member with a node, at the public
URL given by --member PARTY=URL, the checkpoint's signature by its log_key
and its origin, cosignatures by the roster's quorum of the other members'
witness keys, and consistency with the checkpoint of that member saved in
--state by the previous run (the first run trusts what it sees, and says so).
A missing quorum, a rollback or a fork is written as evidence to
--state/evidence/ID.json, checkable with 'truce verify --evidence'. With
--data (or --db), also checks that every entry this party's node holds in its
mirror of a member is in that member's signed tree and matches its
commitment. Prints one line per member (PASS or FAIL and why), progress on
stderr, and exits 1 if any member fails.`)
	node := fs.String("node", "", "base `URL` of the node to check")
	trust := addTrustFlags(fs)
	saved := fs.String("checkpoint", "", "`file` with a checkpoint saved earlier (created if missing, advanced after success)")
	token := fs.String("token", "", "API `token` to read entry content with")
	var entries []int64
	fs.Func("entry", "entry `seq` to check (repeatable)", func(s string) error {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not an entry number", s)
		}
		entries = append(entries, n)
		return nil
	})
	evidence := fs.String("evidence", "", "`file` of federation evidence to check offline (with --log-key)")
	logKeyArg := fs.String("log-key", "", "the peer's checkpoint verifier `key` (or @file), with --evidence; same as --key")
	deep := fs.Bool("deep", false, "check a stopped node's store offline (with --data)")
	data := fs.String("data", "", "data `directory` of the node, with --deep; with --federation, this party's node, whose mirrors are checked")
	fed := addFederationFlags(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *evidence != "" {
		if *logKeyArg != "" {
			trust.key = *logKeyArg
		}
		return verifyEvidenceFile(env, *evidence, trust)
	}
	if fed.roster != "" {
		return verifyFederation(ctx, env, fed, *data)
	}
	if *deep {
		if *data == "" {
			return usagef("--deep needs --data DIR")
		}
		return verifyDeep(ctx, env, *data)
	}
	if *node == "" {
		return usagef("give --node URL (or --deep --data DIR, or --federation ROSTER)")
	}
	logKey, wkeys, quorum, err := trust.parse()
	if err != nil {
		return err
	}
	o := verify.RemoteOptions{URL: *node, LogKey: logKey, WitnessKeys: wkeys, Quorum: quorum, Entries: entries, Token: *token,
		Progress: func(s string) { fmt.Fprintln(env.Stderr, s) }}
	if *saved != "" {
		b, err := os.ReadFile(*saved)
		if err == nil {
			o.Saved = b
		} else if !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	res, err := verify.Remote(ctx, o)
	if err != nil {
		return fmt.Errorf("NOT VERIFIED: %w", err)
	}
	if *saved != "" {
		if err := os.WriteFile(*saved, res.Note, 0o644); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "OK: %s has %d entries, root %s, cosigned by %v", res.Checkpoint.Origin, res.Checkpoint.N, res.Checkpoint.Hash, res.Cosigners)
	if res.Consistent {
		fmt.Fprint(env.Stdout, ", consistent with the saved checkpoint")
	}
	fmt.Fprintln(env.Stdout)
	for _, r := range res.EntryReports {
		fmt.Fprintln(env.Stdout, r)
	}
	return nil
}

func verifyDeep(ctx context.Context, env *Env, dir string) error {
	unlock, err := app.LockDataDir(dir)
	if err != nil {
		return err
	}
	defer unlock()
	keys, err := app.LoadNodeKeys(dir)
	if err != nil {
		return err
	}
	db, err := store.OpenSQLite(ctx, filepath.Join(dir, app.DBFile))
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := verify.Deep(ctx, db, keys.Verifier, "", func(s string) { fmt.Fprintln(env.Stderr, s) }, keys.Retired...)
	if err != nil {
		return err
	}
	if rep.OK() {
		fmt.Fprintf(env.Stdout, "OK: %d entries, %d checkpoints, tree and projections match the log\n", rep.Entries, rep.Checkpoints)
		return nil
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(env.Stdout, "TAMPERED OR CORRUPT:", p)
	}
	return fmt.Errorf("%d problem(s) found in %s; restore from a backup ('truce restore') or investigate", len(rep.Problems), dir)
}

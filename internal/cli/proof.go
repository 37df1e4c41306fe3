package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"truce/internal/app"
	"truce/internal/ledger"
	"truce/internal/store"
	"truce/internal/witness"
)

func runProof(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "proof", "--data DIR SEQ > entry.tlog-proof | --verify FILE --key KEY [--witness-key KEY…] | --incident ID --node URL --token TOKEN > bundle.json | --bundle FILE [--key KEY] [--log-key KEY…] [--witness-key KEY…] [--quorum N]", `
Exports entry SEQ as a self-contained C2SP tlog-proof: the entry's canonical
bytes (in the proof's "extra" line), its inclusion proof, and the latest
cosigned checkpoint covering it. Anyone can check it later without the node:
  truce proof --verify entry.tlog-proof --key <node key> --witness-key <…>
(A running node serves the same at GET /api/v1/log/entries/SEQ/proof.)

With --incident, exports the incident's finding as a proof bundle (JSON) from
the running node at --node, as --token may read it: every entry about it the
token's user may read, each with its inclusion proof and the cosigned
checkpoint, the keys, and the rule that gives the finding. With --bundle,
checks such a bundle with no node: signatures, cosignature quorum, inclusion,
and that the finding follows by the rule from the statements it holds:
  truce proof --bundle inc.proof.json --key <node key> --witness-key <…>
A bundle of a federation's node holds statements from several logs: pin
each origin's key with --log-key (repeatable, from the roster), and every
member's witness key with --witness-key.`)
	data := fs.String("data", "truce-data", "data `directory` of the node")
	check := fs.String("verify", "", "verify the proof in `file` instead of exporting one")
	bundle := fs.String("bundle", "", "verify the proof bundle (a joint decision) in `file` instead of exporting an entry")
	incident := fs.String("incident", "", "export incident `ID`'s finding as a proof bundle from the running --node")
	node := addNodeFlags(fs)
	trust := addTrustFlags(fs)
	var logKeys []string
	fs.Func("log-key", "with --bundle: a log's verifier `key` (or @file) accepted besides --key; repeatable (one per origin of a federation's bundle)", func(s string) error {
		logKeys = append(logKeys, s)
		return nil
	})
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if *check != "" {
		return verifyProofFile(env, *check, trust)
	}
	if *bundle != "" {
		return verifyBundleFile(env, *bundle, trust, logKeys)
	}
	if *incident != "" {
		return exportIncidentBundle(ctx, env, node, *incident)
	}
	if fs.NArg() != 1 {
		return usagef("want one entry number")
	}
	seq, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil || seq < 0 {
		return usagef("%q is not an entry number", fs.Arg(0))
	}
	db, err := store.OpenSQLite(ctx, filepath.Join(*data, app.DBFile))
	if err != nil {
		return err
	}
	defer db.Close()
	se, err := db.Entry(ctx, seq)
	if err != nil {
		return fmt.Errorf("entry %d: %w", seq, err)
	}
	cp, err := db.LatestCheckpoint(ctx)
	if err != nil {
		return err
	}
	if cp == nil || cp.N <= seq {
		return fmt.Errorf("no checkpoint covers entry %d yet: wait a second for the running node to sign one, or start the node", seq)
	}
	commitments, hashes, err := db.LoadTree(ctx)
	if err != nil {
		return err
	}
	hs, err := ledger.NewHashStore(commitments, hashes)
	if err != nil {
		return err
	}
	rp, err := tlog.ProveRecord(cp.N, seq, hs)
	if err != nil {
		return err
	}
	p := &ledger.Proof{Extra: se.Canonical, Index: seq, Hashes: rp, Checkpoint: cp.Note()}
	_, err = env.Stdout.Write(p.Format())
	return err
}

func verifyProofFile(env *Env, path string, trust *trustFlags) error {
	logKey, wkeys, quorum, err := trust.parse()
	if err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	p, err := ledger.ParseProof(b)
	if err != nil {
		return fmt.Errorf("NOT VERIFIED: %w", err)
	}
	wcp, cosigs, err := witness.VerifyCosigned(p.Checkpoint, logKey, wkeys, quorum)
	if err != nil {
		return fmt.Errorf("NOT VERIFIED: checkpoint: %w", err)
	}
	cp, err := ledger.ParseCheckpoint(wcp.Body())
	if err != nil {
		return err
	}
	if cp.Origin != logKey.Name() {
		return fmt.Errorf("NOT VERIFIED: checkpoint is for log %q, not %q", cp.Origin, logKey.Name())
	}
	e, err := p.VerifyInclusion(cp)
	if err != nil {
		return fmt.Errorf("NOT VERIFIED: %w", err)
	}
	names := make([]string, len(cosigs))
	for i, c := range cosigs {
		names[i] = c.Signature.Name
	}
	fmt.Fprintf(env.Stdout, "OK: entry %d (%s %s by %s at %s) is in %s at tree size %d, cosigned by [%s]\n",
		e.Seq, e.Kind, e.Subject, e.Party, e.Time, cp.Origin, cp.N, strings.Join(names, ", "))
	return nil
}

package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"

	"truce/internal/proofbundle"
)

// exportIncidentBundle writes incident id's proof bundle, as the node at
// n serves it to n's token, to stdout.
func exportIncidentBundle(ctx context.Context, env *Env, n nodeFlags, id string) error {
	var raw json.RawMessage
	if err := n.call(ctx, "GET", "/api/v1/incidents/"+url.PathEscape(id)+"/proof", nil, &raw); err != nil {
		return fmt.Errorf("proof bundle of %s: %w", id, err)
	}
	if _, err := proofbundle.Parse(raw); err != nil {
		return fmt.Errorf("the node served no valid bundle: %w", err)
	}
	_, err := fmt.Fprintf(env.Stdout, "%s\n", raw)
	return err
}

// verifyBundleFile checks the proof bundle in path with no node, pinning
// the keys and quorum trust gives and the log keys logKeys (any may be
// empty: the bundle's own are then used, which proves only that the
// bundle is consistent), and prints what it proves.
func verifyBundleFile(env *Env, path string, trust *trustFlags, logKeys []string) error {
	var pins proofbundle.Pins
	if trust.key != "" {
		logKeys = append([]string{trust.key}, logKeys...)
	}
	for _, lk := range logKeys {
		k, err := readKeyArg(lk)
		if err != nil {
			return err
		}
		pins.LogKeys = append(pins.LogKeys, k)
	}
	for _, w := range trust.witnessKeys {
		k, err := readKeyArg(w)
		if err != nil {
			return err
		}
		pins.WitnessKeys = append(pins.WitnessKeys, k)
	}
	pins.Quorum = max(trust.quorum, 0)
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read bundle: %w", err)
	}
	b, err := proofbundle.Parse(raw)
	if err != nil {
		return fmt.Errorf("NOT VERIFIED: %w", err)
	}
	v, err := proofbundle.Verify(b, pins)
	if err != nil {
		return fmt.Errorf("NOT VERIFIED: %w", err)
	}
	for _, l := range v.Checkpoints {
		names := make([]string, len(l.Cosignatures))
		for i, c := range l.Cosignatures {
			names[i] = c.Signature.Name + " at " + c.Time.Format("2006-01-02T15:04:05Z")
		}
		fmt.Fprintf(env.Stdout, "log %s (key hash %08x): checkpoint of %d entries, cosigned by [%s]\n", l.Origin, l.KeyHash, l.Size, strings.Join(names, ", "))
	}
	for i, e := range v.Entries {
		s := b.Statements[i]
		fmt.Fprintf(env.Stdout, "  %s#%d %s by %s (%s) at %s\n", s.Origin, s.Index, e.Kind, e.Party, e.Author, e.Time)
	}
	fmt.Fprintf(env.Stdout, "VERIFIED: %s follows by rule %s from these %d statements:\n%s\n", b.Subject, b.Rule, len(v.Entries), v.Outcome)
	if len(pins.LogKeys) == 0 {
		fmt.Fprintln(env.Stdout, "NOTE: no --key or --log-key was given: the log keys are the bundle's own; compare their hashes with the roster's or the node's key")
	}
	return nil
}

package cli

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"truce/internal/api"
	"truce/internal/app"
	"truce/internal/federation/roster"
	"truce/internal/federation/rosterchange"
)

const federationRotateHelp = `
Rotates this party node's own keys by proposal. It generates the new key
files in DIR/` + app.RotationDir + ` (secrets mode 0600, all or none), reads the
roster in force from the running node (--node, the same node) and proposes
the next version with this node's entry changed: the new log_key (the old
one moves to retired_log_keys, so that older checkpoints stay verifiable),
witness_key and tls_pin. The proposal is an entry of this node's own log:
the new keys are announced in a checkpoint signed with the old log key.
Only a member's own node may propose a change of its keys.

When every co-chair has agreed ('truce federation agree'), in any order,
and the change comes into force
on this node, the running node switches to its new witness key and TLS
certificate without a restart, keeping the old files as NAME.retired-vN.
Meanwhile the other nodes accept its old TLS certificate as well as the
new one until they see the new one in use (at most 24 hours), so a node
that is not a co-chair may rotate its certificate too: it learns that the
change is in force from its peers, with its old certificate. A new log
key is switched to when the node starts again: restart it once the other
nodes show the new version in force. A node stopped across the change
switches every key at its next start. If the node refuses the proposal,
the pending files are removed.`

func runFederationRotate(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation rotate", "--data DIR --node URL --token TOKEN [--log-key] [--witness-key] [--tls] [--note TEXT]", federationRotateHelp)
	data := fs.String("data", "truce-data", "data `directory` of this party node (the node --node reaches)")
	nf := addNodeFlags(fs)
	var kinds app.RotationKinds
	fs.BoolVar(&kinds.LogKey, "log-key", false, "rotate the log key that signs this node's checkpoints")
	fs.BoolVar(&kinds.WitnessKey, "witness-key", false, "rotate the key of this node's embedded witness")
	fs.BoolVar(&kinds.TLS, "tls", false, "rotate this node's TLS certificate (its tls_pin)")
	note := fs.String("note", "", "why, for the record")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usagef("rotate takes no arguments")
	}
	if !kinds.LogKey && !kinds.WitnessKey && !kinds.TLS {
		return usagef("name the keys to rotate: --log-key, --witness-key, --tls")
	}
	party, err := app.LoadParty(*data)
	if err != nil {
		return err
	}
	if party == "" {
		return usagef("--data %s is not a party node: only a party node of a federation has keys on a roster", *data)
	}
	keys, err := app.LoadNodeKeys(*data)
	if err != nil {
		return err
	}
	var v api.RosterView
	if err := nf.call(ctx, http.MethodGet, "/api/v1/federation/roster", nil, &v); err != nil {
		return err
	}
	if !v.Federated || v.InForce == nil {
		return fmt.Errorf("the node at %s is not a federated party node", *nf.node)
	}
	cur := v.InForce.Roster
	self, ok := cur.ByParty(party)
	if !ok || self.Hosted() || self.Origin != keys.Origin() {
		return fmt.Errorf("the roster in force on %s does not list %s's node with origin %s: give the --node of the node in --data", *nf.node, party, keys.Origin())
	}
	rot, err := app.PrepareRotation(*data, kinds)
	if err != nil {
		return err
	}
	next := rotated(cur, party, rot)
	var p rosterchange.Proposal
	req := rosterchange.ProposeRequest{Roster: next, Previous: v.InForce.Hash, Note: *note}
	if err := nf.call(ctx, http.MethodPost, "/api/v1/federation/roster/proposals", req, &p); err != nil {
		if derr := app.DiscardRotation(*data); derr != nil {
			return fmt.Errorf("%w; and the pending key files were not removed: %v", err, derr)
		}
		return fmt.Errorf("%w (the new key files were removed)", err)
	}
	var what []string
	for _, kv := range [][2]string{{"log_key", rot.LogKey}, {"witness_key", rot.WitnessKey}, {"tls_pin", rot.TLSPin}} {
		if kv[1] != "" {
			what = append(what, kv[0]+" "+kv[1])
		}
	}
	then := "the node switches to them when the version comes into force on it"
	if kinds.LogKey && !kinds.WitnessKey && !kinds.TLS {
		then = "restart the node once the version is in force on every node to switch to the new log key"
	} else if kinds.LogKey {
		then = "the node switches to the new witness key and TLS certificate when the version comes into force on it; " +
			"restart it once the version is in force on every node to switch to the new log key"
	}
	fmt.Fprintf(env.Stdout, "proposed version %d (roster hash %s) rotating %s's %s\nid %s\nwaiting for: %s\n"+
		"new key files in %s; %s\n",
		p.Version, p.Hash, party, strings.Join(what, ", "), p.ID, orNone(p.Missing), app.RotationDir, then)
	return nil
}

// rotated returns cur at the next version with party's entry carrying the
// new keys of rot; a replaced log key moves to its retired ones.
func rotated(cur *roster.Roster, party string, rot app.Rotation) *roster.Roster {
	next := *cur
	next.Version = cur.Version + 1
	next.Members = slices.Clone(cur.Members)
	for i, m := range next.Members {
		if m.Party != party {
			continue
		}
		if rot.LogKey != "" {
			m.RetiredLogKeys = append(slices.Clone(m.RetiredLogKeys), m.LogKey)
			m.LogKey = rot.LogKey
		}
		if rot.WitnessKey != "" {
			m.WitnessKey = rot.WitnessKey
		}
		if rot.TLSPin != "" {
			m.TLSPin = rot.TLSPin
		}
		next.Members[i] = m
	}
	return &next
}

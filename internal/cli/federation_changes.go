package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"text/tabwriter"

	"truce/internal/api"
	"truce/internal/federation/cite"
	"truce/internal/federation/roster"
	"truce/internal/federation/rosterchange"
)

// nodeFlags are the flags of a verb that calls a running node's API.
type nodeFlags struct {
	node, token *string
}

func addNodeFlags(fs interface {
	String(name, value, usage string) *string
}) nodeFlags {
	return nodeFlags{
		node:  fs.String("node", "http://127.0.0.1:8080", "base `URL` of the running node's API"),
		token: fs.String("token", "", "API `token` of an admin, or of a co-chair's liaison (to write)"),
	}
}

// call sends a JSON request to the node's API and decodes a 2xx answer
// into out; another answer is an error carrying the problem's detail.
func (n nodeFlags) call(ctx context.Context, method, path string, body, out any) error {
	if *n.token == "" {
		return usagef("--token is required")
	}
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(*n.node, "/")+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+*n.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode >= 300 {
		var p struct {
			Title  string `json:"title"`
			Detail string `json:"detail"`
		}
		_ = json.Unmarshal(raw, &p)
		return fmt.Errorf("the node refused (%s): %s", resp.Status, strings.TrimSpace(p.Title+": "+p.Detail))
	}
	return json.Unmarshal(raw, out)
}

func runFederationPropose(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation propose", "--node URL --token TOKEN [--note TEXT] ROSTER", `
Proposes ROSTER (a whole roster file, version exactly the one in force + 1)
as the federation's next roster. The proposal is an entry in this node's log,
released to every member; it comes into force on each node once every
co-chair's node has logged its agreement ('truce federation agree'). Prints
the proposal's id.`)
	nf := addNodeFlags(fs)
	note := fs.String("note", "", "why, for the record")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give one ROSTER file")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	r, err := roster.Parse(data)
	if err != nil {
		return err
	}
	var p rosterchange.Proposal
	if err := nf.call(ctx, http.MethodPost, "/api/v1/federation/roster/proposals", rosterchange.ProposeRequest{Roster: r, Note: *note}, &p); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "proposed version %d (roster hash %s)\nid %s\nwaiting for: %s\n", p.Version, p.Hash, p.ID, strings.Join(p.Missing, ", "))
	return nil
}

func runFederationAgree(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "federation agree", "--node URL --token TOKEN ID", `
Logs, on this co-chair's node, its agreement to the roster proposal ID
(ORIGIN#INDEX or ORIGIN#INDEX:LEAFHASH, as 'truce federation show --node'
prints it). The node agrees only to a proposal it has mirrored and verified,
and only to one proposal per version.`)
	nf := addNodeFlags(fs)
	if err := parse(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give one proposal ID")
	}
	if _, err := cite.Parse(fs.Arg(0)); err != nil {
		return usagef("%v", err)
	}
	var p rosterchange.Proposal
	if err := nf.call(ctx, http.MethodPost, "/api/v1/federation/roster/agreements", api.AgreeRequest{Proposal: fs.Arg(0)}, &p); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "agreed to version %d (%s); still missing: %s\n", p.Version, p.ID, orNone(p.Missing))
	return nil
}

// showChanges prints the roster in force on a running node and the
// proposals it holds, with who agreed.
func showChanges(ctx context.Context, env *Env, nf nodeFlags, asJSON bool) error {
	var v api.RosterView
	if err := nf.call(ctx, http.MethodGet, "/api/v1/federation/roster", nil, &v); err != nil {
		return err
	}
	if asJSON {
		return printJSON(env.Stdout, v)
	}
	if !v.Federated || v.InForce == nil {
		fmt.Fprintln(env.Stdout, "this node is not a federated party node")
		return nil
	}
	r := v.InForce.Roster
	fmt.Fprintf(env.Stdout, "in force: federation %q version %d, quorum %d\nroster hash %s\n\n", r.Federation, r.Version, r.Quorum, v.InForce.Hash)
	if err := printMembers(env.Stdout, r); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nSTATUS\tVERSION\tPROPOSAL\tBY\tAGREED\tMISSING\tREASON")
	for _, list := range [][]rosterchange.Proposal{v.Agreed, v.Pending, v.Refused} {
		for _, p := range list {
			var agreed []string
			for _, a := range p.AgreedBy {
				agreed = append(agreed, a.Party+"@"+fmt.Sprint(a.Entry.Index))
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", p.Status, p.Version, p.ID, p.Proposer, orNone(agreed), orNone(p.Missing), p.Reason)
		}
	}
	return tw.Flush()
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ",")
}

// nodeSet reports whether --node was given (or set from TRUCE_NODE).
func nodeSet(fs *flag.FlagSet) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "node" })
	return set
}

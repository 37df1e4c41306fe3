package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/demo"
)

// serveDemoNodes serves every node of the federated demo from this
// process, each with its federation listener, and once all four listen
// writes the credentials (with each node's URL) and prints each node's
// UI URL with the users who sign in there, and the scenario's steps left
// out (leftOut, by kind). It returns when ctx ends, or with the first
// node's error after stopping the others.
func serveDemoNodes(ctx context.Context, env *Env, dir string, nodes []*demoNode, creds []federatedDemoCredential, leftOut map[string]int, log *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type started struct {
		party, url string
	}
	urls := make(chan started, len(nodes))
	errc := make(chan error, len(nodes))
	for _, n := range nodes {
		cfg := &config.Server{Data: n.dir, Addr: n.ui, FederationAddr: n.fed, FederationPoll: time.Second,
			CheckpointInterval: time.Second, RateLimit: 1000, MaxBody: 8 << 20, LogLevel: "info", LogFormat: "text"}
		if err := cfg.Validate(); err != nil {
			return usagef("%v", err)
		}
		nlog := log.With("node", n.party.ID)
		go func() {
			err := serve(ctx, env, cfg, nlog, app.Options{Logger: nlog, Federate: true}, func(_ *app.App, url string) error {
				urls <- started{n.party.ID, url}
				return nil
			})
			if err != nil {
				err = fmt.Errorf("demo node %s: %w", n.party.ID, err)
			}
			errc <- err
		}()
	}
	byParty := map[string]string{}
	for len(byParty) < len(nodes) {
		select {
		case s := <-urls:
			byParty[s.party] = s.url
		case err := <-errc:
			cancel()
			return stopDemoNodes(errc, len(nodes)-1, err)
		}
	}
	for i := range creds {
		creds[i].URL = byParty[creds[i].Party]
	}
	b, err := json.MarshalIndent(creds, "", "  ")
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, demo.CredentialsFile), append(b, '\n'), 0o600)
	}
	if err != nil {
		cancel()
		return stopDemoNodes(errc, len(nodes), fmt.Errorf("demo: write credentials: %w", err))
	}
	var lines strings.Builder
	for _, n := range nodes {
		var users []string
		for _, c := range creds {
			if c.Party == n.party.ID {
				users = append(users, c.Username)
			}
		}
		fmt.Fprintf(&lines, "  %-4s %s/\n       sign in here: %s\n", n.party.ID, byParty[n.party.ID], strings.Join(users, ", "))
	}
	fmt.Fprintf(env.Stdout, `
truce demo --federated is running: four party nodes, each holding its own party's
records and mirroring the others' (illustrative data only)

%s
  Each node has users of its own party only; a user's password is demo-<username>
  (e.g. us-liaison / demo-us-liaison). Every user's password, token and node:
  %s
  Federation status (any user): GET /api/v1/federation on each node.

  The demo scenario is spread over the nodes: each record is on the node of the party
  whose user made it. %s

Press Ctrl-C to stop.
`, lines.String(), filepath.Join(dir, demo.CredentialsFile), leftOutSummary(leftOut))
	var first error
	for range nodes {
		if err := <-errc; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return first
}

// stopDemoNodes waits for the n nodes still serving to stop (their
// context cancelled) and returns err.
func stopDemoNodes(errc <-chan error, n int, err error) error {
	for range n {
		<-errc
	}
	return err
}

// leftOutSummary says which steps of the scenario the federated demo left
// out, and why.
func leftOutSummary(leftOut map[string]int) string {
	if len(leftOut) == 0 {
		return "No step was left out."
	}
	steps := make([]string, 0, len(leftOut))
	for _, k := range slices.Sorted(maps.Keys(leftOut)) {
		steps = append(steps, fmt.Sprintf("%s (%d)", k, leftOut[k]))
	}
	return "Left out: the steps in which one party acts on\n  another party's record, which need citations across logs (not built yet): " +
		strings.Join(steps, ", ") + "."
}

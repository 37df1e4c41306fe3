package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/demo"
)

// serveDemoNodes serves every node of the federated demo from this
// process, each with its federation listener, and once all four listen
// writes the credentials (with each node's URL) and prints each node's
// UI URL. It returns when ctx ends, or with the first node's error after
// stopping the others.
func serveDemoNodes(ctx context.Context, env *Env, dir string, nodes []*demoNode, creds []federatedDemoCredential, log *slog.Logger) error {
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
		fmt.Fprintf(&lines, "  %-4s %s/   e.g. %s-liaison / demo-%s-liaison\n", n.party.ID, byParty[n.party.ID], n.party.ID, n.party.ID)
	}
	fmt.Fprintf(env.Stdout, `
truce demo --federated is running: four party nodes, each holding its own party's
records and mirroring the others' (illustrative data only)

%s
  Each node has users of its own party only: <party>-<role>, password demo-<party>-<role>
  (roles: observer, reporter, analyst, liaison, admin). Every user's password, token and
  node: %s
  Federation status (any user): GET /api/v1/federation on each node.

Press Ctrl-C to stop.
`, lines.String(), filepath.Join(dir, demo.CredentialsFile))
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

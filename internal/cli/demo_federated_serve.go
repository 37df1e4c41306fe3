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
// on another party's record that centre kept aside, which it then plays
// on the running nodes, each once the acting node's mirrors hold what it
// cites, and says so. It returns when ctx ends, or with the first node's
// error after stopping the others.
func serveDemoNodes(ctx context.Context, env *Env, dir string, nodes []*demoNode, creds []federatedDemoCredential, centre *demo.Centre, log *slog.Logger) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type started struct {
		party, url string
		app        *app.App
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
			err := serve(ctx, env, cfg, nlog, app.Options{Logger: nlog, Federate: true}, func(a *app.App, url string) error {
				urls <- started{n.party.ID, url, a}
				return nil
			})
			if err != nil {
				err = fmt.Errorf("demo node %s: %w", n.party.ID, err)
			}
			errc <- err
		}()
	}
	byParty := map[string]string{}
	apps := map[string]*app.App{}
	for len(byParty) < len(nodes) {
		select {
		case s := <-urls:
			byParty[s.party] = s.url
			apps[s.party] = s.app
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
`, lines.String(), filepath.Join(dir, demo.CredentialsFile), acrossSummary(centre.Across(), centre.LeftOut()))
	go playAcross(ctx, env, centre, apps, log)
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

// acrossSummary says which steps of the scenario wait for the mirrors,
// and which are left out.
func acrossSummary(across, leftOut map[string]int) string {
	out := "No step waits for the mirrors."
	if len(across) > 0 {
		out = "The steps in which one party acts on another party's record cite it, so\n" +
			"  each is taken once the acting node's mirrors hold it: " + stepCounts(across) + "."
	}
	if len(leftOut) > 0 {
		out += "\n  Left out: " + stepCounts(leftOut) + "."
	}
	return out
}

// stepCounts lists steps by kind with their counts.
func stepCounts(steps map[string]int) string {
	out := make([]string, 0, len(steps))
	for _, k := range slices.Sorted(maps.Keys(steps)) {
		out = append(out, fmt.Sprintf("%s (%d)", k, steps[k]))
	}
	return strings.Join(out, ", ")
}

// demoAcrossWait is how long one step across logs may wait for the
// acting node's mirrors (they poll every second) before it is left out.
const demoAcrossWait = 2 * time.Minute

// playAcross plays the steps centre kept aside on the running nodes
// (apps, by party), printing progress every ten steps and a last line
// saying how many were taken and which were left out.
func playAcross(ctx context.Context, env *Env, centre *demo.Centre, apps map[string]*app.App, log *slog.Logger) {
	total := 0
	for _, n := range centre.Across() {
		total += n
	}
	if total == 0 {
		return
	}
	done := 0
	played, leftOut := centre.PlayAcross(ctx, apps, demoAcrossWait, func(string) {
		if done++; done%10 == 0 && done < total {
			fmt.Fprintf(env.Stdout, "  steps across logs: %d of %d taken …\n", done, total)
		}
	}, log)
	if ctx.Err() != nil {
		return
	}
	n := 0
	for _, k := range played {
		n += k
	}
	if len(leftOut) == 0 {
		fmt.Fprintf(env.Stdout, "  All %d steps across logs taken, each citing the record it acts on.\n", n)
	} else {
		fmt.Fprintf(env.Stdout, "  %d of %d steps across logs taken, each citing the record it acts on.\n", n, total)
		fmt.Fprintf(env.Stdout, "  Left out (the mirrors did not hold what they cite within %s): %s.\n", demoAcrossWait, stepCounts(leftOut))
	}
}

package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"truce/internal/app"
	"truce/internal/config"
	"truce/internal/demo"
)

func runDemo(ctx context.Context, env *Env, args []string) error {
	fs := newFlags(env, "demo", "[--addr HOST:PORT] [--data DIR] [--replay | --federated]", `
Runs a node with the illustrative demo scenario, in a fresh data directory:
parties us and ru (co-chairs), un and a humanitarian agency (ngo), a user of
every role in each party (username <party>-<role>, password
demo-<party>-<role>), and an API token for each. Prints how to log in and
writes the credentials to <data>/demo-credentials.json. A witness for each
co-chair runs alongside, so the demo's checkpoints carry cosignatures.
With --federated, runs instead a federation of four party nodes (us, ru,
un, ngo) from this one process, on --addr's port and the next three, each
with users of its own party and a few records, mirroring the others.
Everything in the demo is illustrative. Stop it with Ctrl-C.`)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address` host:port")
	data := fs.String("data", "", "data `directory` (must not hold a node; default: a new temporary directory)")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	replay := fs.Bool("replay", false, replayFlag) // demo_replay.go
	federated := fs.Bool("federated", false, "run four federated party nodes instead of one hosted node (demo_federated.go)")
	if err := parse(fs, env, args); err != nil {
		return err
	}
	dir := *data
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "truce-demo-"); err != nil {
			return err
		}
	}
	if app.DataDirExists(dir) {
		return usagef("%s already holds a node: give a new --data directory, or run 'truce serve --data %s'", dir, dir)
	}
	log := newLogger(env.Stderr, *logLevel, "text")
	if *federated {
		if *replay {
			return usagef("--replay runs on the single-node demo only, not with --federated")
		}
		return runDemoFederated(ctx, env, dir, *addr, log)
	}
	fmt.Fprintf(env.Stderr, "Creating the demo node in %s …\n", dir)
	if err := demo.Init(ctx, dir); err != nil {
		return err
	}
	witnesses, cfgWitnesses, stopWitnesses, err := startDemoWitnesses(ctx, dir, log)
	if err != nil {
		return err
	}
	defer stopWitnesses()
	cfg := &config.Server{Data: dir, Addr: *addr, Witnesses: cfgWitnesses, Quorum: len(cfgWitnesses),
		CheckpointInterval: time.Second, RateLimit: 1000, MaxBody: 8 << 20, LogLevel: *logLevel, LogFormat: "text"}
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err)
	}
	return serve(ctx, env, cfg, log, app.Options{Logger: log, Witnesses: witnesses}, func(a *app.App, url string) error {
		fmt.Fprintln(env.Stderr, "Adding the demo scenario …")
		creds, err := demo.Seed(ctx, a, dir)
		if err != nil {
			return fmt.Errorf("demo scenario: %w", err)
		}
		if _, err := a.Checkpointer.SignNow(ctx); err != nil {
			return fmt.Errorf("demo checkpoint: %w", err)
		}
		if *replay {
			startReplay(ctx, a, log)
		}
		fmt.Fprintf(env.Stdout, `
truce demo is running at %s  (illustrative data only)

  Log in in a browser at %s/ as <party>-<role> with password demo-<party>-<role>,
  e.g. us-liaison / demo-us-liaison. Parties: us, ru (co-chairs), un, ngo.
  Roles: observer, reporter, analyst, liaison, admin.

  API: curl -H "Authorization: Bearer %s" %s/api/v1/me
  Every user's password and token: %s
  Checkpoint (cosigned by the us and ru witnesses): %s/log/checkpoint

Press Ctrl-C to stop.
`, url, url, creds[0].Token, url, filepath.Join(dir, demo.CredentialsFile), url)
		return nil
	})
}

// Package cli implements the truce command: its subcommands, their flags and
// TRUCE_* environment variables, and their help.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"truce/internal/config"
)

// Env is what a command may touch of its process, so that tests can run
// commands in-process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         config.Getenv
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "run a node", runServe},
		{"demo", "run a node with the illustrative demo scenario", runDemo},
		{"init", "create a node for real use", runInit},
		{"federation", "found a federation of party nodes: cards, roster, join, show", runFederation},
		{"party", "add founding parties or list them (node stopped)", runParty},
		{"user", "add users or list them (node stopped)", runUser},
		{"token", "issue or revoke API tokens (node stopped)", runToken},
		{"key", "print the node's checkpoint verifier key", runKey},
		{"verify", "check a node from outside, or a store offline (--deep)", runVerify},
		{"proof", "export an entry as an offline-verifiable C2SP tlog-proof", runProof},
		{"witness", "run a C2SP witness that cosigns a node's checkpoints", runWitness},
		{"backup", "snapshot a node (running or not) into a file", runBackup},
		{"restore", "restore a node from a backup, after verifying it", runRestore},
		{"migrate", "copy a node to another database engine (SQLite to PostgreSQL)", runMigrate},
		{"bench", "measure whole-system figures", runBench},
		{"import", "import incidents from CSV or GeoJSON into a running node", runImport},
		{"import-stix", "import incidents from a STIX 2.1 bundle into a running node", runImportSTIX},
		{"import-zones", "propose zones from KML or GeoJSON to a running node", runImportZones},
		{"sitrep", "fetch the daily situation report of a running node", runSitrep},
		{"ingest", "submit open-source texts, pages or URLs to a running node for review", runIngest},
		{"version", "print the version", runVersion},
		{"completion", "print a bash or zsh completion script", runCompletion},
		{"man", "print the manual page", runMan},
	}
}

// Main runs the truce command with args (without the program name) and
// returns the process exit code: 0 success, 1 failure, 2 usage error.
func Main(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 {
		// Misuse: the usage goes to standard error, so that a script
		// reading standard output does not take it for a result.
		usage(env.Stderr)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 {
			return Main(ctx, env, []string{args[1], "--help"})
		}
		usage(env.Stdout)
		return 0
	case "--version", "-version":
		return Main(ctx, env, append([]string{"version"}, args[1:]...))
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(*usageError)):
			fmt.Fprintf(env.Stderr, "truce %s: %v\nRun 'truce %s --help' for usage.\n", c.name, err, c.name)
			return 2
		default:
			fmt.Fprintf(env.Stderr, "truce %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(env.Stderr, "truce: unknown command %q\nRun 'truce --help' for the commands.\n", args[0])
	return 2
}

func usage(w io.Writer) {
	fmt.Fprint(w, `truce — the shared record of a joint ceasefire-monitoring and deconfliction centre.

Usage: truce <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Every flag can also be set with an environment variable: TRUCE_ and the flag
name in capitals with '-' as '_' (e.g. --data is TRUCE_DATA). Flags win.
Run 'truce <command> --help' for a command's flags.
`)
}

type usageError struct{ error }

func usagef(format string, args ...any) error { return &usageError{fmt.Errorf(format, args...)} }

// newFlags returns a flag set for a command whose help prints synopsis and
// the flags with their environment variables.
func newFlags(env *Env, name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		w := env.Stdout
		fmt.Fprintf(w, "Usage: truce %s %s\n\n%s\n", name, synopsis, strings.TrimSpace(description))
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if len(names) == 0 {
			return
		}
		fmt.Fprintln(w, "\nFlags:")
		sort.Strings(names)
		for _, n := range names {
			f := fs.Lookup(n)
			kind, help := flag.UnquoteUsage(f)
			fmt.Fprintf(w, "  --%s %s\n    \t%s", n, kind, help)
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
				fmt.Fprintf(w, " (default %s)", f.DefValue)
			}
			fmt.Fprintf(w, "\n    \tenv %s\n", config.EnvName(n))
		}
	}
	return fs
}

// parse parses args and applies the environment. --help prints the usage
// and returns flag.ErrHelp.
func parse(fs *flag.FlagSet, env *Env, args []string) error {
	// Flags may come after positional arguments ("bench incidents
	// --incidents 1000"): parse, set the first positional aside, go on.
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err // the flag set has printed the usage
			}
			return usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			positional = append(positional, rest[1:]...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	if len(positional) > 0 {
		if err := fs.Parse(append([]string{"--"}, positional...)); err != nil {
			return usagef("%v", err)
		}
	}
	if err := config.ApplyEnv(fs, env.Getenv); err != nil {
		return usagef("%v", err)
	}
	return nil
}

// newLogger returns a slog logger writing to w at level in format.
func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// OSEnv returns the Env of the running process.
func OSEnv() *Env {
	return &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}
